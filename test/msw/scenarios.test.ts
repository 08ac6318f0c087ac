// The README's scenarios ("In-process: MSW in Node and the browser", "Scenarios"): per-test data through
// `mock.db`, the typed client and `login`, and one answer forced to fail with `server.use`. Each test is the
// README's code, with every status and body asserted exactly.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, login } from '../../src/client/index.ts';
import { createHandlers } from '../../src/msw/handlers.ts';
import type { ApiComponents } from '../../src/types.ts';

// At module scope, as an app makes them: the clients look `fetch` up on each request, so MSW still answers.
const api = createApiClient({ credential: { orgKey: 'orgkey-ac3e0000000000000000000000000002' } }); // Acme, read
const writer = createApiClient({ credential: { orgKey: 'orgkey-ac3e0000000000000000000000000001' } }); // Acme, write
const user = createApiClient(); // logs in with `login`

// A pinned clock: the seed is served as written, and `create` stamps this instant.
const { mock, handlers } = createHandlers({ clock: '2026-01-21', validateResponses: true });
const today = Date.parse('2026-01-21T00:00:00.000Z');
// The initial handlers: `server.resetHandlers()` drops what a test added with `server.use` and keeps these.
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());

/** The app's session list of a project (project sessions, one per SDK session), with the rest of the query. */
const listSessions = (
  projectId: number,
  query: Omit<ApiComponents['schemas']['SessionListQuery'], 'entityFilters'> = {},
) =>
  api.POST('/datasets/sessions/paginatedListQueries', {
    body: { entityFilters: { projectId }, sessionType: 'project', ...query },
  });

describe('README scenarios (setupServer)', () => {
  it('1. an empty project: no sessions, no scenes', async () => {
    const project = mock.db.projects.create({ organizationId: 101, name: 'Empty' });
    expect(project).toEqual({ id: 2002, organizationId: 101, name: 'Empty', createdAt: today, updatedAt: today });

    const sessions = await api.POST('/datasets/sessions/paginatedListQueries', {
      body: { entityFilters: { projectId: project.id }, sessionType: 'project' },
    });
    expect(sessions.response.status).toBe(200);
    expect(sessions.data).toEqual({ count: 0, pages: 0, currentPage: 0, results: [] });

    const scenes = await api.GET('/projects/{projectId}/scenes', { params: { path: { projectId: project.id } } });
    expect(scenes.response.status).toBe(200);
    expect(scenes.data).toEqual([]);
    const read = await api.GET('/projects/{projectId}', { params: { path: { projectId: project.id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toEqual({ ...project, scenes: [] });
  });

  it('2. an organization with 30 projects, paged by the app', async () => {
    const organization = mock.db.organizations.create({ domainId: 1, name: 'Initech' });
    const key = mock.db.apiKeys.create({ organizationId: organization.id, access: 'read' });
    mock.db.projects.createMany(
      Array.from({ length: 30 }, (_, i) => ({ organizationId: organization.id, name: `Sim ${i + 1}` })),
    );
    expect(organization).toEqual({ id: 103, name: 'Initech', domainId: 1, createdAt: today, updatedAt: today });

    const initech = createApiClient({ credential: { orgKey: key.secret } });
    const { data, response } = await initech.GET('/organizations/{organizationId}', {
      params: { path: { organizationId: organization.id } },
    });
    expect(response.status).toBe(200);
    expect(data?.projects).toHaveLength(30);
    expect(data?.projects[0]).toEqual({
      id: 2002,
      organizationId: 103,
      name: 'Sim 1',
      createdAt: today,
      updatedAt: today,
      stats: null,
    });

    // `getOrganization` answers the whole list (the documents give it no page parameters): the app pages it.
    const pageSize = 10;
    const page = (n: number) => (data?.projects ?? []).slice(n * pageSize, (n + 1) * pageSize);
    const pages = Math.ceil((data?.projects.length ?? 0) / pageSize);
    expect(pages).toBe(3);
    expect(page(2).map((project) => project.name)).toEqual([
      'Sim 21',
      'Sim 22',
      'Sim 23',
      'Sim 24',
      'Sim 25',
      'Sim 26',
      'Sim 27',
      'Sim 28',
      'Sim 29',
      'Sim 30',
    ]);
    expect(page(3)).toEqual([]);
    // The key reads its own organization only.
    const acme = await initech.GET('/organizations/{organizationId}', { params: { path: { organizationId: 101 } } });
    expect(acme.response.status).toBe(404);
    expect(acme.error).toEqual({ code: 404, message: 'Not found' });
  });

  it('3. 250 sessions, one on a chosen date with a chosen headset', async () => {
    const { id: projectId } = mock.db.projects.create({ organizationId: 101, name: 'Load test' });
    const hoursBefore = (hours: number) =>
      new Date(Date.parse('2026-01-20T09:00:00.000Z') - hours * 3_600_000).toISOString();
    const created = mock.db.sessions.createMany(
      Array.from({ length: 250 }, (_, i) =>
        i === 200
          ? {
              projectId,
              date: '2025-12-25T12:00:00.000Z',
              participantId: 'chosen',
              properties: { 'c3d.device.hmd.type': 'Pico 4' },
            }
          : { projectId, date: hoursBefore(i), properties: { 'c3d.device.hmd.type': 'Meta Quest 3' } },
      ),
    );
    const chosen = created[200]!;
    expect(chosen).toEqual({
      sessionId: chosen.sessionId,
      id: chosen.id,
      projectId,
      organizationId: 101,
      participantId: 'chosen',
      date: '2025-12-25T12:00:00.000Z',
      createdAt: today,
      hasGaze: false,
      hasFixation: false,
      hasEvent: false,
      hasDynamic: false,
      hasSensor: false,
      hasBoundary: false,
      positionLimited: false,
      gazeLimited: false,
      fixationsLimited: false,
      eventsLimited: false,
      properties: { 'c3d.device.hmd.type': 'Pico 4' },
    });
    expect(chosen.sessionId).toMatch(/^1768953600_[0-9a-f]{16}$/);

    const first = await listSessions(projectId, { limit: 100 });
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({ count: 250, pages: 3, currentPage: 0 });
    expect(first.data?.results).toHaveLength(100);
    expect(first.data?.results[0]?.date).toBe('2026-01-20T09:00:00.000Z');
    // Newest first: the chosen session, the oldest, is the last of the last page.
    const last = await listSessions(projectId, { limit: 100, page: 2 });
    expect(last.data).toMatchObject({ count: 250, pages: 3, currentPage: 2 });
    expect(last.data?.results).toHaveLength(50);
    expect(last.data?.results[49]).toEqual(chosen);

    // Filters compare dates as epoch ms.
    const christmas = await listSessions(projectId, {
      sessionFilters: [
        {
          field: { fieldName: 'date', fieldParent: 'session' },
          op: 'range',
          min: Date.parse('2025-12-25T00:00:00.000Z'),
          max: Date.parse('2025-12-25T23:59:59.999Z'),
        },
      ],
    });
    expect(christmas.response.status).toBe(200);
    expect(christmas.data).toEqual({ count: 1, pages: 1, currentPage: 0, results: [chosen] });
    const pico = await listSessions(projectId, {
      sessionFilters: [
        { field: { nestedFieldName: 'textualSessionProp', path: 'c3d.device.hmd.type' }, op: 'eq', value: 'Pico 4' },
      ],
    });
    expect(pico.data).toEqual({ count: 1, pages: 1, currentPage: 0, results: [chosen] });
    const quest = await listSessions(projectId, {
      sessionFilters: [
        {
          field: { nestedFieldName: 'textualSessionProp', path: 'c3d.device.hmd.type' },
          op: 'eq',
          value: 'Meta Quest 3',
        },
      ],
    });
    expect(quest.data).toMatchObject({ count: 249, pages: 25 });
    expect(mock.db.sessions.count({ where: { projectId: { equals: projectId } } })).toBe(250);
  });

  it('4. a session whose events pass an objective, and one whose events do not', async () => {
    const { id: projectId } = mock.db.projects.create({ organizationId: 101, name: 'Objectives' });
    const objective = mock.db.objectives.create({
      projectId,
      name: 'Park the forklift',
      enabled: true,
      objectiveVersions: [
        {
          id: 9001,
          isActive: true,
          objectiveComponents: [
            {
              sequenceNumber: 1,
              type: 'eventstep',
              eventName: 'Forklift Started',
              occurrenceOperator: 'gte',
              occurrenceValue: 1,
            },
            {
              sequenceNumber: 2,
              type: 'eventstep',
              eventName: 'Forklift Parked',
              occurrenceOperator: 'gte',
              occurrenceValue: 1,
              propertyConditions: [{ propertyName: 'bay', operator: 'eq', value: 'B3' }],
            },
          ],
        },
      ],
    });
    expect(objective.id).toBe(504);
    const event = (name: string, date: string, properties = {}) => ({ name, date, properties });
    const [passing, failing] = mock.db.sessions.createMany([
      {
        projectId,
        date: '2026-01-20T10:00:00.000Z',
        duration: 300_000,
        events: [
          event('Forklift Started', '2026-01-20T10:01:00.000Z'),
          event('Forklift Parked', '2026-01-20T10:04:00.000Z', { bay: 'B3' }),
        ],
      },
      {
        projectId,
        date: '2026-01-20T11:00:00.000Z',
        duration: 300_000,
        events: [
          event('Forklift Started', '2026-01-20T11:01:00.000Z'),
          event('Forklift Parked', '2026-01-20T11:04:00.000Z', { bay: 'A1' }),
        ],
      },
    ]);
    expect(passing?.hasEvent).toBe(true);

    const counts = await api.POST('/datasets/objectives/objectiveResultQueries', {
      body: { projectId, sliceByObjectiveVersion: true },
    });
    expect(counts.response.status).toBe(200);
    expect(counts.data).toEqual([{ objectiveVersionId: 9001, objectiveId: 504, succeeded: 1, failed: 1 }]);
    const one = await api.POST('/datasets/objectives/objectiveResultQueries', {
      body: {
        projectId,
        sessionFilters: [
          { field: { fieldName: 'sessionId', fieldParent: 'session' }, op: 'eq', value: passing!.sessionId },
        ],
      },
    });
    expect(one.data).toEqual([{ succeeded: 1, failed: 0 }]);

    // Step by step: each session's results per objective version (timestamps epoch ms, durations ms).
    const list = await listSessions(projectId, { sort: 'asc', includeAllObjectiveData: true });
    expect(list.response.status).toBe(200);
    expect(list.data?.results.map((session) => [session.sessionId, session.objectiveResults])).toEqual([
      [
        passing!.sessionId,
        {
          9001: [
            { step: 1, result: 'succeeded', timestamp: Date.parse('2026-01-20T10:01:00.000Z'), duration: 60_000 },
            { step: 2, result: 'succeeded', timestamp: Date.parse('2026-01-20T10:04:00.000Z'), duration: 180_000 },
          ],
        },
      ],
      [
        failing!.sessionId,
        {
          9001: [
            { step: 1, result: 'succeeded', timestamp: Date.parse('2026-01-20T11:01:00.000Z'), duration: 60_000 },
            // A failed step is stamped with the session's end (its date plus its duration).
            { step: 2, result: 'failed', timestamp: Date.parse('2026-01-20T11:05:00.000Z'), duration: 240_000 },
          ],
        },
      ],
    ]);
  });

  it('5. a revoked key answers 401', async () => {
    expect((await writer.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } })).response.status).toBe(
      200,
    );
    mock.db.apiKeys.update({ where: { id: { equals: 1 } }, data: { revoked: true, revokedAt: mock.now() } });

    const { error, response } = await writer.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(response.status).toBe(401);
    expect(error).toEqual({
      code: 401,
      message:
        'Unknown or revoked key. Accepted: Authorization: orgkey-<key> | Authorization: APIKEY:ORGANIZATION <key> | ' +
        'Authorization: APIKEY:DOMAIN <key> | the c3d_session_v5 cookie (log in with POST /v0/sessions)',
    });
  });

  it('5. (after it) the key works again: afterEach reset the store', async () => {
    expect(mock.db.apiKeys.findFirst({ where: { id: { equals: 1 } } })?.revoked).toBe(false);
    expect((await writer.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } })).response.status).toBe(
      200,
    );
  });

  it('6. a user with one role on one project', async () => {
    const observer = mock.db.users.create({ email: 'one@acme.example' });
    mock.db.roleAssignments.create({ userId: observer.id, scopeType: 'project', scopeId: 1002, role: 'observer' });
    expect(await login(user, 'one@acme.example')).toMatchObject({ userId: observer.id });

    const read = await user.GET('/projects/{projectId}', { params: { path: { projectId: 1002 } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ id: 1002, name: 'Acme Retail' });
    const rename = await user.PUT('/projects/{projectId}', {
      params: { path: { projectId: 1002 } },
      body: { name: 'Renamed' },
    });
    expect(rename.response.status).toBe(403);
    expect(rename.error).toEqual({ code: 403, message: 'Forbidden: this operation needs write access' });
    // Another project of the same organization: not found, as for anyone who cannot see it.
    const other = await user.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(other.response.status).toBe(404);
    expect(other.error).toEqual({ code: 404, message: 'Not found' });
    // The organization itself needs a role on it.
    const organization = await user.GET('/organizations/{organizationId}', {
      params: { path: { organizationId: 101 } },
    });
    expect(organization.response.status).toBe(403);
    expect(organization.error).toEqual({ code: 403, message: 'Forbidden: this operation needs read access' });
  });

  it('7. one answer forced to fail with server.use, for this test only', async () => {
    server.use(
      http.get('https://api.cognitive3d.com/v0/projects/:projectId', () =>
        HttpResponse.json({ code: 500, message: 'Internal error' }, { status: 500 }),
      ),
    );
    const { error, response } = await api.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(response.status).toBe(500);
    expect(error).toEqual({ code: 500, message: 'Internal error' });
    // Only that route: the others still reach the mock.
    const scenes = await api.GET('/projects/{projectId}/scenes', { params: { path: { projectId: 1001 } } });
    expect(scenes.response.status).toBe(200);

    server.resetHandlers(); // what afterEach does: back to createHandlers' handlers
    const restored = await api.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(restored.response.status).toBe(200);
    expect(restored.data).toMatchObject({ id: 1001, name: 'Acme Training' });
  });
});
