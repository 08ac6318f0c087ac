import { collectorHandlers } from './collector/index.ts';
import { contentHandlers } from './content/index.ts';
import { objectivesHandlers } from './objectives/index.ts';
import { organizationHandlers } from './organization/index.ts';
import { projectHandlers } from './projects.ts';
import { sessionsHandlers } from './sessions/index.ts';
import type { Handlers } from './types.ts';

/** Every handler, by operationId. */
export const handlers: Handlers = {
  ...organizationHandlers,
  ...projectHandlers,
  ...sessionsHandlers,
  ...objectivesHandlers,
  ...contentHandlers,
  ...collectorHandlers,
};
