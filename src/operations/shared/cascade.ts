import type { Store } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import type { TableName } from '../../store/tables.ts';

const deleteChildren = (store: Store, table: TableName, field: string, value: unknown, each?: (key: Key) => void) => {
  for (const row of store.tables[table].children(field, value)) {
    each?.(row.key);
    store.tables[table].delete(row.key);
  }
};

/** Deletes a scene version and what hangs off it. */
export function deleteVersionTree(store: Store, versionId: number): void {
  deleteChildren(store, 'dynamicObjects', 'versionId', versionId);
  store.tables.sceneVersions.delete(versionId);
}

/** Deletes a scene, its versions and their objects. */
export function deleteSceneTree(store: Store, sceneId: string): void {
  deleteChildren(store, 'sceneVersions', 'sceneId', sceneId, (key) => deleteVersionTree(store, key as number));
  store.tables.scenes.delete(sceneId);
}

/** Deletes a project and everything in it: scenes, sessions, content, keys and roles held on it. */
export function deleteProjectTree(store: Store, projectId: number): void {
  deleteChildren(store, 'scenes', 'projectId', projectId, (key) => deleteSceneTree(store, key as string));
  deleteChildren(store, 'media', 'projectId', projectId, (key) =>
    deleteChildren(store, 'pointsOfInterest', 'mediaId', key),
  );
  for (const table of [
    'sessions',
    'objectives',
    'questionSets',
    'exitPollResponses',
    'remoteVariables',
    'remoteConfigurations',
    'abTests',
    'widgets',
    'dashboards',
    'reviews',
    'dataKeys',
  ] as const) {
    deleteChildren(store, table, 'projectId', projectId);
  }
  for (const key of store.tables.developerKeys.all())
    if (key.record.projectId === projectId) store.tables.developerKeys.delete(key.key);
  deleteChildren(store, 'roleAssignments', 'scope', `project:${projectId}`);
  store.tables.projects.delete(projectId);
}
