import type { Handlers } from '../types.ts';
import { sessionDataHandlers } from './data.ts';
import { sessionQueryHandlers } from './queries.ts';
import { slicerHandlers } from './slicer.ts';

/** Handlers of the sessions groups (SessionQueries, SessionData, Slicer), by operationId. */
export const sessionsHandlers: Handlers = {
  ...sessionQueryHandlers,
  ...sessionDataHandlers,
  ...slicerHandlers,
};
