import type { FlowContext } from './context.ts';
import { api, type Flow } from './flow.ts';
import { changedAndReadBack, life } from './life.ts';
import { tenantOf } from '../../principals.ts';

type WidgetState = { id?: number };

/** A widget's life in the writer's project: created, renamed and read back, deleted, gone. */
export function widgetFlow({ file, writer, present }: FlowContext): Flow<WidgetState> | undefined {
  if (!writer || !present('createWidget', 'getWidget', 'updateWidget', 'deleteWidget')) return undefined;
  const widgets = `/projects/${tenantOf(file, writer).projectId}/widgets`;
  const widget = (s: WidgetState) => `${widgets}/${s.id}`;
  return life<WidgetState>({
    name: 'widget life',
    rule: 'flows.widgets',
    principal: writer.name,
    create: {
      title: 'create widget',
      operationId: 'createWidget',
      request: () =>
        api.post(widgets, {
          title: 'c3d contract widget',
          chartType: 'DEFAULT',
          query: { type: 'custom', name: 'c3d-contract', friendlyName: 'Contract sessions' },
        }),
    },
    uses: changedAndReadBack({
      update: 'updateWidget',
      read: 'getWidget',
      path: widget,
      field: 'title',
      value: 'c3d contract widget, renamed',
    }),
    remove: { operationId: 'deleteWidget', request: (s) => api.delete(widget(s)) },
    gone: { operationId: 'getWidget', request: (s) => api.get(widget(s)) },
  });
}
