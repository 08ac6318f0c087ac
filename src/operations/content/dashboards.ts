import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import type { Store } from '../../store/store.ts';
import type { JsonRecord, Key } from '../../store/table.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';
import { findInProject, inProject } from './owned.ts';

/** Every widget placed on a dashboard must be a widget of the same project. */
function checkWidgets(store: Store, projectId: Key, list: components['schemas']['DashboardWidget'][]): void {
  list.forEach((item, index) => {
    const widget = store.tables.widgets.get(item.widgetId);
    if (!widget || widget.record.projectId !== projectId)
      fail(400, `widgetId ${item.widgetId} is not a widget of this project`, `/widgetMetadataList/${index}/widgetId`);
  });
}

function checkDateRange(start: unknown, end: unknown): void {
  if (typeof start === 'number' && typeof end === 'number' && start > end)
    fail(400, 'dateStart is after dateEnd', '/dateEnd');
}

/** One default dashboard per project: making one the default clears the flag on the others. */
function clearOtherDefaults(store: Store, projectId: Key, except: Key): void {
  for (const dashboard of inProject(store.tables.dashboards, projectId)) {
    if (dashboard.key !== except && dashboard.record.isDefault === true)
      store.tables.dashboards.update(dashboard.key, { record: { isDefault: false } });
  }
}

/** Custom dashboards of a project. */
export const dashboardOperations = {
  listDashboards: ({ store, target }) => ok(records(inProject(store.tables.dashboards, target.project.key))),

  createDashboard: ({ store, target, principal, body, auditTarget }) => {
    const projectId = target.project.key;
    const widgetMetadataList = body.widgetMetadataList ?? [];
    checkWidgets(store, projectId, widgetMetadataList);
    checkDateRange(body.dateStart, body.dateEnd);
    const table = store.tables.dashboards;
    const id = table.nextKey();
    const row = table.insert({
      id,
      projectId,
      userId: principal?.userId ?? null,
      title: body.title,
      dateRangeKey: body.dateRangeKey ?? null,
      dateStart: body.dateStart ?? null,
      dateEnd: body.dateEnd ?? null,
      isDefault: body.isDefault ?? false,
      widgetMetadataList,
    });
    if (row.record.isDefault === true) clearOtherDefaults(store, projectId, id);
    auditTarget('dashboard', id);
    return ok(row.record);
  },

  updateDashboard: ({ store, target, path, body, auditTarget }) => {
    const projectId = target.project.key;
    const dashboard = findInProject(store.tables.dashboards, path.dashboardId, projectId);
    if (body.widgetMetadataList !== undefined) checkWidgets(store, projectId, body.widgetMetadataList);
    checkDateRange(body.dateStart ?? dashboard.record.dateStart, body.dateEnd ?? dashboard.record.dateEnd);
    const change: JsonRecord = {};
    for (const field of ['title', 'dateRangeKey', 'dateStart', 'dateEnd', 'isDefault', 'widgetMetadataList'] as const) {
      if (body[field] !== undefined) change[field] = body[field];
    }
    const row = store.tables.dashboards.update(dashboard.key, { record: change });
    if (body.isDefault === true) clearOtherDefaults(store, projectId, dashboard.key);
    auditTarget('dashboard', dashboard.key);
    return ok(row.record);
  },

  deleteDashboard: ({ store, target, path, auditTarget }) => {
    const dashboard = findInProject(store.tables.dashboards, path.dashboardId, target.project.key);
    store.tables.dashboards.delete(dashboard.key);
    auditTarget('dashboard', dashboard.key);
    return noContent();
  },
} satisfies Implementations;
