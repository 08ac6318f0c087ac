import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import { evaluateObjectives } from './objective-evaluation.ts';

export interface SessionViewOptions {
  includeEvents?: boolean;
  includeObjectiveData?: boolean;
  /** The scene-scoped variant: adds `sceneId` and `sceneVersionId` for this version. */
  version?: TableRow<'sceneVersions'>;
}

/** A session as the session queries list it. */
export function sessionView(
  store: Store,
  session: TableRow<'sessions'>,
  options: SessionViewOptions = {},
): components['schemas']['Session'] {
  const view: components['schemas']['Session'] = { ...session.record };
  const { version } = options;
  if (version) {
    view.sceneId = version.record.sceneId;
    view.sceneVersionId = version.key;
  }
  if (options.includeEvents) view.events = sessionEvents(session, version);
  if (options.includeObjectiveData) view.objectiveResults = evaluateObjectives(store, session);
  return view;
}

/** A session's events; with a version, those recorded in it. */
export function sessionEvents(
  session: TableRow<'sessions'>,
  version: TableRow<'sceneVersions'> | undefined,
): components['schemas']['Event'][] {
  const events = session.internal.events ?? [];
  return version ? events.filter((event) => event.parentSceneVersionId === version.key) : events;
}

/** Finds a session of a project by its SDK session id; undefined when it is not in that project. */
export function findSession(store: Store, projectId: number, sessionId: string): TableRow<'sessions'> | undefined {
  const session = store.tables.sessions.findUnique('sessionId', sessionId);
  return session && session.record.projectId === projectId ? session : undefined;
}

/** Whether a session recorded data in a scene version. */
export const visitedVersion = (session: TableRow<'sessions'>, versionId: number) =>
  (session.internal.versionIds ?? []).includes(versionId);
