import type { Handlers } from '../types.ts';
import { exitPollHandlers } from './exitpoll.ts';
import { objectiveHandlers } from './objectives.ts';
import { objectiveResultHandlers } from './results.ts';

/** Handlers of the objectives groups (Objectives and ExitPoll), by operationId. */
export const objectivesHandlers: Handlers = {
  ...objectiveHandlers,
  ...objectiveResultHandlers,
  ...exitPollHandlers,
};
