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

// Parsing ISO dates dominates sorting large projects: each distinct string is parsed once.
const parsedTimes = new Map<string, number>();
const timeOf = (value: unknown): SortKey => {
  if (typeof value !== 'string') return undefined;
  let time = parsedTimes.get(value);
  if (time === undefined) {
    time = Date.parse(value);
    if (parsedTimes.size > 1_000_000) parsedTimes.clear();
    parsedTimes.set(value, time);
  }
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
  const descending = options.sort === 'desc';
  const compare = (a: number, b: number) => compareKeys(keys[a], keys[b], descending) || a - b;
  const end = Math.min(start + limit, count);
  return { count, pages: Math.ceil(count / limit), results: firstInOrder(count, end, compare).slice(start).map((index) => units[index]!) };
}

/**
 * The indexes of the first `wanted` of `count` items in order: a full sort when most are wanted, else one
 * pass keeping only the best `wanted` (a page near the start of a large project costs n·log(page), not n·log n).
 */
function firstInOrder(count: number, wanted: number, compare: (a: number, b: number) => number): number[] {
  if (wanted * 8 >= count) {
    const order = Array.from({ length: count }, (_, index) => index);
    return order.sort(compare).slice(0, wanted);
  }
  const best: number[] = [];
  for (let index = 0; index < count; index++) {
    if (best.length === wanted && compare(index, best[wanted - 1]!) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(best[middle]!, index) <= 0) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, index);
    if (best.length > wanted) best.pop();
  }
  return best;
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
