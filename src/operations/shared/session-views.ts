import type { Store } from '../../store/store.ts';
import type { JsonRecord, Row } from '../../store/table.ts';
import { evaluateObjectives } from './objective-evaluation.ts';

export interface SessionViewOptions {
  includeEvents?: boolean;
  includeObjectiveData?: boolean;
  /** The scene-scoped variant: adds `sceneId` and `sceneVersionId` for this version. */
  version?: Row;
}

/** A session as the session queries list it. */
export function sessionView(store: Store, session: Row, options: SessionViewOptions = {}): JsonRecord {
  const view: JsonRecord = { ...session.record };
  if (options.version) {
    view.sceneId = options.version.record.sceneId;
    view.sceneVersionId = options.version.key;
  }
  if (options.includeEvents) {
    const events = (session.internal.events as JsonRecord[] | undefined) ?? [];
    view.events = options.version
      ? events.filter((event) => event.parentSceneVersionId === options.version!.key)
      : events;
  }
  if (options.includeObjectiveData) view.objectiveResults = evaluateObjectives(store, session);
  return view;
}

/** Finds a session of a project by its SDK session id; undefined when it is not in that project. */
export function findSession(store: Store, projectId: number, sessionId: string): Row | undefined {
  const session = store.tables.sessions.findUnique('sessionId', sessionId);
  return session && session.record.projectId === projectId ? session : undefined;
}

/** Whether a session recorded data in a scene version. */
export const visitedVersion = (session: Row, versionId: number) =>
  ((session.internal.versionIds as number[] | undefined) ?? []).includes(versionId);
