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
  for (const version of store.tables.sceneVersions.children('sceneId', sceneId)) deleteVersionTree(store, version.key);
  store.tables.scenes.delete(sceneId);
}

/** Deletes a project and everything in it: scenes, sessions, content, keys and roles held on it. */
export function deleteProjectTree(store: Store, projectId: number): void {
  for (const scene of store.tables.scenes.children('projectId', projectId)) deleteSceneTree(store, scene.key);
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
