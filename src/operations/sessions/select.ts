import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import { evaluateObjectives } from '../shared/objective-evaluation.ts';
import { inRange, matchesEventFilters, matchesFilters, testValue, type Filter } from '../shared/session-filters.ts';

type UserFilter = components['schemas']['UserFilter'];
type ObjectiveFilter = components['schemas']['ObjectiveFilter'];

/** One session as a query sees it: a project session, or (scene session type) the session in one scene version. */
export interface SessionUnit {
  session: TableRow<'sessions'>;
  version?: TableRow<'sceneVersions'>;
}

export type SessionType = 'project' | 'scene';

export interface Entities {
  scene?: TableRow<'scenes'>;
  version?: TableRow<'sceneVersions'>;
}

interface EntityFilters {
  sceneId?: string;
  versionId?: number | string;
}

/** The scene and version an entity filter names; 404 when either is not in the project (or the version not in the scene). */
export function resolveEntities(
  store: Store,
  projectId: Key,
  filters: EntityFilters & { versionId: number | string },
): Entities & { version: TableRow<'sceneVersions'> };
export function resolveEntities(store: Store, projectId: Key, filters: EntityFilters): Entities;
export function resolveEntities(store: Store, projectId: Key, filters: EntityFilters): Entities {
  const entities: Entities = {};
  if (filters.sceneId !== undefined) {
    entities.scene = store.tables.scenes.get(filters.sceneId);
    if (!entities.scene || entities.scene.record.projectId !== projectId) fail(404, 'Not found');
  }
  if (filters.versionId !== undefined) {
    entities.version = store.tables.sceneVersions.get(Number(filters.versionId));
    const scene = entities.version && store.tables.scenes.get(entities.version.record.sceneId);
    if (!scene || scene.record.projectId !== projectId) fail(404, 'Not found');
    if (entities.scene && entities.scene.key !== scene.key) fail(404, 'Not found');
  }
  return entities;
}

export const versionIdsOf = (session: TableRow<'sessions'>) => session.internal.versionIds ?? [];

/** The version ids an entity filter allows, or undefined for all. */
function allowedVersions(store: Store, entities: Entities): Set<Key> | undefined {
  if (entities.version) return new Set([entities.version.key]);
  if (entities.scene)
    return new Set(store.tables.sceneVersions.children('sceneId', entities.scene.key).map((version) => version.key));
  return undefined;
}

/**
 * The units a query runs over: one per project session, or one per session and scene version visited.
 * The entity filter's scene or version keeps only the sessions (or scene sessions) in it.
 */
export function sessionUnits(
  store: Store,
  sessions: TableRow<'sessions'>[],
  sessionType: SessionType,
  entities: Entities,
): SessionUnit[] {
  const allowed = allowedVersions(store, entities);
  if (sessionType === 'project') {
    return allowed
      ? sessions
          .filter((session) => versionIdsOf(session).some((id) => allowed.has(id)))
          .map((session) => ({ session }))
      : sessions.map((session) => ({ session }));
  }
  const versions = new Map<number, TableRow<'sceneVersions'> | undefined>();
  const versionRow = (id: number) => {
    if (!versions.has(id)) versions.set(id, store.tables.sceneVersions.get(id));
    return versions.get(id);
  };
  const units: SessionUnit[] = [];
  for (const session of sessions) {
    for (const id of versionIdsOf(session)) {
      if (allowed && !allowed.has(id)) continue;
      const version = versionRow(id);
      if (version) units.push({ session, version });
    }
  }
  return units;
}

/** The events of a unit: all of the session's, or those recorded in the unit's scene version. */
export function unitEvents({ session, version }: SessionUnit) {
  const events = session.internal.events ?? [];
  return version ? events.filter((event) => event.parentSceneVersionId === version.key) : events;
}

export interface SelectionFilters {
  sessionFilters?: Filter[];
  eventFilters?: Filter[];
  userFilters?: UserFilter[];
  objectiveFilters?: ObjectiveFilter[];
}

/** Who a session's participant is, for the user filters (sessions without a participant stand alone). */
const participantOf = (session: TableRow<'sessions'>): string =>
  String(
    session.record.participantId ??
      session.record.userKey ??
      session.record.user ??
      session.record.deviceId ??
      `session:${session.record.sessionId}`,
  );

const dateOf = (session: TableRow<'sessions'>) => Date.parse(String(session.record.date));

/** Each participant's session dates (epoch ms), newest first, over every session of the project. */
function participantHistories(sessions: TableRow<'sessions'>[]): Map<string, number[]> {
  const histories = new Map<string, number[]>();
  for (const session of sessions) {
    const key = participantOf(session);
    let dates = histories.get(key);
    if (!dates) histories.set(key, (dates = []));
    dates.push(dateOf(session));
  }
  for (const dates of histories.values()) dates.sort((a, b) => b - a);
  return histories;
}

function matchesUserFilter(dates: number[], filter: UserFilter): boolean {
  if (filter.field === 'sessionDatesArray') {
    // outsideRange asserts that no session falls in the range; every other test is met by any one session.
    if (filter.op === 'outsideRange') return dates.every((date) => inRange(date, filter.min, filter.max) === false);
    if (filter.op === 'neq') return dates.every((date) => testValue(date, filter));
    return dates.some((date) => testValue(date, filter));
  }
  const index = { latestSession: 0, '2ndLatestSession': 1, earliestSession: dates.length - 1 }[filter.field];
  return testValue(dates[index], filter);
}

/** Each session's number among its participant's sessions (1 = the first), over every session of the project. */
export function userSessionNumbers(sessions: TableRow<'sessions'>[]): Map<Key, number> {
  const byParticipant = new Map<string, TableRow<'sessions'>[]>();
  for (const session of sessions) {
    const key = participantOf(session);
    const list = byParticipant.get(key);
    if (list) list.push(session);
    else byParticipant.set(key, [session]);
  }
  const numbers = new Map<Key, number>();
  for (const list of byParticipant.values()) {
    list.sort((a, b) => dateOf(a) - dateOf(b));
    list.forEach((session, index) => {
      numbers.set(session.key, index + 1);
    });
  }
  return numbers;
}

type StepResult = { step: number; result: string; timestamp?: number | string; duration?: number };

const toMillis = (value: unknown) =>
  typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;

/** Whether a session's results for one objective version meet an objective filter (none: never). */
function matchesObjectiveFilter(
  session: TableRow<'sessions'>,
  results: Record<string, StepResult[]>,
  filter: ObjectiveFilter,
): boolean {
  const steps = results[String(filter.objectiveVersionId)];
  if (!steps || steps.length === 0) return false;
  const succeeded = steps.filter((step) => step.result === 'succeeded').length;
  const passed = succeeded === steps.length;
  const test = { op: filter.op ?? 'eq', value: filter.value, min: filter.min, max: filter.max };
  const stepResult = steps.find((step) => step.step === filter.step);
  const start = dateOf(session);
  const end = start + Number(session.record.duration ?? 0);
  const stepTime = stepResult ? toMillis(stepResult.timestamp) : NaN;
  switch (filter.type) {
    case 'passed':
      return passed;
    case 'failed':
      return !passed;
    case 'numStepsCompleted':
      return testValue(succeeded, test);
    case 'percentageStepsCompleted':
      return testValue((100 * succeeded) / steps.length, test);
    case 'stepPassed':
      return stepResult?.result === 'succeeded';
    case 'stepFailed':
      return stepResult?.result !== 'succeeded';
    case 'stepTime':
      return !Number.isNaN(stepTime) && testValue(stepTime - start, test);
    case 'stepTimeToSessionEnd':
      return !Number.isNaN(stepTime) && testValue(end - stepTime, test);
    case 'stepDuration':
      return stepResult?.duration !== undefined && testValue(stepResult.duration, test);
    case 'stepTimeProportion':
      return !Number.isNaN(stepTime) && end > start && testValue((stepTime - start) / (end - start), test);
    default:
      return false;
  }
}

/** Whether any filter of a query is given. */
export const hasFilters = ({
  sessionFilters,
  eventFilters,
  userFilters,
  objectiveFilters,
}: SelectionFilters): boolean =>
  !!(sessionFilters?.length || eventFilters?.length || userFilters?.length || objectiveFilters?.length);

/**
 * A test of every filter on a unit: session filters on the record, event filters on at least one of the
 * unit's events, user filters on the participant's history in the project, objective filters on the
 * session's objective results. `allSessions` gives every session of the project (the user filters' history),
 * read only when there are user filters.
 */
export function unitFilter(
  store: Store,
  filters: SelectionFilters,
  allSessions: () => TableRow<'sessions'>[],
): (unit: SessionUnit) => boolean {
  const { sessionFilters, eventFilters, userFilters, objectiveFilters } = filters;
  const byUser = userFilters?.length ? { userFilters, histories: participantHistories(allSessions()) } : undefined;
  const objectiveResults = new Map<Key, Record<string, StepResult[]>>();
  const resultsOf = (session: TableRow<'sessions'>) => {
    let results = objectiveResults.get(session.key);
    if (!results) objectiveResults.set(session.key, (results = evaluateObjectives(store, session)));
    return results;
  };
  return (unit) => {
    const { session } = unit;
    const events = unit.version && (sessionFilters?.length || eventFilters?.length) ? unitEvents(unit) : undefined;
    if (!matchesFilters(session, sessionFilters, events)) return false;
    if (!matchesEventFilters(session, eventFilters, events)) return false;
    if (
      byUser &&
      !byUser.userFilters.every((filter) =>
        matchesUserFilter(byUser.histories.get(participantOf(session)) ?? [], filter),
      )
    )
      return false;
    if (
      objectiveFilters?.length &&
      !objectiveFilters.every((filter) => matchesObjectiveFilter(session, resultsOf(session), filter))
    )
      return false;
    return true;
  };
}

/** Keeps the units that meet every filter (see `unitFilter`); `allSessions` is every session of the project. */
export function applyFilters(
  store: Store,
  units: SessionUnit[],
  filters: SelectionFilters,
  allSessions: TableRow<'sessions'>[],
): SessionUnit[] {
  return units.filter(unitFilter(store, filters, () => allSessions));
}

export interface Selection {
  all: TableRow<'sessions'>[];
  units: SessionUnit[];
}

/** Every step of a dataset query's selection: the project's sessions, the units of the session type, the filters. */
export function selectSessions(
  store: Store,
  projectId: Key,
  query: SelectionFilters & {
    sessionType?: SessionType;
    entityFilters?: { sceneId?: string; versionId?: number | string };
  },
  options: { honourEntities?: boolean } = {},
): Selection {
  const entities = resolveEntities(store, projectId, query.entityFilters ?? {});
  const all = store.tables.sessions.children('projectId', projectId);
  const sessionType = query.sessionType ?? 'scene';
  const honoured = options.honourEntities === false && sessionType === 'project' ? {} : entities;
  const units = applyFilters(store, sessionUnits(store, all, sessionType, honoured), query, all);
  return { all, units };
}

/** The sessions of a project that visited a scene version and meet the session filters, as scene sessions of that version. */
export function visitedUnits(
  store: Store,
  projectId: Key,
  versionId: number,
  sessionFilters: Filter[] | undefined,
): SessionUnit[] {
  const version = store.tables.sceneVersions.get(versionId);
  const all = store.tables.sessions.children('projectId', projectId);
  return applyFilters(store, sessionUnits(store, all, 'scene', { version }), { sessionFilters }, all);
}
