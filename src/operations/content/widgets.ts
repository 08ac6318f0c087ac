import type { JsonRecord } from '../../store/table.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { findInProject, inProject } from './owned.ts';

/** Widgets: the saved queries dashboards show. */
export const widgetOperations = {
  listWidgets: ({ store, target }) => {
    const widgets = inProject(store.tables.widgets, target.project.key).map((row) => row.record);
    return ok([
      ...widgets.filter((widget) => widget.isPreset === true),
      ...widgets.filter((widget) => widget.isPreset !== true),
    ]);
  },

  createWidget: ({ store, target, principal, body, auditTarget }) => {
    const table = store.tables.widgets;
    const id = table.nextKey();
    const row = table.insert({
      id,
      projectId: target.project.key,
      userId: principal?.userId ?? null,
      title: body.title,
      isPreset: false,
      chartType: body.chartType ?? 'DEFAULT',
      query: body.query,
    });
    auditTarget('widget', id);
    return ok(row.record);
  },

  getWidget: ({ store, target, path }) =>
    ok(findInProject(store.tables.widgets, path.widgetId, target.project.key).record),

  updateWidget: ({ store, target, path, body, auditTarget }) => {
    const widget = findInProject(store.tables.widgets, path.widgetId, target.project.key);
    const change: JsonRecord = {};
    for (const field of ['title', 'chartType', 'query'] as const)
      if (body[field] !== undefined) change[field] = body[field];
    auditTarget('widget', widget.key);
    return ok(store.tables.widgets.update(widget.key, { record: change }).record);
  },

  deleteWidget: ({ store, target, path, auditTarget }) => {
    const projectId = target.project.key;
    const widget = findInProject(store.tables.widgets, path.widgetId, projectId);
    for (const dashboard of inProject(store.tables.dashboards, projectId)) {
      const list = dashboard.record.widgetMetadataList;
      const kept = list.filter((item) => item.widgetId !== widget.key);
      if (kept.length !== list.length)
        store.tables.dashboards.update(dashboard.key, { record: { widgetMetadataList: kept } });
    }
    store.tables.widgets.delete(widget.key);
    auditTarget('widget', widget.key);
    return noContent();
  },
} satisfies Implementations;
