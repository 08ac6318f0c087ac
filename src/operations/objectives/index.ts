import type { Implementations } from '../shared/types.ts';
import { exitPollOperations } from './exitpoll.ts';
import { objectiveOperations } from './objectives.ts';
import { objectiveResultOperations } from './results.ts';

/** Implementations of the objectives groups (Objectives and ExitPoll), by operationId. */
export const objectivesOperations = {
  ...objectiveOperations,
  ...objectiveResultOperations,
  ...exitPollOperations,
} satisfies Implementations;
