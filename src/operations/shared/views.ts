import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord, Row } from '../../store/table.ts';

type Schemas = components['schemas'];

/** What responses show of stored rows, composed from their tables. Shared by every operation group. */

export function versionStats(
  store: Store,
  version: TableRow<'sceneVersions'>,
  projectId: number,
): Schemas['SceneVersionStats'] {
  const sessions = store.tables.sessions
    .children('projectId', projectId)
    .filter((session) => session.internal.versionIds?.includes(version.key));
  const durations = sessions.map((session) => Number(session.record.duration ?? 0));
  const total = durations.reduce((sum, duration) => sum + duration, 0);
  const latest =
    sessions
      .map((session) => String(session.record.date))
      .sort()
      .pop() ?? null;
  return {
    latest_session: latest,
    total_session_time: total,
    average_session_duration: sessions.length ? Math.round(total / sessions.length) : 0,
    session_count: sessions.length,
    total_gaze_time: Math.round(total * 0.9),
  };
}

export function sceneView(
  store: Store,
  scene: TableRow<'scenes'>,
  options: { stats?: boolean } = {},
): Schemas['Scene'] {
  const versions: Schemas['SceneVersion'][] = store.tables.sceneVersions
    .children('sceneId', scene.key)
    .map((version) =>
      options.stats
        ? { ...version.record, stats: versionStats(store, version, scene.record.projectId) }
        : version.record,
    );
  return { ...scene.record, versions };
}

/** The tables `projectView` reads (with `stats`, the sessions too). */
export const projectViewReads = ['projects', 'scenes', 'sceneVersions'] as const;
export const projectStatsReads = [...projectViewReads, 'sessions'] as const;

export function projectView(
  store: Store,
  project: TableRow<'projects'>,
  options: { stats?: boolean } = {},
): Schemas['ProjectDetail'] {
  const scenes = store.tables.scenes
    .children('projectId', project.key)
    .map((scene) => sceneView(store, scene, options));
  return { ...project.record, scenes };
}

/** The records of a table's rows. */
export const records = <R extends JsonRecord>(rows: readonly Row<R>[]): R[] => rows.map((row) => row.record);
