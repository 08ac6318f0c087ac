import type { Implementations } from '../shared/types.ts';
import { sessionDataOperations } from './data.ts';
import { sessionQueryOperations } from './queries.ts';
import { slicerOperations } from './slicer.ts';

/** Implementations of the sessions groups (SessionQueries, SessionData, Slicer), by operationId. */
export const sessionsOperations = {
  ...sessionQueryOperations,
  ...sessionDataOperations,
  ...slicerOperations,
} satisfies Implementations;
