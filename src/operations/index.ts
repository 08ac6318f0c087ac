import { collectorOperations } from './collector/index.ts';
import { contentOperations } from './content/index.ts';
import { objectivesOperations } from './objectives/index.ts';
import { organizationOperations } from './organization/index.ts';
import { projectOperations } from './projects/projects.ts';
import { sessionsOperations } from './sessions/index.ts';
import type { AllImplementations } from './shared/types.ts';

/** Every operation the mock implements, by operationId. */
export const operations = {
  ...organizationOperations,
  ...projectOperations,
  ...sessionsOperations,
  ...objectivesOperations,
  ...contentOperations,
  ...collectorOperations,
} satisfies AllImplementations;
