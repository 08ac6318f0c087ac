import type { Implementations } from '../shared/types.ts';
import { abTestOperations } from './ab-tests.ts';
import { dashboardOperations } from './dashboards.ts';
import { mediaOperations } from './media.ts';
import { remoteVariableOperations } from './remote-variables.ts';
import { reviewOperations } from './reviews.ts';
import { widgetOperations } from './widgets.ts';

/** Implementations of the content groups, by operationId. */
export const contentOperations = {
  ...remoteVariableOperations,
  ...abTestOperations,
  ...mediaOperations,
  ...widgetOperations,
  ...dashboardOperations,
  ...reviewOperations,
} satisfies Implementations;
