import type { Handlers } from '../types.ts';
import { abTestHandlers } from './ab-tests.ts';
import { dashboardHandlers } from './dashboards.ts';
import { mediaHandlers } from './media.ts';
import { remoteVariableHandlers } from './remote-variables.ts';
import { reviewHandlers } from './reviews.ts';
import { widgetHandlers } from './widgets.ts';

/** Handlers of the content groups, by operationId. */
export const contentHandlers: Handlers = {
  ...remoteVariableHandlers,
  ...abTestHandlers,
  ...mediaHandlers,
  ...widgetHandlers,
  ...dashboardHandlers,
  ...reviewHandlers,
};
