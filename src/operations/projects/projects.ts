import { fail } from '../../http/errors.ts';
import { deleteProjectTree } from '../shared/cascade.ts';
import { KeptJson } from '../shared/kept-json.ts';
import { noContent, ok, okJsonText } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { projectStatsReads, projectView, projectViewReads, records, sceneView } from '../shared/views.ts';

const prefixFor = (name: string, id: number) =>
  `auto_cid_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}_${id}`;

/** The answers of `getProject`: an organization's projects, with and without stats, fit several times over. */
const projectAnswers = new KeptJson(256);

/** Projects, their scenes, and the dynamic objects of scene versions. */
export const projectOperations = {
  getProject: ({ store, target, query }) => {
    const stats = query.attachStats === true;
    const reads = stats ? projectStatsReads : projectViewReads;
    return okJsonText(
      projectAnswers.text(store, reads, `project|${target.project.key}|${stats}`, () =>
        projectView(store, target.project, { stats }),
      ),
    );
  },

  createProject: ({ store, body, now, auditTarget }) => {
    const table = store.tables.projects;
    const id = table.nextKey();
    const row = table.insert({
      id,
      organizationId: body.organizationId,
      name: body.name,
      description: body.description ?? null,
      projectType: body.type ?? 'vr',
      enableGeoIp: body.enableGeoIp ?? false,
      enableAi: false,
      hidden: false,
      prefix: prefixFor(body.name, id),
      imageLocation: null,
      categoryGroup: null,
      categories: [],
      sessionTagTypes: [],
      stats: null,
      createdAt: now,
      updatedAt: now,
    });
    auditTarget('project', id);
    return ok(projectView(store, row));
  },

  updateProject: ({ store, target, body, now }) => {
    const { type, categoryIds, ...rest } = body;
    const change: Record<string, unknown> = { ...rest, updatedAt: now };
    if (type !== undefined) change.projectType = type;
    if (categoryIds !== undefined) change.categories = categoryIds.map((id) => ({ id, name: `Category ${id}` }));
    const row = store.tables.projects.update(target.project.key, { record: change });
    return ok(projectView(store, row));
  },

  deleteProject: ({ store, target }) => {
    deleteProjectTree(store, target.project.key);
    return noContent();
  },

  listProjectScenes: ({ store, target, query }) =>
    ok(
      store.tables.scenes
        .children('projectId', target.project.key)
        .map((scene) => sceneView(store, scene, { stats: query.attachStats === true })),
    ),

  getScene: ({ store, target }) => ok(sceneView(store, target.scene, { stats: true })),

  listProjectObjects: ({ store, target }) =>
    ok(
      store.tables.scenes
        .children('projectId', target.project.key)
        .flatMap((scene) => store.tables.sceneVersions.children('sceneId', scene.key))
        .flatMap((version) => records(store.tables.dynamicObjects.children('versionId', version.key))),
    ),

  listVersionObjects: ({ store, target, query }) =>
    ok(
      store.tables.dynamicObjects.children('versionId', target.version.key).map(({ record }) => {
        if (query.includeFiles === true) return record;
        const { files: _files, ...rest } = record;
        return rest;
      }),
    ),

  deleteVersionObject: ({ store, target, path }) => {
    const object = store.tables.dynamicObjects.get(path.objectId);
    if (!object || object.record.versionId !== target.version.key) fail(404, 'Not found');
    store.tables.dynamicObjects.delete(object.key);
    return noContent();
  },
} satisfies Implementations;
