import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import { KeptJson, pageJsonText } from '../shared/kept-json.ts';
import { ok, okJsonText } from '../shared/results.ts';
import type { Implementations, JsonText } from '../shared/types.ts';
import { filteredName, matchingUnits } from './filtered.ts';
import { orderedUnits, orderingName, type Ordering } from './ordered.ts';
import { hasFilters, resolveEntities, type SessionUnit } from './select.ts';
import { evaluateObjectives } from '../shared/objective-evaluation.ts';
import { findSession, sessionEvents, sessionView, visitedVersion } from '../shared/session-views.ts';

type Schemas = components['schemas'];

/**
 * One page of a query's units, in order, and how many units there are in all: a slice of the project's
 * kept order, or of the kept units of that order that meet the filters.
 */
function pageOf(
  store: Store,
  projectId: Key,
  query: SessionQuery,
): { count: number; results: SessionUnit[]; selection: string } {
  const entities = resolveEntities(store, projectId, query.entityFilters ?? {});
  const ordering: Ordering = {
    sessionType: query.sessionType ?? 'scene',
    entities,
    field: query.orderBy?.fieldName ?? 'date',
    sort: query.sort,
  };
  const ordered = orderedUnits(store, projectId, ordering);
  const filtered = hasFilters(query);
  // What names the units paged, among those kept: the order's, or the filtered units' of it.
  const selection = filtered ? filteredName(projectId, ordering, query) : orderingName(projectId, ordering);
  const units = filtered ? matchingUnits(store, projectId, ordered, query, selection) : ordered;
  const start = query.page * query.limit;
  return { count: units.length, results: units.slice(start, start + query.limit), selection };
}

type SessionQuery = Schemas['SessionListQuery'] &
  Required<Pick<Schemas['SessionListQuery'], 'page' | 'limit' | 'sort'>>;

/** What a page's sessions show: the sessions, the scene versions they visited and the objectives they are judged by. */
const pageReads = ['sessions', 'sceneVersions', 'objectives'] as const;

/** A client's pages back and forth: a page of 100 sessions is about 80 KB, so a few dozen at most. */
const pageTexts = new KeptJson(32);

/**
 * The JSON text of a page's results, kept beside the order it slices (and invalidated with the sessions, versions and
 * objectives it shows): paging back and forth through a large project serialises each page once.
 */
function pageText(
  store: Store,
  projectId: Key,
  query: SessionQuery,
): { count: number; resultsText: JsonText<Schemas['Session'][]> } {
  const { count, results, selection } = pageOf(store, projectId, query);
  const { page, limit, includeEvents, includeAllObjectiveData } = query;
  const name = `page|${selection}|${page}|${limit}|${includeEvents}|${includeAllObjectiveData}`;
  const resultsText = pageTexts.text(store, pageReads, name, (): Schemas['Session'][] =>
    // A project session with nothing attached is its record as it is.
    results.map(({ session, version }) =>
      version || includeEvents || includeAllObjectiveData
        ? sessionView(store, session, { includeEvents, includeObjectiveData: includeAllObjectiveData, version })
        : session.record,
    ),
  );
  return { count, resultsText };
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
    const { count, resultsText } = pageText(store, target.project.key, query);
    const pages = Math.ceil(count / query.limit);
    return okJsonText(pageJsonText(count, pages, query.page, resultsText));
  },

  querySceneSession: ({ store, target, body }) => {
    const query = body;
    const project = target.project;
    const { version } = resolveEntities(store, project.key, { sceneId: query.sceneId, versionId: query.versionId });
    const session = findSession(store, project.key, query.sessionId);
    if (!session || !visitedVersion(session, version.key)) fail(404, 'Not found');
    // The members in the order `sessionView` gives them with events and objective data, typed as the scene session
    // requires them (`events` always there).
    return ok({
      ...sessionView(store, session, { version }),
      events: sessionEvents(session, version),
      objectiveResults: evaluateObjectives(store, session),
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
