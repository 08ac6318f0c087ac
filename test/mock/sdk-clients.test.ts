import { beforeEach, describe, expect, it } from 'vitest';
import { bundledDocuments } from '../../src/spec/load.ts';
import { ids, keys, startMock } from '../support/mock.ts';

/*
 * Requests built the way Cognitive3D's own clients build them: the WebXR SDK before the app sets a participant
 * (empty user ids, a session id without a device part, the time of sending in `timestamp`, its own `Session Start`
 * and `cvr.exitpoll` events, ExitPoll answers without a scene version), and the Python client (its key sent
 * verbatim, `Content-Type: application/json` on every request, a 30-day window of sessions).
 */

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const dayMs = 86_400_000;
const start = 1768932000; // 2026-01-20T18:00:00Z, hours before the test clock (the seed's reference date) and after the seed's newest session
const startIso = '2026-01-20T18:00:00.000Z';
const sessionId = `${start}_`;
const version = 2;
const versionId = 3002;

const post = (stream: string, body: unknown) =>
  t.data('POST', `/${stream}/${ids.warehouse}?version=${version}`, { as: keys.data1001, json: body });

/** The WebXR SDK's batches of one session, sent 25 s and more after it started, with no participant set. */
async function recordWebXrSession(
  id: string,
  options: { answer: number; properties?: Record<string, unknown>; userid?: string; end?: boolean },
) {
  const userid = options.userid ?? '';
  const common = { userid, sessionid: id, formatversion: '1.0' };
  const gaze = await post('gaze', {
    ...common,
    timestamp: start + 25.4,
    part: 1,
    hmdtype: 'Meta Quest 3',
    interval: 0.1,
    properties: {
      'c3d.app.name': 'Acme Training',
      'c3d.app.sdktype': 'WebXR',
      'c3d.device.hmd.type': 'Meta Quest 3',
      ...options.properties,
    },
    data: [
      { time: start + 1.1, p: [0, 1.6, 0], r: [0, 0, 0, 1], g: [1, 1.2, -2] },
      {
        time: start + 12.3,
        p: [0.2, 1.6, 0.1],
        r: [0, 0.7071, 0, 0.7071],
        o: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
        g: [0.1, 0.4, 0.2],
      },
    ],
  });
  const events = await post('events', {
    ...common,
    timestamp: start + 25.4,
    part: 1,
    data: [
      { name: 'Session Start', time: start, point: [0, 0, 0] },
      { name: 'Forklift Started', time: start + 8, point: [4.5, 0, -2] },
      {
        name: 'cvr.exitpoll',
        time: start + 40,
        point: [0, 1.6, 0],
        properties: {
          questionSetId: 'end_of_training:1',
          hook: 'end_of_training',
          duration: 11.5,
          Answer0: options.answer,
          Answer1: 7,
          Answer2: 1,
        },
      },
    ],
  });
  const dynamics = await post('dynamics', {
    ...common,
    timestamp: start + 26.731,
    part: 1,
    manifest: {
      'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091': { name: 'Forklift', mesh: 'forklift', fileType: 'gltf' },
    },
    data: [{ id: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091', time: start + 9.25, p: [4.5, 0, -2], r: [0, 0, 0, 1] }],
  });
  const sensors = await post('sensors', {
    name: userid,
    sessionid: id,
    timestamp: start + 26.9,
    part: 1,
    data: [{ name: 'c3d.fps.avg', data: [[start + 50.5, 72]] }],
  });
  const answers = await t.data('POST', '/questionSets/end_of_training/1/responses', {
    as: keys.data1001,
    json: {
      hook: 'end_of_training',
      userId: userid,
      sceneId: ids.warehouse,
      sessionId: id,
      questionSetId: 'end_of_training:1',
      questionSetName: 'end_of_training',
      questionSetVersion: '1',
      answers: [
        { type: 'BOOLEAN', value: options.answer === 1 },
        { type: 'SCALE', value: 7 },
        { type: 'MULTIPLE', value: 1 },
      ],
    },
  });
  const statuses = [gaze.status, events.status, dynamics.status, sensors.status, answers.status];
  if (options.end)
    statuses.push(
      (
        await post('events', {
          ...common,
          timestamp: start + 90,
          part: 2,
          data: [{ name: 'c3d.sessionEnd', time: start + 88.5, point: [0, 1.6, 0] }],
        })
      ).status,
    );
  return statuses;
}

/** Every dashboard operation that takes a session id, by operationId, with the request that reads the session. */
const sessionRoutes: Record<
  string,
  (id: string) => Promise<{ status: number; headers: Headers; body: any; text: string }>
> = {
  querySceneSession: (id) =>
    t.api('POST', '/datasets/sessions/singleQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.warehouse, sessionId: id, versionId },
    }),
  queryProjectSession: (id) =>
    t.api('POST', '/datasets/sessions/singleProjectSessionQueries', {
      as: keys.acmeRead,
      json: { projectId: '1001', sessionId: id, attachSceneSessionData: true, includeObjectiveData: true },
    }),
  queryProjectSessionJson: (id) =>
    t.api('POST', `/projects/1001/sessions/${id}/jsonRequests`, {
      as: keys.acmeRead,
      json: { sessionId: id, jsonType: 'ALL' },
    }),
  queryVersionSessionJson: (id) =>
    t.api('POST', `/versions/${versionId}/sessions/${id}/jsonRequests`, {
      as: keys.acmeRead,
      json: { sessionId: id, projectId: 1001, sceneId: ids.warehouse, jsonType: 'EVENTS' },
    }),
  downloadProjectSessionZip: (id) =>
    t.api('GET', `/projects/1001/sessions/${id}/jsonZipRequest`, { as: keys.acmeRead }),
  downloadVersionSessionZip: (id) =>
    t.api('GET', `/versions/${versionId}/sessions/${id}/jsonZipRequest`, { as: keys.acmeRead }),
  getVersionSessionMetadata: (id) =>
    t.api('GET', `/versions/${versionId}/sessions/${id}/metadata`, { as: keys.acmeRead }),
  lookupSessionMetadata: (id) =>
    t.api('POST', '/projects/1001/sessions/metadataLookups', {
      as: keys.acmeRead,
      json: { sdkIdSceneIds: [{ sdkId: id, sceneId: ids.warehouse }] },
    }),
  updateSessionTag: (id) =>
    t.api('PUT', `/projects/1001/sessions/${id}/tags/vip`, { as: keys.acmeWrite, json: { value: true } }),
  getProjectSessionReport: (id) => t.api('GET', `/projects/1001/sessions/${id}/report.pdf`, { as: keys.acmeRead }),
  getVersionSessionReport: (id) =>
    t.api('GET', `/versions/${versionId}/sessions/${id}/report.pdf`, { as: keys.acmeRead }),
  generateSessionsReport: (id) =>
    t.api('POST', `/versions/${versionId}/sessionsReport.pdf`, { as: keys.acmeRead, json: { sessionIds: [id] } }),
  sendSessionReportEmail: (id) =>
    t.api('POST', `/versions/${versionId}/sessions/${id}/reportEmails`, {
      as: keys.acmeWrite,
      json: { sceneId: ids.warehouse, projectId: 1001, recipients: ['lead@acme.example'] },
    }),
  getSessionObjectiveData: (id) =>
    t.api('GET', `/versions/${versionId}/sessions/${id}/objectiveData`, { as: keys.acmeRead }),
};

/** Operations of the dashboard document whose path or body names an SDK session id. */
function operationsTakingSessionIds(): string[] {
  const document = bundledDocuments.api as unknown as {
    paths: Record<string, Record<string, { operationId?: string }>>;
    components: { schemas: Record<string, unknown> };
  };
  const usesSessionId = (value: unknown, seen = new Set<string>()): boolean => {
    const text = JSON.stringify(value) ?? '';
    if (text.includes('/SdkSessionId"')) return true;
    return [...text.matchAll(/#\/components\/schemas\/(\w+)/g)].some(([, name]) => {
      if (seen.has(name!)) return false;
      seen.add(name!);
      return usesSessionId(document.components.schemas[name!], seen);
    });
  };
  const found: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
      const { parameters, requestBody } = operation as { parameters?: unknown; requestBody?: unknown };
      if (path.includes('{sessionId}') || usesSessionId(parameters) || usesSessionId(requestBody))
        found.push(operation.operationId!);
    }
  }
  return found.sort();
}

const sessionRecord = (id: string) => t.mock.store.tables.sessions.findUnique('sessionId', id)!;
const exitPollEvents = (events: { name: string }[]) => events.filter((event) => event.name === 'cvr.exitpoll');

describe('the WebXR SDK, with no participant set', () => {
  it('is answered 200 for every batch with empty user ids and a session id without a device part', async () => {
    expect(await recordWebXrSession(sessionId, { answer: 1 })).toEqual([200, 200, 200, 200, 200]);
  });

  it('records the session with its true start, no device and no participant, and the duration to its last data', async () => {
    await recordWebXrSession(sessionId, { answer: 1 });
    const { record, internal } = sessionRecord(sessionId);
    expect(record).toMatchObject({
      sessionId,
      date: startIso,
      startTime: start * 1000,
      createdAt: start * 1000,
      endDate: null,
      // The last point is the sensor reading 50.5 s in.
      duration: 50_500,
      deviceId: null,
      participantId: null,
      user: null,
      userKey: null,
      hmd: 'Meta Quest 3',
    });
    expect((internal.events as { name: string }[]).map((event) => event.name)).toEqual([
      'Session Start',
      'Forklift Started',
      'cvr.exitpoll',
    ]);
    expect(
      t.mock.store.tables.exitPollResponses
        .children('questionSetKey', '1001/end_of_training:1')
        .slice(-3)
        .map((row) => row.record),
    ).toEqual(
      [0, 1, 2].map((questionIndex) =>
        expect.objectContaining({
          questionIndex,
          userId: null,
          participantId: null,
          sessionId,
          sceneId: ids.warehouse,
          sceneVersionNumber: version,
          sessionSqlId: record.id,
        }),
      ),
    );
  });

  it('ends the session at c3d.sessionEnd', async () => {
    await recordWebXrSession(sessionId, { answer: 1, end: true });
    expect(sessionRecord(sessionId).record).toMatchObject({
      date: startIso,
      endDate: '2026-01-20T18:01:28.500Z',
      duration: 88_500,
    });
  });

  it('takes the device from c3d.deviceid and the participant from c3d.participant.id, or from a non-empty user id', async () => {
    await recordWebXrSession(`${start}_`, {
      answer: 0,
      properties: { 'c3d.deviceid': 'fp-2f9c1e', 'c3d.participant.id': 'trainee-0100' },
    });
    expect(sessionRecord(`${start}_`).record).toMatchObject({
      deviceId: 'fp-2f9c1e',
      participantId: 'trainee-0100',
      user: 'trainee-0100',
      userKey: 'trainee-0100',
    });
    await recordWebXrSession(`${start + 1}_a1b2c3d4`, { answer: 0, userid: 'trainee-0101' });
    expect(sessionRecord(`${start + 1}_a1b2c3d4`).record).toMatchObject({
      deviceId: 'a1b2c3d4',
      participantId: 'trainee-0101',
      user: 'trainee-0101',
      date: '2026-01-20T18:00:01.000Z',
    });
  });

  it('is listed, and readable through every dashboard route that takes a session id, with one cvr.exitpoll event', async () => {
    await recordWebXrSession(sessionId, { answer: 1 });
    expect(Object.keys(sessionRoutes).sort()).toEqual(operationsTakingSessionIds());

    const list = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: {
        page: 0,
        limit: 1,
        sort: 'desc',
        orderBy: { fieldName: 'date', fieldParent: 'session' },
        entityFilters: { projectId: 1001 },
        sessionType: 'project',
        includeEvents: true,
      },
    });
    expect(list.status).toBe(200);
    expect(list.body.results[0]).toMatchObject({ sessionId, date: startIso, deviceId: null, participantId: null });
    expect(exitPollEvents(list.body.results[0].events)).toHaveLength(1);

    for (const [operationId, read] of Object.entries(sessionRoutes)) {
      const answer = await read(sessionId);
      expect(answer.status, `${operationId}: ${answer.text.slice(0, 200)}`).toBe(200);
    }
    const scene = await sessionRoutes.querySceneSession!(sessionId);
    expect(scene.body).toMatchObject({ sessionId, date: startIso, sceneId: ids.warehouse, sceneVersionId: versionId });
    expect(exitPollEvents(scene.body.events)).toEqual([
      expect.objectContaining({
        properties: {
          questionSetId: 'end_of_training:1',
          hook: 'end_of_training',
          duration: 11.5,
          Answer0: 1,
          Answer1: 7,
          Answer2: 1,
        },
      }),
    ]);
    const json = await sessionRoutes.queryProjectSessionJson!(sessionId);
    expect(exitPollEvents(json.body.data.events)).toHaveLength(1);
    // Dynamics keep the fractional time the SDK sent (answered in epoch ms).
    expect(json.body.data.dynamics).toEqual([
      expect.objectContaining({ id: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091', time: (start + 9.25) * 1000 }),
    ]);
    const zip = await sessionRoutes.downloadProjectSessionZip!(sessionId);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const metadata = await sessionRoutes.getVersionSessionMetadata!(sessionId);
    expect(metadata.body).toMatchObject({ sessionId, sceneName: 'Warehouse', versionNumber: version });
    const tagged = sessionRecord(sessionId).record;
    expect(tagged.tags).toEqual(['vip']);
  });

  it('passes or fails the ExitPoll step of the objective on the answer the session gave', async () => {
    await recordWebXrSession(sessionId, { answer: 1 });
    await recordWebXrSession(`${start + 2}_`, { answer: 0 });
    const stepOf = async (id: string) => {
      const answer = await sessionRoutes.getSessionObjectiveData!(id);
      expect(answer.status).toBe(200);
      return JSON.stringify(answer.body);
    };
    const passed = await stepOf(sessionId);
    const failed = await stepOf(`${start + 2}_`);
    expect(passed).toContain('"step":3,"result":"succeeded"');
    expect(failed).toContain('"step":3,"result":"failed"');
  });
});

describe('the Python client', () => {
  const python = { 'content-type': 'application/json' };

  it('reads with Content-Type: application/json on GETs and its key sent as stored, in either format', async () => {
    for (const key of [keys.acmeRead, keys.acmeLegacy]) {
      for (const path of [
        '/organizations/apiKeys/whoami',
        '/projects/1001',
        '/projects/1001/objects',
        '/questionSets?projectIds=1001',
        '/projects/1001/objectives',
      ]) {
        const answer = await t.api('GET', path, { as: key, headers: python });
        expect(answer.status, `${key} GET ${path}`).toBe(200);
      }
    }
    const sets = await t.api('GET', '/questionSets?projectIds=1001', { as: keys.acmeRead, headers: python });
    expect(Object.keys(sets.body)).toEqual(['end_of_training:1']);
  });

  it('finds the seed and an SDK session in its default window, the last 30 days', async () => {
    await recordWebXrSession(sessionId, { answer: 1 });
    const now = t.mock.now();
    const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: {
        page: 0,
        limit: 100,
        sort: 'desc',
        orderBy: { fieldName: 'date', fieldParent: 'session' },
        entityFilters: { projectId: 1001 },
        sessionFilters: [
          { field: { fieldName: 'date', fieldParent: 'session' }, op: 'range', min: now - 30 * dayMs, max: now },
        ],
        sessionType: 'project',
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((session: { sessionId: string }) => session.sessionId)).toEqual([
      sessionId,
      '1768915070_91c4be7f0a3d2e65',
      '1768385007_d2b7a1f08e4c6935',
      '1768208102_5b2e8f4d1c7a9036',
      '1767886831_a07d5e39c2f1846b',
      '1767697964_3fa94c02d17be588',
      '1767605400_6826c6e1a9d24f6b',
    ]);
  });
});
