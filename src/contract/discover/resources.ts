import type { Resources } from '../principals.ts';
import type { Clients } from './target.ts';

/**
 * Reads with the first caller that is answered 200: the callers come best first (an admin of the
 * organization before a write key), since some lists (API keys, connections) answer admins only.
 */
export type Read = <T>(
  call: (clients: Clients) => Promise<{ data?: T; error?: unknown; response: Response }>,
  need?: 'read' | 'admin',
) => Promise<T | undefined>;

export interface TenantPlace {
  domainId: number;
  organizationId: number;
  projectId: number;
}

/**
 * A tenant's resources, keyed by the documents' parameter names, each found through the API's own list
 * routes. The picks are the first of each list, but tied together so that every path the suite builds
 * names things that belong together: the version is one of the scene's (its latest with a session), the
 * session one of that version's (its earliest), the objects and the objective that version's where it has
 * any. A list that is empty or that no caller may read leaves its names out, and the suite then aims no
 * operation that needs them at this tenant.
 */
export async function tenantResources(
  place: TenantPlace,
  read: Read,
  hooksOfProject: () => Promise<{ name: string; questionSetId?: string | null }[] | undefined>,
): Promise<Resources> {
  const resources: Resources = { ...place };
  const set: Setter = (name, value) => {
    if (value !== undefined && value !== null && value !== '') resources[name] = value;
  };
  const chosen = await findVersionAndSession(place, read, set);
  await findMediaAndObjective(place, read, set, chosen);
  await findQuestionSet(place, read, set, hooksOfProject);
  await findProjectContent(place, read, set);
  await findOrganizationContent(place, read, set);
  return resources;
}

/** The id of the first record of a list, read with the first caller answered. */
const firstId = async <T extends { id: number }>(
  read: Read,
  call: (clients: Clients) => Promise<{ data?: T[]; error?: unknown; response: Response }>,
  need: 'read' | 'admin' = 'read',
) => (await read(call, need))?.[0]?.id;

/** Records a resource's value under its parameter name; an absent or empty value leaves the name out. */
type Setter = (name: string, value: number | string | null | undefined) => void;

type SceneVersion = { scene: { id: string }; version: { id: number; versionNumber: number } };

/** The scene and version (the latest with a session), that version's earliest session, and its objects. */
async function findVersionAndSession(
  { projectId }: TenantPlace,
  read: Read,
  set: Setter,
): Promise<SceneVersion | undefined> {
  const project = await read(({ api }) => api.GET('/projects/{projectId}', { params: { path: { projectId } } }));
  const scenes =
    project?.scenes ??
    (await read(({ api }) => api.GET('/projects/{projectId}/scenes', { params: { path: { projectId } } }))) ??
    [];
  const candidates = scenes.flatMap((scene) =>
    [...(scene.versions ?? [])]
      .sort((a, b) => b.versionNumber - a.versionNumber)
      .map((version) => ({ scene, version })),
  );
  let chosen = candidates[0];
  for (const candidate of candidates) {
    const page = await read(({ api }) =>
      api.POST('/datasets/sessions/paginatedListQueries', {
        body: {
          page: 0,
          limit: 1,
          sort: 'asc',
          orderBy: { fieldName: 'date', fieldParent: 'session' },
          entityFilters: { projectId, sceneId: candidate.scene.id, versionId: candidate.version.id },
          sessionType: 'project',
          sessionFilters: [],
          eventFilters: [],
          objectiveFilters: [],
          userFilters: [],
          includeEvents: false,
          includeAllObjectiveData: false,
        },
      }),
    );
    const session = page?.results?.[0];
    if (!session) continue;
    chosen = candidate;
    set('sessionId', session.sessionId);
    set('identifier', session.participantId ?? session.userKey ?? session.deviceId);
    break;
  }
  if (chosen) {
    set('sceneId', chosen.scene.id);
    set('versionId', chosen.version.id);
    set('query:version', chosen.version.versionNumber);
    const objects = await read(({ api }) =>
      api.GET('/versions/{versionId}/objects', { params: { path: { versionId: chosen.version.id } } }),
    );
    set('objectId', objects?.[0]?.id);
    set('objectMeshName', objects?.[0]?.meshName);
  }
  return chosen;
}

/** A media item (one with a file when there is one) and an objective, of the chosen version where it has one. */
async function findMediaAndObjective(
  { projectId }: TenantPlace,
  read: Read,
  set: Setter,
  chosen: SceneVersion | undefined,
) {
  const media =
    (await read(({ api }) => api.GET('/projects/{projectId}/media', { params: { path: { projectId } } }))) ?? [];
  const withFile = media.find((item) => item.fileName);
  set('mediaId', (withFile ?? media[0])?.id);
  set('fileName', withFile?.fileName);

  const objectives =
    (await read(({ api }) => api.GET('/projects/{projectId}/objectives', { params: { path: { projectId } } }))) ?? [];
  const objective = objectives.find((o) => chosen && o.sceneVersionId === chosen.version.id) ?? objectives[0];
  set('objectiveId', objective?.id);
  const objectiveVersions = objective?.objectiveVersions ?? [];
  set('objectiveVersionId', (objectiveVersions.find((v) => v.isActive) ?? objectiveVersions.at(-1))?.id);
}

/** An ExitPoll question set, and the hook an SDK asks for it by. */
async function findQuestionSet(
  { projectId }: TenantPlace,
  read: Read,
  set: Setter,
  hooksOfProject: () => Promise<{ name: string; questionSetId?: string | null }[] | undefined>,
) {
  const questionSets =
    (await read(({ api }) => api.GET('/projects/{projectId}/questionSets', { params: { path: { projectId } } }))) ?? [];
  const questionSet = questionSets[0];
  if (questionSet) {
    set('name', questionSet.name);
    set('version', questionSet.version);
    set('questionSetName', questionSet.name);
    set('questionSetVersion', questionSet.version);
    const responses = await read(({ api }) =>
      api.GET('/projects/{projectId}/questionSets/{name}/{version}/responses', {
        params: { path: { projectId, name: questionSet.name, version: questionSet.version } },
      }),
    );
    // The hook an SDK asks for: the one the set's answers came through, else the one the editor lists for it.
    const hooks = responses?.results?.[0]?.hook ? undefined : await hooksOfProject();
    set('hook', responses?.results?.[0]?.hook ?? hooks?.find((hook) => hook.questionSetId === questionSet.id)?.name);
  }
}

/** The first of each of the project's content lists: remote variables and configurations, A/B tests, widgets, dashboards. */
async function findProjectContent({ projectId }: TenantPlace, read: Read, set: Setter) {
  set(
    'remoteVariableId',
    await firstId(read, ({ api }) =>
      api.GET('/projects/{projectId}/remoteVariables', { params: { path: { projectId } } }),
    ),
  );
  set(
    'remoteConfigurationId',
    await firstId(read, ({ api }) =>
      api.GET('/projects/{projectId}/remoteConfigurations', { params: { path: { projectId } } }),
    ),
  );
  set(
    'abTestId',
    await firstId(read, ({ api }) => api.GET('/projects/{projectId}/abTests', { params: { path: { projectId } } })),
  );
  set(
    'widgetId',
    await firstId(read, ({ api }) => api.GET('/projects/{projectId}/widgets', { params: { path: { projectId } } })),
  );
  set(
    'dashboardId',
    await firstId(read, ({ api }) => api.GET('/projects/{projectId}/dashboards', { params: { path: { projectId } } })),
  );
}

/** The organization's: a tag, a member, an API key (one not revoked, if any) and a connection. */
async function findOrganizationContent({ organizationId, projectId }: TenantPlace, read: Read, set: Setter) {
  const tags = await read(({ api }) =>
    api.GET('/organizations/{organizationId}/tags', { params: { path: { organizationId } } }),
  );
  set('tagName', tags?.[0]?.title);

  // A member whose role the matrix's (refused) member writes name: one without admin rights is preferred,
  // so that a target that wrongly accepted such a write would not take an admin's role away.
  const projectMembers =
    (await read(({ api }) => api.GET('/projects/{projectId}/members', { params: { path: { projectId } } }))) ?? [];
  const organizationMembers =
    (await read(({ api }) =>
      api.GET('/organizations/{organizationId}/members', { params: { path: { organizationId } } }),
    )) ?? [];
  const member = [projectMembers, organizationMembers]
    .map((members) => members.find((m) => m.role !== 'admin') ?? members[0])
    .find((m) => m !== undefined);
  set('userId', member?.userId);

  const keys =
    (await read(
      ({ api }) => api.GET('/organizations/{organizationId}/apiKeys', { params: { path: { organizationId } } }),
      'admin',
    )) ?? [];
  set('apiKeyId', (keys.find((key) => !key.revoked) ?? keys[0])?.id);
  set(
    'connectionId',
    await firstId(
      read,
      ({ api }) => api.GET('/organizations/{organizationId}/connections', { params: { path: { organizationId } } }),
      'admin',
    ),
  );
}
