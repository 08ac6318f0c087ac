import { fail } from '../../core/http.ts';
import type { components } from '../../generated/api.ts';
import type { Key, Row } from '../../store/table.ts';
import { ok } from '../results.ts';
import type { Handlers } from '../types.ts';
import { resolveEntities, selectSessions, userSessionNumbers, type SessionUnit } from './select.ts';
import { findSession, sessionView, visitedVersion } from './views.ts';

type Schemas = components['schemas'];
type OrderField = NonNullable<Schemas['SessionListQuery']['orderBy']>['fieldName'];
type SortKey = number | string | undefined;

const timeOf = (value: unknown): SortKey => {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? undefined : time;
};

/** How to read each documented order field from a unit; user session numbers are computed once per query. */
function sortKeyReader(field: OrderField, all: Row[]): (unit: SessionUnit) => SortKey {
  switch (field) {
    case 'date':
    case 'endDate':
      return ({ session }) => timeOf(session.record[field]);
    case 'duration':
    case 'createdAt':
      return ({ session }) => (typeof session.record[field] === 'number' ? (session.record[field] as number) : undefined);
    case 'userSessionNumber': {
      const numbers = userSessionNumbers(all);
      return ({ session }) => numbers.get(session.key);
    }
    default:
      return ({ session }) => (session.record[field] === null || session.record[field] === undefined ? undefined : String(session.record[field]));
  }
}

/** Missing values sort last in both directions; ties keep the store's order. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return descending ? -order : order;
}

/**
 * One page of units in the requested order. Only the sort keys and an index are built for the whole
 * selection; nothing is built past the end, and views are made for the page alone by the caller.
 */
export function pageOf(units: SessionUnit[], options: { field: OrderField; sort: 'asc' | 'desc'; page: number; limit: number; all: Row[] }) {
  const { page, limit } = options;
  const count = units.length;
  const start = page * limit;
  if (start >= count) return { count, pages: Math.ceil(count / limit), results: [] as SessionUnit[] };
  const read = sortKeyReader(options.field, options.all);
  const keys = units.map(read);
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  const descending = options.sort === 'desc';
  order.sort((a, b) => compareKeys(keys[a], keys[b], descending) || a - b);
  const results = Array.from(order.subarray(start, Math.min(start + limit, count)), (index) => units[index]!);
  return { count, pages: Math.ceil(count / limit), results };
}

const warningsOf = (session: Row) => ({
  positionLimited: session.record.positionLimited === true,
  gazeLimited: session.record.gazeLimited === true,
  fixationsLimited: session.record.fixationsLimited === true,
  eventsLimited: session.record.eventsLimited === true,
});

/** The session queries: the paginated list, one scene or project session, a participant's sessions. */
export const sessionQueryHandlers: Handlers = {
  querySessions: ({ store, target, body }) => {
    const query = body as Schemas['SessionListQuery'];
    const project = target!.project!;
    const { all, units } = selectSessions(store, project.key, query);
    const { count, pages, results } = pageOf(units, {
      field: query.orderBy?.fieldName ?? 'date',
      sort: query.sort,
      page: query.page,
      limit: query.limit,
      all,
    });
    return ok({
      count,
      pages,
      currentPage: query.page,
      results: results.map(({ session, version }) =>
        sessionView(store, session, { includeEvents: query.includeEvents, includeObjectiveData: query.includeAllObjectiveData, version }),
      ),
    });
  },

  querySceneSession: ({ store, target, body }) => {
    const query = body as Schemas['SingleSessionQuery'];
    const project = target!.project!;
    const { version } = resolveEntities(store, project.key, { sceneId: query.sceneId, versionId: query.versionId });
    const session = findSession(store, project.key as number, query.sessionId);
    if (!session || !visitedVersion(session, version!.key as number)) fail(404, 'Not found');
    return ok({
      ...sessionView(store, session!, { includeEvents: true, includeObjectiveData: true, version }),
      warnings: warningsOf(session!),
      subscriptions: [],
    });
  },

  queryProjectSession: ({ store, target, body }) => {
    const query = body as Schemas['SingleProjectSessionQuery'];
    const session = findSession(store, target!.project!.key as number, query.sessionId);
    if (!session) fail(404, 'Not found');
    const view = sessionView(store, session!, { includeObjectiveData: query.includeObjectiveData });
    if (query.attachSceneSessionData) {
      const properties = (session!.record.properties as Record<string, unknown> | undefined) ?? {};
      const versionIds = (session!.internal.versionIds as number[] | undefined) ?? [];
      view.sceneSessionProperties = Object.fromEntries(versionIds.map((id) => [String(id), { ...properties }]));
      delete view.properties;
    }
    return ok(view);
  },

  queryParticipantSessions: ({ store, target, body }) => {
    const query = body as Schemas['ParticipantSessionsQuery'];
    const sessions: Row[] = [];
    for (const project of store.tables.projects.children('organizationId', target!.organization!.key)) {
      for (const session of store.tables.sessions.children('projectId', project.key as Key)) {
        if (session.record.participantId === query.participantId) sessions.push(session);
      }
    }
    sessions.sort((a, b) => Date.parse(String(b.record.date)) - Date.parse(String(a.record.date)));
    return ok(sessions.map((session) => sessionView(store, session)));
  },
};
