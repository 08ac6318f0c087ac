import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { matchingUnits } from './filtered.ts';
import { orderedUnits, type Ordering } from './ordered.ts';
import { hasFilters, resolveEntities, type SessionUnit } from './select.ts';
import { findSession, sessionView, visitedVersion } from '../shared/session-views.ts';

type Schemas = components['schemas'];

/**
 * One page of a query's units, in order, and how many units there are in all: a slice of the project's
 * kept order, or of the kept units of that order that meet the filters.
 */
function pageOf(
  store: Store,
  projectId: Key,
  query: Schemas['SessionListQuery'] & Required<Pick<Schemas['SessionListQuery'], 'page' | 'limit' | 'sort'>>,
): { count: number; results: SessionUnit[] } {
  const entities = resolveEntities(store, projectId, query.entityFilters ?? {});
  const ordering: Ordering = {
    sessionType: query.sessionType ?? 'scene',
    entities,
    field: query.orderBy?.fieldName ?? 'date',
    sort: query.sort,
  };
  const ordered = orderedUnits(store, projectId, ordering);
  const units = hasFilters(query) ? matchingUnits(store, projectId, ordering, ordered, query) : ordered;
  const start = query.page * query.limit;
  return { count: units.length, results: units.slice(start, start + query.limit) };
}

const warningsOf = (session: TableRow<'sessions'>) => ({
  positionLimited: session.record.positionLimited === true,
  gazeLimited: session.record.gazeLimited === true,
  fixationsLimited: session.record.fixationsLimited === true,
  eventsLimited: session.record.eventsLimited === true,
});

/** The session queries: the paginated list, one scene or project session, a participant's sessions. */
export const sessionQueryOperations = {
  querySessions: ({ store, target, body }) => {
    // The validator has filled the documented defaults; the request type leaves them optional, as callers see it.
    const query = { page: 0, limit: 10, sort: 'desc' as const, ...body };
    const project = target.project;
    const { count, results } = pageOf(store, project.key, query);
    return ok({
      count,
      pages: Math.ceil(count / query.limit),
      currentPage: query.page,
      // A project session with nothing attached is its record as it is: the answer is serialised at once.
      results: results.map(({ session, version }) =>
        version || query.includeEvents || query.includeAllObjectiveData
          ? sessionView(store, session, {
              includeEvents: query.includeEvents,
              includeObjectiveData: query.includeAllObjectiveData,
              version,
            })
          : session.record,
      ),
    });
  },

  querySceneSession: ({ store, target, body }) => {
    const query = body;
    const project = target.project;
    const { version } = resolveEntities(store, project.key, { sceneId: query.sceneId, versionId: query.versionId });
    const session = findSession(store, project.key, query.sessionId);
    if (!session || !visitedVersion(session, version.key)) fail(404, 'Not found');
    return ok({
      ...sessionView(store, session, { includeEvents: true, includeObjectiveData: true, version }),
      warnings: warningsOf(session),
      subscriptions: [],
    });
  },

  queryProjectSession: ({ store, target, body }) => {
    const query = body;
    const session = findSession(store, target.project.key, query.sessionId);
    if (!session) fail(404, 'Not found');
    const view = sessionView(store, session, { includeObjectiveData: query.includeObjectiveData });
    if (query.attachSceneSessionData) {
      const properties = session.record.properties ?? {};
      const versionIds = session.internal.versionIds ?? [];
      view.sceneSessionProperties = Object.fromEntries(versionIds.map((id) => [String(id), { ...properties }]));
      delete view.properties;
    }
    return ok(view);
  },

  queryParticipantSessions: ({ store, target, body }) => {
    const query = body;
    const sessions: TableRow<'sessions'>[] = [];
    for (const project of store.tables.projects.children('organizationId', target.organization.key)) {
      for (const session of store.tables.sessions.children('projectId', project.key)) {
        if (session.record.participantId === query.participantId) sessions.push(session);
      }
    }
    sessions.sort((a, b) => Date.parse(String(b.record.date)) - Date.parse(String(a.record.date)));
    return ok(sessions.map((session) => sessionView(store, session)));
  },
} satisfies Implementations;
