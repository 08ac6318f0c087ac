import { describe, expect, it } from 'vitest';
import { createMock, type Mock } from '../../src/core/mock.ts';
import { createHandlers } from '../../src/msw/handlers.ts';
import { startServer } from '../../src/server/server.ts';
import { DbError } from '../../src/store/db.ts';
import { answerOf, buildRequest, keys, password } from '../support/mock.ts';

/** The default seed's reference date: the seed is served as written, and `create` stamps this instant. */
const today = Date.parse('2026-01-21T00:00:00.000Z');
const fresh = () => createMock({ clock: '2026-01-21' });

const api = async (mock: Mock, method: string, path: string, as?: string, json?: unknown) =>
  answerOf(await mock.hosts.api(buildRequest('api', method, path, { as, json })));

/** Runs a refused call: it throws exactly `message`, and neither the store's mutations nor its state moved. */
function expectRefused(mock: Mock, call: () => unknown, message: string) {
  const mutations = mock.store.mutations();
  const before = mock.snapshot();
  expect(call).toThrow(new DbError(message));
  expect(mock.store.mutations()).toBe(mutations);
  expect(mock.snapshot()).toEqual(before);
}

const ids = (records: { id?: unknown }[]) => records.map((record) => record.id);

describe('mock.db create', () => {
  it('fills the id, the timestamps and the required fields, and the API serves the project by its indexes', async () => {
    const mock = fresh();
    const project = mock.db.projects.create({ organizationId: 101, description: 'Empty on purpose.' });
    expect(project).toEqual({
      id: 2002,
      organizationId: 101,
      name: 'Project 2002',
      description: 'Empty on purpose.',
      createdAt: today,
      updatedAt: today,
    });
    const organization = await api(mock, 'GET', '/organizations/101', keys.acmeRead);
    expect(organization.status).toBe(200);
    expect(organization.body.projects.map((listed: { id: number }) => listed.id)).toEqual([1001, 1002, 2002]);
    const read = await api(mock, 'GET', '/projects/2002', keys.acmeRead);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: 2002, name: 'Project 2002', scenes: [] });
    expect(mock.store.tables.projects.children('organizationId', 101).map((row) => row.key)).toEqual([
      1001, 1002, 2002,
    ]);
  });

  it('keeps what the caller gives, ids included, and the next id follows the highest', () => {
    const mock = fresh();
    expect(mock.db.projects.create({ id: 5000, organizationId: 102, name: 'Globex Lab', createdAt: 1 })).toEqual({
      id: 5000,
      organizationId: 102,
      name: 'Globex Lab',
      createdAt: 1,
      updatedAt: today,
    });
    expect(mock.db.projects.create({ organizationId: 102 }).id).toBe(5001);
  });

  it('makes keys that work: a created organization key reads its organization, a created user logs in', async () => {
    const mock = fresh();
    const key = mock.db.apiKeys.create({ organizationId: 102, access: 'write', name: 'CI' });
    expect(key.secret).toMatch(/^orgkey-[0-9a-f]{32}$/);
    expect(key).toMatchObject({ id: 6, format: 'orgkey', prefix: key.secret.slice(7, 15), revoked: false });
    expect((await api(mock, 'GET', '/organizations/102', key.secret)).status).toBe(200);
    // Another organization's records are not found, as for any caller without access.
    expect((await api(mock, 'GET', '/organizations/101', key.secret)).status).toBe(404);

    const user = mock.db.users.create({ email: 'new@acme.example' });
    expect(user).toEqual({
      id: 20,
      email: 'new@acme.example',
      firstName: '',
      lastName: '',
      createdAt: today,
      updatedAt: today,
      password,
    });
    const login = await api(mock, 'POST', '/sessions', undefined, { email: 'new@acme.example', password });
    expect(login.status).toBe(200);

    // A login made without POST /sessions: its token is the cookie, its csrf the header.
    const session = mock.db.loginSessions.create({ userId: 16 });
    expect(session).toEqual({
      token: expect.stringMatching(/^[0-9a-f]{32}$/),
      userId: 16,
      csrf: expect.stringMatching(/^[0-9a-f]{32}$/),
      createdAt: today,
    });
    const viewer = { cookie: session.token, csrf: session.csrf };
    const read = await answerOf(await mock.hosts.api(buildRequest('api', 'GET', '/projects/1001', { as: viewer })));
    expect(read.status).toBe(200);
    const rename = await answerOf(
      await mock.hosts.api(buildRequest('api', 'PUT', '/projects/1001', { as: viewer, json: { name: 'x' } })),
    );
    expect(rename.status).toBe(403);
  });

  it('gives a role on one project: the user reaches that project and no other, through the scope index', async () => {
    const mock = fresh();
    const user = mock.db.users.create({ email: 'one-project@acme.example' });
    const role = mock.db.roleAssignments.create({
      userId: user.id,
      scopeType: 'project',
      scopeId: 1002,
      role: 'observer',
    });
    expect(role).toEqual({
      id: 9,
      userId: 20,
      scopeType: 'project',
      scopeId: 1002,
      role: 'observer',
      createdAt: today,
    });
    // The store derives the scope it indexes role assignments by, as it does when it loads a seed.
    const row = mock.store.tables.roleAssignments.get(9)!;
    expect(row.internal).toEqual({ scope: 'project:1002' });
    mock.restore(mock.snapshot());
    expect(mock.store.tables.roleAssignments.get(9)!.internal).toEqual({ scope: 'project:1002' });

    const login = await api(mock, 'POST', '/sessions', undefined, { email: user.email, password });
    const cookie = /c3d_session_v5=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    const read = async (projectId: number) =>
      (
        await answerOf(
          await mock.hosts.api(buildRequest('api', 'GET', `/projects/${projectId}`, { as: { cookie, csrf: '' } })),
        )
      ).status;
    expect(await read(1002)).toBe(200);
    expect(await read(1001)).toBe(404);

    mock.db.roleAssignments.update({ where: { id: { equals: 9 } }, data: { scopeId: 1001 } });
    expect(mock.store.tables.roleAssignments.get(9)!.internal).toEqual({ scope: 'project:1001' });
    expect(await read(1001)).toBe(200);
    expect(await read(1002)).toBe(404);
  });

  it("derives a question set's store key and an ExitPoll response's question set key", () => {
    const mock = fresh();
    const set = mock.db.questionSets.create({ projectId: 1002, name: 'after_visit', title: 'How was it?' });
    expect(set).toEqual({
      id: 'after_visit:1',
      name: 'after_visit',
      version: 1,
      title: 'How was it?',
      projectId: 1002,
      questions: [],
    });
    expect(mock.store.tables.questionSets.get('1002/after_visit:1')!.internal).toEqual({ key: '1002/after_visit:1' });
    const response = mock.db.exitPollResponses.create({
      projectId: 1002,
      questionSetId: 'after_visit:1',
      sessionId: '1765391076_0',
    });
    expect(mock.store.tables.exitPollResponses.children('questionSetKey', '1002/after_visit:1')).toHaveLength(1);
    expect(response).not.toHaveProperty('questionSetKey');
  });

  it("fills a session's flags from its streams and its organization from its project", () => {
    const mock = fresh();
    const session = mock.db.sessions.create({
      projectId: 2001,
      date: '2026-01-19T10:00:00.000Z',
      events: [{ name: 'c3d.sessionStart', date: '2026-01-19T10:00:00.000Z' }],
    });
    expect(session).toMatchObject({
      id: 100500921,
      projectId: 2001,
      organizationId: 102,
      hasEvent: true,
      hasGaze: false,
      eventsLimited: false,
      createdAt: today,
    });
    expect(session.sessionId).toMatch(/^1768953600_[0-9a-f]{16}$/);
  });

  it('refuses a wrong value, naming the table, the record and the field, and changes nothing', () => {
    const mock = fresh();
    expectRefused(
      mock,
      // @ts-expect-error name is a string (a wrong type reaches the run-time check only through a cast)
      () => mock.db.projects.create({ organizationId: 101, name: 42 }),
      'projects (id 2002): field name must be string',
    );
    expectRefused(
      mock,
      () => mock.db.projects.create({ organizationId: 101, ...({ nmae: 'x' } as object) }),
      'projects (id 2002): field nmae is not a field of projects',
    );
  });

  it('refuses a reference to a missing record, and a missing reference principals resolve through', () => {
    const mock = fresh();
    expectRefused(
      mock,
      () => mock.db.projects.create({ organizationId: 999 }),
      'projects (id 2002): field organizationId refers to organizations 999, which the store does not have',
    );
    expectRefused(
      mock,
      () => mock.db.roleAssignments.create({ userId: 11, scopeType: 'project', scopeId: 4242, role: 'admin' }),
      'roleAssignments (id 9): field scopeId refers to projects 4242, which the store does not have',
    );
    expectRefused(
      mock,
      () => mock.db.organizations.create({ ...({} as { domainId: number }) }),
      'organizations (id 103): field domainId is missing (the credentials of principals resolve through it)',
    );
  });

  it('refuses a taken key or unique field', () => {
    const mock = fresh();
    expectRefused(
      mock,
      () => mock.db.projects.create({ id: 1001, organizationId: 101 }),
      'projects (id 1001): field id 1001 is already taken',
    );
    expectRefused(
      mock,
      () => mock.db.users.create({ email: 'owner@acme.example' }),
      'users (id 20): field email "owner@acme.example" is already taken by users 11',
    );
  });

  it('createMany adds all or none', () => {
    const mock = fresh();
    expectRefused(
      mock,
      () =>
        mock.db.projects.createMany([
          { organizationId: 101, name: 'First' },
          { organizationId: 101, name: '' },
        ]),
      'projects (id 2003): field name must NOT have fewer than 1 characters',
    );
    expectRefused(
      mock,
      () => mock.db.users.createMany([{ email: 'twin@acme.example' }, { email: 'twin@acme.example' }]),
      'users (id 21): field email "twin@acme.example" is already taken by users 20',
    );
    const thirty = mock.db.projects.createMany(
      Array.from({ length: 30 }, (_, index) => ({ organizationId: 102, name: `Sim ${index + 1}` })),
    );
    expect(ids(thirty)).toEqual(Array.from({ length: 30 }, (_, index) => 2002 + index));
    expect(mock.db.projects.count({ where: { organizationId: { equals: 102 } } })).toBe(31);
  });
});

describe('mock.db queries', () => {
  const mock = fresh();
  const sessions = mock.db.sessions;

  it('findFirst answers a copy of the first match, or null', () => {
    expect(sessions.findFirst({ where: { id: { equals: 100500913 } } })).toMatchObject({
      id: 100500913,
      friendlyName: 'Hannah Brooks',
    });
    expect(sessions.findFirst({ where: { projectId: { equals: 1002 } } })?.id).toBe(100500913);
    expect(sessions.findFirst({ where: { id: { equals: 1 } } })).toBeNull();
    // Looked up by the key or a unique field, then every other condition still holds.
    expect(sessions.findFirst({ where: { projectId: { equals: 1001 }, id: { equals: 100500913 } } })).toBeNull();
    expect(
      sessions.findFirst({
        where: { sessionId: { equals: '1764666843_6826c6e1a9d24f6b' }, projectId: { equals: 1001 } },
      })?.id,
    ).toBe(100500901);
    expect(
      sessions.findFirst({ where: { sessionId: { equals: '1764666843_6826c6e1a9d24f6b' }, duration: { lt: 1000 } } }),
    ).toBeNull();
    expect(() => sessions.findFirst({ where: { id: { equals: 1 } }, strict: true })).toThrow(
      new DbError('sessions.findFirst: no record matches {"id":{"equals":1}}'),
    );
    const copy = sessions.findFirst({ where: { id: { equals: 100500913 } } })!;
    copy.friendlyName = 'changed';
    copy.tags!.push('changed');
    expect(sessions.findFirst({ where: { id: { equals: 100500913 } } })).toMatchObject({
      friendlyName: 'Hannah Brooks',
      tags: [],
    });
  });

  it('findMany with each operator', () => {
    const find = (where: Parameters<typeof sessions.findMany>[0]['where']) => ids(sessions.findMany({ where }));
    expect(find({ projectId: { equals: 1002 } })).toEqual([100500913, 100500914, 100500915, 100500916]);
    expect(find({ projectId: { in: [1002, 2001] }, friendlyName: { notEquals: 'Karin Berg' } })).toEqual([
      100500913, 100500914, 100500915, 100500916, 100500918, 100500919,
    ]);
    expect(find({ projectId: { notIn: [1001, 1002] } })).toEqual([100500917, 100500918, 100500919, 100500920]);
    expect(find({ date: { gte: '2026-01-14T10:03:27.590Z' } })).toEqual([100500911, 100500912, 100500916]);
    expect(find({ date: { gt: '2026-01-14T10:03:27.590Z' } })).toEqual([100500912, 100500916]);
    expect(find({ date: { lt: '2025-12-03T16:02:47.480Z' } })).toEqual([100500901]);
    expect(find({ date: { lte: '2025-12-03T16:02:47.480Z' } })).toEqual([100500901, 100500902]);
    expect(find({ duration: { between: [150200, 241200] } })).toEqual([100500902, 100500910, 100500914]);
    expect(find({ duration: { gt: 1000000 } })).toEqual([100500917, 100500919]);
    expect(find({ friendlyName: { contains: 'QA' } })).toEqual([100500902, 100500910, 100500914]);
    expect(find({ tags: { contains: 'junk' } })).toEqual([100500904, 100500920]);
    expect(find({ projectId: { equals: 1001 }, tags: { notContains: 'test' }, duration: { lt: 700000 } })).toEqual([
      100500901, 100500904, 100500905, 100500909, 100500912,
    ]);
    expect(find({ projectId: { equals: 3 } })).toEqual([]);
  });

  it('orders by one field or several, then skips and takes', () => {
    const byDuration = sessions.findMany({ where: { projectId: { equals: 1002 } }, orderBy: { duration: 'desc' } });
    expect(ids(byDuration)).toEqual([100500916, 100500913, 100500915, 100500914]);
    const byName = sessions.findMany({
      where: { friendlyName: { in: ['Jordan Lee', 'Karin Berg'] } },
      orderBy: [{ friendlyName: 'asc' }, { date: 'desc' }],
    });
    expect(ids(byName)).toEqual([100500907, 100500905, 100500901, 100500920, 100500917]);
    expect(ids(sessions.findMany({ orderBy: { date: 'desc' }, skip: 1, take: 2 }))).toEqual([100500916, 100500911]);
    expect(ids(sessions.findMany({ where: { projectId: { equals: 2001 } }, skip: 3 }))).toEqual([100500920]);
    expect(ids(sessions.findMany({ where: { projectId: { equals: 2001 } }, take: 1 }))).toEqual([100500917]);
  });

  it('counts and lists every record', () => {
    expect(sessions.count()).toBe(20);
    expect(sessions.count({ where: { projectId: { equals: 1001 } } })).toBe(12);
    expect(ids(mock.db.projects.getAll())).toEqual([1001, 1002, 2001]);
  });

  it('refuses an operator @mswjs/data does not have', () => {
    expect(() => sessions.findMany({ where: { duration: { ...({ above: 3 } as object) } } })).toThrow(
      /^duration: above is no query operator/,
    );
  });
});

describe('mock.db update', () => {
  it('sets values and functions of the previous value; the API serves the change', async () => {
    const mock = fresh();
    const renamed = mock.db.projects.update({
      where: { id: { equals: 1002 } },
      data: { name: (name) => `${name} (closed)`, hidden: true },
    });
    expect(renamed).toMatchObject({ id: 1002, name: 'Acme Retail (closed)', hidden: true });
    expect((await api(mock, 'GET', '/projects/1002', keys.acmeRead)).body.name).toBe('Acme Retail (closed)');
    expect(mock.db.projects.update({ where: { id: { equals: 4 } }, data: { hidden: true } })).toBeNull();
  });

  it('revokes a key: the API then refuses it', async () => {
    const mock = fresh();
    mock.db.apiKeys.update({
      where: { secret: { equals: keys.acmeWrite } },
      data: { revoked: true, revokedAt: today },
    });
    expect((await api(mock, 'GET', '/organizations/101', keys.acmeWrite)).status).toBe(401);
  });

  it('moves a session to another project: the parent index follows', () => {
    const mock = fresh();
    mock.db.sessions.update({ where: { id: { equals: 100500901 } }, data: { projectId: 1002 } });
    expect(mock.store.tables.sessions.children('projectId', 1002).map((row) => row.key)).toEqual([
      100500913, 100500914, 100500915, 100500916, 100500901,
    ]);
    expect(mock.db.sessions.count({ where: { projectId: { equals: 1001 } } })).toBe(11);
  });

  it('refuses a resulting record the seed would refuse, a taken unique field or a new key, changing nothing', () => {
    const mock = fresh();
    expectRefused(
      mock,
      () => mock.db.projects.update({ where: { id: { equals: 1001 } }, data: { organizationId: 7 } }),
      'projects (id 1001): field organizationId refers to organizations 7, which the store does not have',
    );
    expectRefused(
      mock,
      () => mock.db.users.update({ where: { id: { equals: 12 } }, data: { email: 'owner@acme.example' } }),
      'users (id 12): field email "owner@acme.example" is already taken by users 11',
    );
    expectRefused(
      mock,
      () => mock.db.projects.update({ where: { id: { equals: 1001 } }, data: { id: 1005 } }),
      "projects (id 1001): field id cannot change (it makes the record's key)",
    );
    expectRefused(
      mock,
      // The second session's new date is no date: neither is changed.
      () =>
        mock.db.sessions.updateMany({
          where: { id: { in: [100500901, 100500902] } },
          data: { date: (date) => (date.startsWith('2025-12-02') ? '2025-12-01T00:00:00.000Z' : 'soon') },
        }),
      'sessions (id 100500902): field date must match format "date-time"',
    );
    expect(() =>
      mock.db.projects.updateMany({ where: { id: { equals: 4 } }, data: { hidden: true }, strict: true }),
    ).toThrow(new DbError('projects.updateMany: no record matches {"id":{"equals":4}}'));
  });

  it('updateMany changes every match', () => {
    const mock = fresh();
    const tagged = mock.db.sessions.updateMany({
      where: { projectId: { equals: 2001 } },
      data: { tags: (tags) => [...(tags ?? []), 'vip'] },
    });
    expect(tagged!.map((session) => session.tags)).toEqual([['vip'], ['Crash', 'vip'], ['vip'], ['junk', 'vip']]);
    expect(mock.db.sessions.updateMany({ where: { projectId: { equals: 3 } }, data: { tags: [] } })).toBeNull();
  });
});

describe('mock.db delete', () => {
  it('deletes, answers what it deleted, and the indexes forget it', async () => {
    const mock = fresh();
    const deleted = mock.db.sessions.deleteMany({ where: { projectId: { equals: 1002 } } });
    expect(ids(deleted!)).toEqual([100500913, 100500914, 100500915, 100500916]);
    expect(mock.store.tables.sessions.children('projectId', 1002)).toEqual([]);
    expect(mock.store.tables.sessions.findUnique('sessionId', deleted![0]!.sessionId)).toBeUndefined();
    expect(mock.db.sessions.count()).toBe(16);
    const key = mock.db.apiKeys.delete({ where: { id: { equals: 1 } } });
    expect(key).toMatchObject({ id: 1, secret: keys.acmeWrite });
    expect((await api(mock, 'GET', '/organizations/101', keys.acmeWrite)).status).toBe(401);
    expect(mock.db.apiKeys.delete({ where: { id: { equals: 1 } } })).toBeNull();
    expect(mock.db.sessions.deleteMany({ where: { projectId: { equals: 1002 } } })).toBeNull();
  });

  it('refuses to delete a record others refer to, naming one of them, and changes nothing', () => {
    const mock = fresh();
    expectRefused(
      mock,
      () => mock.db.projects.delete({ where: { id: { equals: 2001 } } }),
      'projects (id 2001): scenes (id "9a7e3b10-55c2-4f0e-8d3c-2b1a0c9e7f01") refers to it (field projectId): delete or change that first',
    );
    expectRefused(
      mock,
      () => mock.db.users.deleteMany({ where: { email: { contains: '@globex' } } }),
      'users (id 17): roleAssignments (id 7) refers to it (field userId): delete or change that first',
    );
    expectRefused(
      mock,
      () => mock.db.domains.delete({ where: { id: { equals: 1 } } }),
      'domains (id 1): organizations (id 101) refers to it (field domainId): delete or change that first',
    );
  });
});

describe('mock.db and the mock', () => {
  it('derives the internal fields exactly as the store does when it loads the same records', () => {
    const mock = fresh();
    mock.db.roleAssignments.create({ userId: 19, scopeType: 'organization', scopeId: 102, role: 'member' });
    mock.db.questionSets.create({ projectId: 2001, name: 'drill' });
    mock.db.exitPollResponses.create({ projectId: 2001, questionSetId: 'drill:1', sessionId: '1767686645_0' });
    const internals = () =>
      (['roleAssignments', 'questionSets', 'exitPollResponses'] as const).map((name) =>
        [...mock.store.tables[name].all()].map((row) => [row.key, row.internal]),
      );
    const created = internals();
    mock.restore(mock.snapshot());
    expect(internals()).toEqual(created);
    expect(created.map((rows) => rows.at(-1))).toEqual([
      [9, { scope: 'organization:102' }],
      ['2001/drill:1', { key: '2001/drill:1' }],
      [18, { questionSetKey: '2001/drill:1' }],
    ]);
  });

  it('follows reset and restore: it acts on the tables loaded then', () => {
    const mock = fresh();
    mock.db.projects.create({ organizationId: 101 });
    const saved = mock.snapshot();
    mock.reset();
    expect(mock.db.projects.count()).toBe(3);
    expect(mock.db.projects.create({ organizationId: 101 }).id).toBe(2002);
    expect(mock.store.tables.projects.get(2002)).toBeDefined();
    mock.restore(saved);
    expect(ids(mock.db.projects.findMany({ where: { organizationId: { equals: 101 } } }))).toEqual([1001, 1002, 2002]);
  });

  it('is the same in createHandlers and in the server', async () => {
    const { mock } = createHandlers({ clock: '2026-01-21' });
    expect(mock.db.projects.create({ organizationId: 101 }).id).toBe(2002);

    const server = await startServer({ port: 0, dataPort: 0, clock: '2026-01-21' });
    try {
      const project = server.mock.db.projects.create({ organizationId: 101, name: 'Over HTTP' });
      const answer = await fetch(`${server.urls.api}/projects/${project.id}`, {
        headers: { Authorization: keys.acmeRead },
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { name: string }).name).toBe('Over HTTP');
    } finally {
      await server.close();
    }
  });
});
