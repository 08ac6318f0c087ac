import { projectHandlers } from './projects.ts';
import type { Handlers } from './types.ts';

/** Every handler, by operationId. */
export const handlers: Handlers = {
  ...projectHandlers,
};
