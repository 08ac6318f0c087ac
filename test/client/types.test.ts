import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient, createDataClient, type ApiClient } from '../../src/client/index.ts';
import { createMock, type Mock } from '../../src/core/mock.ts';
import type { ApiComponents } from '../../src/types.ts';

// The run-time side of types.compile-checks.ts: the requests the types allow succeed, the one they refuse is
// refused by the mock too, and every answer is checked against the documents (`validateResponses`), so a field
// the documents call required and the mock left out would be a 500 here.
let mock: Mock;
let api: ApiClient;
beforeEach(() => {
  mock = createMock({ validateResponses: true });
  api = createApiClient({ fetch: mock.hosts.api, credential: { orgKey: 'orgkey-ac3e0000000000000000000000000001' } });
});

describe('request fields with a default may be left out', () => {
  it('the session list with entityFilters alone answers the first page of 10 (the defaults)', async () => {
    const { data, response } = await api.POST('/datasets/sessions/paginatedListQueries', {
      body: { entityFilters: { projectId: 1001 } },
    });
    expect(response.status).toBe(200);
    expect(data?.currentPage).toBe(0);
    expect(data?.count).toBe(12);
    expect(data?.pages).toBe(2);
    expect(data?.results).toHaveLength(10);
    // sort: desc (the default), by date.
    const dates = (data?.results ?? []).map((session) => session.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('a widget without chartType is stored with the default, DEFAULT', async () => {
    const { data, response } = await api.POST('/projects/{projectId}/widgets', {
      params: { path: { projectId: 1001 } },
      body: { title: 'Sessions', query: { type: 'custom' } },
    });
    expect(response.status).toBe(200);
    expect(data?.chartType).toBe('DEFAULT');
  });
});

describe('closed bodies refuse unknown fields', () => {
  it('at run time as at compile time: 400 naming the field, nothing changed', async () => {
    // What the @ts-expect-error line of types.compile-checks.ts sends, typed past the check.
    const body = { nme: 'x' } as ApiComponents['schemas']['ProjectUpdate'];
    const { error, response } = await api.PUT('/projects/{projectId}', {
      params: { path: { projectId: 1001 } },
      body,
    });
    expect(response.status).toBe(400);
    expect(error).toEqual({ code: 400, message: 'Invalid body: body/nme is not allowed', field: '/nme' });
    const after = await api.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(after.data?.name).toBe('Acme Training');
  });
});

describe('response fields the mock always sends are required, and sent', () => {
  it('GET /organizations/{organizationId}: projects', async () => {
    const { data } = await api.GET('/organizations/{organizationId}', { params: { path: { organizationId: 101 } } });
    expect(data?.projects.map((project) => project.id)).toEqual([1001, 1002]);
  });

  it('GET, POST and PUT of a project: scenes (empty for a new project), and version stats when asked', async () => {
    const read = await api.GET('/projects/{projectId}', {
      params: { path: { projectId: 1001 }, query: { attachStats: true } },
    });
    expect(read.data?.scenes.map((scene) => scene.sceneName)).toEqual(['Warehouse']);
    const stats = read.data?.scenes[0]?.versions.map((version) => version.stats);
    expect(stats?.map((s) => s && Object.keys(s).sort())).toEqual([
      ['average_session_duration', 'latest_session', 'session_count', 'total_gaze_time', 'total_session_time'],
      ['average_session_duration', 'latest_session', 'session_count', 'total_gaze_time', 'total_session_time'],
    ]);
    const created = await api.POST('/projects', { body: { organizationId: 101, name: 'Empty' } });
    expect(created.data?.scenes).toEqual([]);
    const renamed = await api.PUT('/projects/{projectId}', {
      params: { path: { projectId: 1001 } },
      body: { name: 'Renamed' },
    });
    expect(renamed.data?.scenes).toHaveLength(1);
  });

  it('a scene session: events, warnings (all four flags) and subscriptions', async () => {
    const { data, response } = await api.POST('/datasets/sessions/singleQueries', {
      body: {
        projectId: 1001,
        sceneId: '6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a01',
        sessionId: '1767605400_6826c6e1a9d24f6b',
        versionId: 3002,
      },
    });
    expect(response.status).toBe(200);
    expect(data?.events.length).toBeGreaterThan(0);
    expect(data?.warnings).toEqual({
      positionLimited: false,
      gazeLimited: false,
      fixationsLimited: false,
      eventsLimited: false,
    });
    expect(data?.subscriptions).toEqual([]);
  });

  it('GET /user on the data host: names of the user, the project and the organization', async () => {
    const collector = createDataClient({
      fetch: mock.hosts.data,
      credential: { developerKey: 'de000000000000000000000000000001' },
    });
    const { data } = await collector.GET('/user');
    expect(data && [data.projectName, data.organizationName]).toEqual(['Acme Training', 'Acme VR']);
    expect(data && typeof data.firstName).toBe('string');
  });
});
