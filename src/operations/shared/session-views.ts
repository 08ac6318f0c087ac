import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { evaluateObjectives } from './objective-evaluation.ts';

export interface SessionViewOptions {
  includeEvents?: boolean;
  includeObjectiveData?: boolean;
  /** The scene-scoped variant: adds `sceneId` and `sceneVersionId` for this version. */
  version?: TableRow<'sceneVersions'>;
}

/** A session as the session queries list it. */
export function sessionView(store: Store, session: TableRow<'sessions'>, options: SessionViewOptions = {}): JsonRecord {
  const view: JsonRecord = { ...session.record };
  const { version } = options;
  if (version) {
    view.sceneId = version.record.sceneId;
    view.sceneVersionId = version.key;
  }
  if (options.includeEvents) {
    const events = session.internal.events ?? [];
    view.events = version ? events.filter((event) => event.parentSceneVersionId === version.key) : events;
  }
  if (options.includeObjectiveData) view.objectiveResults = evaluateObjectives(store, session);
  return view;
}

/** Finds a session of a project by its SDK session id; undefined when it is not in that project. */
export function findSession(store: Store, projectId: number, sessionId: string): TableRow<'sessions'> | undefined {
  const session = store.tables.sessions.findUnique('sessionId', sessionId);
  return session && session.record.projectId === projectId ? session : undefined;
}

/** Whether a session recorded data in a scene version. */
export const visitedVersion = (session: TableRow<'sessions'>, versionId: number) =>
  (session.internal.versionIds ?? []).includes(versionId);
