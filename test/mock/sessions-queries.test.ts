import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateObjectives } from '../../src/operations/shared/objective-evaluation.ts';
import { ids, keys, startMock } from '../support/mock.ts';

/*
 * Project 1001's twelve seeded sessions, oldest first (the numbers the expectations below use):
 *  1 1764666843_6826c6e1a9d24f6b 2025-12-02 684500 ms trainee-0042 Meta Quest 3      v3001
 *  2 1764777767_5b2e8f4d1c7a9036 2025-12-03 241200 ms qa-dana      Meta Quest Pro    v3001 [test]
 *  3 1764930672_3fa94c02d17be588 2025-12-05 812700 ms trainee-0017 Meta Quest Pro    v3001
 *  4 1765288135_a07d5e39c2f1846b 2025-12-09  38400 ms trainee-0023 Pico 4            v3001 [junk]
 *  5 1765530320_6826c6e1a9d24f6b 2025-12-12 598300 ms trainee-0042 Meta Quest 3      v3001
 *  6 1766067729_91c4be7f0a3d2e65 2025-12-18 745900 ms trainee-0008 HTC Vive XR Elite v3001
 *  7 1767605400_6826c6e1a9d24f6b 2026-01-05 730500 ms trainee-0042 Meta Quest 3      v3002
 *  8 1767697964_3fa94c02d17be588 2026-01-06 902100 ms trainee-0017 Meta Quest Pro    v3002
 *  9 1767886831_a07d5e39c2f1846b 2026-01-08 655800 ms trainee-0023 Pico 4            v3002
 * 10 1768208102_5b2e8f4d1c7a9036 2026-01-12 188600 ms qa-dana      Meta Quest Pro    v3002 [test]
 * 11 1768385007_d2b7a1f08e4c6935 2026-01-14 776200 ms trainee-0031 Meta Quest 3      v3002
 * 12 1768915070_91c4be7f0a3d2e65 2026-01-20 698400 ms trainee-0008 HTC Vive XR Elite v3002
 */
const seeded = [
  '1764666843_6826c6e1a9d24f6b',
  '1764777767_5b2e8f4d1c7a9036',
  '1764930672_3fa94c02d17be588',
  '1765288135_a07d5e39c2f1846b',
  '1765530320_6826c6e1a9d24f6b',
  '1766067729_91c4be7f0a3d2e65',
  '1767605400_6826c6e1a9d24f6b',
  '1767697964_3fa94c02d17be588',
  '1767886831_a07d5e39c2f1846b',
  '1768208102_5b2e8f4d1c7a9036',
  '1768385007_d2b7a1f08e4c6935',
  '1768915070_91c4be7f0a3d2e65',
];
const numbered = (...numbers: number[]) => numbers.map((number) => seeded[number - 1]);
const session7 = seeded[6]!;

const prop = (kind: string, path: string) => ({ nestedFieldName: kind, path });
const field = (fieldName: string, fieldParent = 'session') => ({ fieldName, fieldParent });

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const listQuery = (json: Record<string, unknown>, as: string = keys.acmeRead) =>
  t.api('POST', '/datasets/sessions/paginatedListQueries', {
    as,
    json: { entityFilters: { projectId: 1001 }, sessionType: 'project', ...json },
  });

/** The ids of every matching project session, oldest first. */
async function matching(filters: Record<string, unknown>): Promise<string[]> {
  const answer = await listQuery({
    limit: 100,
    sort: 'asc',
    orderBy: { fieldName: 'date', fieldParent: 'session' },
    ...filters,
  });
  expect(answer.status).toBe(200);
  return answer.body.results.map((session: { sessionId: string }) => session.sessionId);
}

describe('querySessions: pages', () => {
  it('answers the Page envelope: count over all pages, pages at the page size, the 0-based page asked for', async () => {
    const first = await listQuery({ limit: 5, sort: 'asc', page: 0 });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.body).toMatchObject({ count: 12, pages: 3, currentPage: 0 });
    expect(first.body.results.map((s: { sessionId: string }) => s.sessionId)).toEqual(numbered(1, 2, 3, 4, 5));

    const last = await listQuery({ limit: 5, sort: 'asc', page: 2 });
    expect(last.body).toMatchObject({ count: 12, pages: 3, currentPage: 2 });
    expect(last.body.results.map((s: { sessionId: string }) => s.sessionId)).toEqual(numbered(11, 12));

    const past = await listQuery({ limit: 5, page: 3 });
    expect(past.status).toBe(200);
    expect(past.body).toEqual({ count: 12, pages: 3, currentPage: 3, results: [] });
  });

  it('defaults to 10 per page, newest first; an exact multiple gives no empty last page', async () => {
    const answer = await listQuery({});
    expect(answer.body).toMatchObject({ count: 12, pages: 2, currentPage: 0 });
    expect(answer.body.results).toHaveLength(10);
    expect(answer.body.results[0].sessionId).toBe(seeded[11]);
    expect((await listQuery({ limit: 4 })).body.pages).toBe(3);
    expect(
      (await listQuery({ limit: 100, sessionFilters: [{ field: field('duration'), op: 'gt', value: 1e9 }] })).body,
    ).toEqual({ count: 0, pages: 0, currentPage: 0, results: [] });
  });

  it('orders by any documented field, ascending or descending', async () => {
    const byDuration = await listQuery({
      limit: 3,
      sort: 'desc',
      orderBy: { fieldName: 'duration', fieldParent: 'session' },
    });
    expect(byDuration.body.results.map((s: { duration: number }) => s.duration)).toEqual([902100, 812700, 776200]);
    const shortest = await listQuery({
      limit: 2,
      sort: 'asc',
      orderBy: { fieldName: 'duration', fieldParent: 'session' },
    });
    expect(shortest.body.results.map((s: { duration: number }) => s.duration)).toEqual([38400, 188600]);
    const byParticipant = await listQuery({
      limit: 3,
      sort: 'asc',
      orderBy: { fieldName: 'participantId', fieldParent: 'session' },
    });
    expect(byParticipant.body.results.map((s: { participantId: string }) => s.participantId)).toEqual([
      'qa-dana',
      'qa-dana',
      'trainee-0008',
    ]);
    // userSessionNumber: the nth session of its participant; trainee-0042's third (7) is the only third session.
    const byNumber = await listQuery({
      limit: 1,
      sort: 'desc',
      orderBy: { fieldName: 'userSessionNumber', fieldParent: 'session' },
    });
    expect(byNumber.body.results[0].sessionId).toBe(session7);
  });

  it('lists scene sessions (one per version visited, with sceneId and sceneVersionId) by default, and honours scene and version', async () => {
    const scene = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: { entityFilters: { projectId: 1001, versionId: 3001 }, limit: 100 },
    });
    expect(scene.body.count).toBe(6);
    expect(
      scene.body.results.every(
        (s: { sceneVersionId: number; sceneId: string }) => s.sceneVersionId === 3001 && s.sceneId === ids.warehouse,
      ),
    ).toBe(true);
    const project = await listQuery({
      entityFilters: { projectId: 1001, sceneId: ids.warehouse, versionId: 3002 },
      limit: 100,
    });
    expect(project.body.count).toBe(6);
    expect(project.body.results[0].sceneVersionId).toBeUndefined();
  });

  it('attaches events (of the scene version, for scene sessions) and objective results on request', async () => {
    const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: {
        entityFilters: { projectId: 1001, versionId: 3002 },
        limit: 1,
        includeEvents: true,
        includeAllObjectiveData: true,
        sessionFilters: [{ field: field('sessionId'), op: 'eq', value: session7 }],
      },
    });
    const [session] = answer.body.results;
    expect(session.events.map((event: { name: string }) => event.name)).toEqual([
      'c3d.sessionStart',
      'Safety Check',
      'Forklift Started',
      'Pallet Dropped',
      'Forklift Parked',
      'cvr.exitpoll',
      'c3d.sessionEnd',
    ]);
    const row = t.mock.store.tables.sessions.findUnique('sessionId', session7)!;
    expect(session.objectiveResults).toEqual(JSON.parse(JSON.stringify(evaluateObjectives(t.mock.store, row))));
    const plain = await listQuery({ limit: 1 });
    expect(plain.body.results[0].events).toBeUndefined();
    expect(plain.body.results[0].objectiveResults).toBeUndefined();
  });

  it('answers 400 for a string projectId, 404 for another tenant or a scene of another project, with no data', async () => {
    const text = await listQuery({ entityFilters: { projectId: '1001' } });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ code: 400, field: '/entityFilters/projectId' });
    const foreign = await listQuery({}, keys.globexWrite);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 404, message: 'Not found' });
    const otherScene = await listQuery({ entityFilters: { projectId: 1001, sceneId: ids.showroom } });
    expect(otherScene.status).toBe(404);
    const otherVersion = await listQuery({
      entityFilters: { projectId: 1001, sceneId: ids.warehouse, versionId: 3003 },
    });
    expect(otherVersion.status).toBe(404);
  });
});

describe('querySessions: filters', () => {
  it('compares with eq, neq, gt, gte, lt and lte', async () => {
    expect(
      await matching({ sessionFilters: [{ field: field('participantId'), op: 'eq', value: 'trainee-0042' }] }),
    ).toEqual(numbered(1, 5, 7));
    expect(await matching({ sessionFilters: [{ field: field('hmd'), op: 'neq', value: 'Meta Quest 3' }] })).toEqual(
      numbered(2, 3, 4, 6, 8, 9, 10, 12),
    );
    expect(await matching({ sessionFilters: [{ field: field('duration'), op: 'gt', value: 745900 }] })).toEqual(
      numbered(3, 8, 11),
    );
    expect(await matching({ sessionFilters: [{ field: field('duration'), op: 'gte', value: 745900 }] })).toEqual(
      numbered(3, 6, 8, 11),
    );
    expect(await matching({ sessionFilters: [{ field: field('duration'), op: 'lt', value: 241200 }] })).toEqual(
      numbered(4, 10),
    );
    expect(await matching({ sessionFilters: [{ field: field('duration'), op: 'lte', value: 241200 }] })).toEqual(
      numbered(2, 4, 10),
    );
    // Dates compare as epoch ms: 2026-01-01T00:00:00Z onwards.
    expect(
      await matching({ sessionFilters: [{ field: field('date'), op: 'gte', value: Date.UTC(2026, 0, 1) }] }),
    ).toEqual(numbered(7, 8, 9, 10, 11, 12));
    expect(await matching({ sessionFilters: [{ field: field('hmd'), op: 'wildcard', value: '*quest*' }] })).toEqual(
      numbered(1, 2, 3, 5, 7, 8, 10, 11),
    );
  });

  it('tests lists with in and notIn, ranges with range and outsideRange', async () => {
    expect(
      await matching({ sessionFilters: [{ field: field('hmd'), op: 'in', values: ['Pico 4', 'HTC Vive XR Elite'] }] }),
    ).toEqual(numbered(4, 6, 9, 12));
    expect(
      await matching({
        sessionFilters: [{ field: prop('textualSessionProp', 'c3d.app.version'), op: 'notIn', values: ['2.4.1'] }],
      }),
    ).toEqual(numbered(1, 2, 3, 4, 5, 6));
    expect(
      await matching({
        sessionFilters: [
          { field: prop('numericalSessionProp', 'c3d.metrics.average_fps'), op: 'range', min: 70, max: 80 },
        ],
      }),
    ).toEqual(numbered(1, 5, 7, 11));
    expect(
      await matching({ sessionFilters: [{ field: field('duration'), op: 'outsideRange', min: 200000, max: 800000 }] }),
    ).toEqual(numbered(3, 4, 8, 10));
    expect(await matching({ sessionFilters: [{ field: field('duration'), op: 'range', min: 900000 }] })).toEqual(
      numbered(8),
    );
  });

  it('combines with and, or and none; a list of filters is an implicit and', async () => {
    const proOn230 = {
      op: 'and',
      children: [
        { field: field('hmd'), op: 'eq', value: 'Meta Quest Pro' },
        { field: prop('textualSessionProp', 'c3d.app.version'), op: 'eq', value: '2.3.0' },
      ],
    };
    expect(
      await matching({
        sessionFilters: [
          { op: 'or', children: [proOn230, { field: field('participantId'), op: 'eq', value: 'trainee-0031' }] },
        ],
      }),
    ).toEqual(numbered(2, 3, 11));
    const tagged = [
      { field: prop('booleanSessionProp', 'c3d.session_tag.test'), op: 'eq', value: true },
      { field: prop('booleanSessionProp', 'c3d.session_tag.junk'), op: 'eq', value: true },
    ];
    expect(await matching({ sessionFilters: [{ op: 'NONE', children: tagged }] })).toEqual(
      numbered(1, 3, 5, 6, 7, 8, 9, 11, 12),
    );
    expect(
      await matching({
        sessionFilters: [
          { field: field('hmd'), op: 'eq', value: 'Meta Quest Pro' },
          { field: field('duration'), op: 'lt', value: 800000 },
        ],
      }),
    ).toEqual(numbered(2, 10));
  });

  it('filters on properties: booleans, absence, and untagged sessions reading as not tagged', async () => {
    const finished = prop('booleanSessionProp', 'c3d.participant.exitpoll.finished');
    expect(await matching({ sessionFilters: [{ field: finished, op: 'eq', value: true }] })).toEqual(numbered(7, 8));
    expect(await matching({ sessionFilters: [{ field: finished, op: 'eq', value: false }] })).toEqual(numbered(9));
    expect(await matching({ sessionFilters: [{ field: finished, op: 'neq', value: null }] })).toEqual(
      numbered(7, 8, 9),
    );
    expect(await matching({ sessionFilters: [{ field: finished, op: 'eq', value: null }] })).toEqual(
      numbered(1, 2, 3, 4, 5, 6, 10, 11, 12),
    );
    const notTestNotJunk = {
      op: 'and',
      children: [
        { field: prop('booleanSessionProp', 'c3d.session_tag.test'), op: 'eq', value: false },
        { field: prop('booleanSessionProp', 'c3d.session_tag.junk'), op: 'eq', value: false },
      ],
    };
    expect(await matching({ sessionFilters: [notTestNotJunk] })).toEqual(numbered(1, 3, 5, 6, 7, 8, 9, 11, 12));
  });

  it('keeps a session when one of its events meets the whole event filter', async () => {
    expect(
      await matching({ eventFilters: [{ field: field('name', 'event'), op: 'eq', value: 'cvr.exitpoll' }] }),
    ).toEqual(numbered(7, 8, 9));
    expect(
      await matching({ eventFilters: [{ field: field('eventName', 'event'), op: 'eq', value: 'cvr.exitpoll' }] }),
    ).toEqual(numbered(7, 8, 9));
    const mirrors = {
      op: 'and',
      children: [
        { field: field('name', 'event'), op: 'eq', value: 'Safety Check' },
        { field: prop('textualEventProp', 'item'), op: 'eq', value: 'mirrors' },
      ],
    };
    expect(await matching({ eventFilters: [mirrors] })).toEqual(numbered(3, 8));
    // No single event is both "Forklift Parked" and about the horn, though many sessions have one of each.
    const impossible = {
      op: 'and',
      children: [
        { field: field('name', 'event'), op: 'eq', value: 'Forklift Parked' },
        { field: prop('textualEventProp', 'item'), op: 'eq', value: 'horn' },
      ],
    };
    expect(await matching({ eventFilters: [impossible] })).toEqual([]);
    expect(
      await matching({ eventFilters: [{ field: prop('numericalEventProp', 'height'), op: 'gte', value: 2 }] }),
    ).toEqual(numbered(9));
    // An event field inside the session filters works the same way, leaf by leaf.
    expect(
      await matching({ sessionFilters: [{ field: prop('textualEventProp', 'bay'), op: 'eq', value: 'A1' }] }),
    ).toEqual(numbered(2, 10));
  });

  it('filters on the participant history (user filters)', async () => {
    // First sessions: 0042 Dec 2, dana Dec 3, 0017 Dec 5, 0023 Dec 9, 0008 Dec 18, 0031 Jan 14.
    expect(
      await matching({ userFilters: [{ field: 'earliestSession', op: 'gte', value: Date.UTC(2026, 0, 1) }] }),
    ).toEqual(numbered(11));
    expect(
      await matching({ userFilters: [{ field: 'latestSession', op: 'lt', value: Date.UTC(2026, 0, 1) }] }),
    ).toEqual([]);
    // Second-latest sessions exist for everyone but 0031.
    expect(await matching({ userFilters: [{ field: '2ndLatestSession', op: 'neq', value: null }] })).toEqual(
      numbered(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12),
    );
    // No session between Dec 10 and Dec 31: not 0042 (Dec 12) nor 0008 (Dec 18).
    const window = {
      field: 'sessionDatesArray',
      op: 'outsideRange',
      min: Date.UTC(2025, 11, 10),
      max: Date.UTC(2025, 11, 31),
    };
    expect(await matching({ userFilters: [window] })).toEqual(numbered(2, 3, 4, 8, 9, 10, 11));
  });

  it('filters on objective results', async () => {
    const store = t.mock.store;
    const results = (number: number) =>
      evaluateObjectives(store, store.tables.sessions.findUnique('sessionId', seeded[number - 1])!)['601'] ?? [];
    const passed = seeded.filter((_, index) => {
      const steps = results(index + 1);
      return steps.length > 0 && steps.every((step) => step.result === 'succeeded');
    });
    const failed = seeded.filter((_, index) => {
      const steps = results(index + 1);
      return steps.length > 0 && steps.some((step) => step.result !== 'succeeded');
    });
    expect(await matching({ objectiveFilters: [{ objectiveVersionId: 601, type: 'passed' }] })).toEqual(passed);
    expect(await matching({ objectiveFilters: [{ objectiveVersionId: 601, type: 'failed' }] })).toEqual(failed);
    expect(await matching({ objectiveFilters: [{ objectiveVersionId: 999, type: 'passed' }] })).toEqual([]);
    // Steps are numbered as the objective results number them; times are relative to the session start.
    const lastStep = Math.max(...seeded.flatMap((_, index) => results(index + 1).map((step) => step.step)));
    const lastPassed = seeded.filter((_, index) =>
      results(index + 1).some((step) => step.step === lastStep && step.result === 'succeeded'),
    );
    expect(
      await matching({ objectiveFilters: [{ objectiveVersionId: 601, type: 'stepPassed', step: lastStep }] }),
    ).toEqual(lastPassed);
    const quickFirst = seeded.filter((sessionId, index) => {
      const first = results(index + 1).find((step) => step.step === lastStep - 2);
      const start = Date.parse(store.tables.sessions.findUnique('sessionId', sessionId)!.record.date as string);
      return first !== undefined && Number(first.timestamp) - start <= 60000;
    });
    expect(
      await matching({
        objectiveFilters: [{ objectiveVersionId: 601, type: 'stepTime', step: lastStep - 2, op: 'lte', value: 60000 }],
      }),
    ).toEqual(quickFirst);
    const allSteps = seeded.filter(
      (_, index) => results(index + 1).filter((step) => step.result === 'succeeded').length === 3,
    );
    expect(
      await matching({
        objectiveFilters: [{ objectiveVersionId: 601, type: 'numStepsCompleted', op: 'eq', value: 3 }],
      }),
    ).toEqual(allSteps);
    expect(passed.length).toBeGreaterThan(0);
    expect(quickFirst.length).toBeGreaterThan(0);
  });
});

describe('single sessions', () => {
  it('answers one scene session with its events, warnings and objective results', async () => {
    const answer = await t.api('POST', '/datasets/sessions/singleQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.warehouse, versionId: 3002, sessionId: session7 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      sessionId: session7,
      sceneId: ids.warehouse,
      sceneVersionId: 3002,
      friendlyName: 'Jordan Lee',
      tags: [],
      subscriptions: [],
      warnings: { positionLimited: false, gazeLimited: false, fixationsLimited: false, eventsLimited: false },
    });
    expect(answer.body.events).toHaveLength(7);
    expect(answer.body.objectiveResults).toBeTypeOf('object');
  });

  it('answers 404 for a session that never visited the version, or a version of another scene', async () => {
    const unvisited = await t.api('POST', '/datasets/sessions/singleQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.warehouse, versionId: 3001, sessionId: session7 },
    });
    expect(unvisited.status).toBe(404);
    const foreign = await t.api('POST', '/datasets/sessions/singleQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.warehouse, versionId: 3003, sessionId: session7 },
    });
    expect(foreign.status).toBe(404);
  });

  it('answers one project session (projectId as digits), with properties per scene version on request', async () => {
    const answer = await t.api('POST', '/datasets/sessions/singleProjectSessionQueries', {
      as: keys.acmeRead,
      json: { projectId: '1001', sessionId: session7, attachSceneSessionData: true, includeObjectiveData: true },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.properties).toBeUndefined();
    expect(Object.keys(answer.body.sceneSessionProperties)).toEqual(['3002']);
    expect(answer.body.sceneSessionProperties['3002']['c3d.participant.name']).toBe('Jordan Lee');
    expect(answer.body.objectiveResults).toBeTypeOf('object');
    const plain = await t.api('POST', '/datasets/sessions/singleProjectSessionQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sessionId: session7 },
    });
    expect(plain.body.properties['c3d.app.version']).toBe('2.4.1');
    expect(plain.body.objectiveResults).toBeUndefined();
    const elsewhere = await t.api('POST', '/datasets/sessions/singleProjectSessionQueries', {
      as: keys.acmeRead,
      json: { projectId: 1002, sessionId: session7 },
    });
    expect(elsewhere.status).toBe(404);
  });

  it("lists a participant's sessions across the organization, newest first", async () => {
    const answer = await t.api('POST', '/datasets/sessions/participantSessionsQueries', {
      as: keys.acmeRead,
      json: { organizationId: '101', participantId: 'trainee-0042' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.map((s: { sessionId: string }) => s.sessionId)).toEqual(numbered(7, 5, 1));
    const nobody = await t.api('POST', '/datasets/sessions/participantSessionsQueries', {
      as: keys.acmeRead,
      json: { organizationId: 101, participantId: 'operator-07' },
    });
    expect(nobody.body).toEqual([]);
    const foreign = await t.api('POST', '/datasets/sessions/participantSessionsQueries', {
      as: keys.globexWrite,
      json: { organizationId: 101, participantId: 'trainee-0042' },
    });
    expect(foreign.status).toBe(404);
  });

  it('lets a project observer read sessions', async () => {
    const viewer = await t.login('viewer@acme.example');
    const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: viewer,
      json: { entityFilters: { projectId: 1001 }, sessionType: 'project', limit: 1 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.count).toBe(12);
  });
});
