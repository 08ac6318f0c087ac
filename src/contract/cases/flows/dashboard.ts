import type { Answer } from '../../model.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow } from './flow.ts';
import { life, listedIn } from './life.ts';
import { tenantOf } from '../../principals.ts';

type DashboardState = { id?: number };

/** A dashboard's life in the writer's project, seen through the list: created, renamed, deleted, unlisted. */
export function dashboardFlow({ file, writer, present }: FlowContext): Flow<DashboardState> | undefined {
  if (!writer || !present('createDashboard', 'listDashboards', 'updateDashboard', 'deleteDashboard')) return undefined;
  const dashboards = `/projects/${tenantOf(file, writer).projectId}/dashboards`;
  const listed = (answer: Answer, s: DashboardState) => listedIn(answer, 'id', s.id);
  return life<DashboardState>({
    name: 'dashboard life',
    rule: 'flows.dashboards',
    principal: writer.name,
    create: {
      title: 'create a dashboard',
      operationId: 'createDashboard',
      request: () =>
        api.post(dashboards, { title: 'c3d contract dashboard', dateRangeKey: '30D', widgetMetadataList: [] }),
    },
    uses: [
      {
        title: 'rename it',
        operationId: 'updateDashboard',
        request: (s) => api.put(`${dashboards}/${s.id}`, { title: 'c3d contract dashboard, renamed' }),
        check: (answer) => expectStatus(answer, 200),
      },
      {
        title: 'the list shows the new title',
        operationId: 'listDashboards',
        request: () => api.get(dashboards),
        check: (answer, s) =>
          expectStatus(answer, 200) ??
          (listed(answer, s)?.title === 'c3d contract dashboard, renamed' ? undefined : 'the title listed differs'),
      },
    ],
    remove: { operationId: 'deleteDashboard', request: (s) => api.delete(`${dashboards}/${s.id}`) },
    gone: {
      title: 'it is no longer listed',
      operationId: 'listDashboards',
      request: () => api.get(dashboards),
      check: (answer, s) => expectStatus(answer, 200) ?? (listed(answer, s) ? 'still listed' : undefined),
    },
  });
}
