import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const deviceId = '9f3e7a21c4b85d60';
const start = 1769000000;
const sessionId = `${start}_${deviceId}`;
const header = { userid: deviceId, timestamp: start, sessionid: sessionId, formatversion: '1.0' };

const gaze = {
  ...header,
  part: 1,
  hmdtype: 'Quest 3',
  interval: 0.1,
  properties: {
    'c3d.app.name': 'Acme Training',
    'c3d.participant.id': 'trainee-0099',
    'c3d.participant.name': 'Robin Park',
    'c3d.device.hmd.type': 'Quest 3',
  },
  data: [
    { time: start + 0.1, p: [0.5, 1.6, -2.25], r: [0, 0.7071, 0, 0.7071], g: [1.2, 0.9, -4] },
    {
      time: start + 0.2,
      p: [0.5, 1.6, -2.2],
      r: [0, 0.7071, 0, 0.7071],
      o: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
      g: [0.1, 0.4, 0.2],
    },
  ],
};

const events = {
  ...header,
  part: 1,
  data: [
    { name: 'c3d.sessionStart', time: start, point: [0, 0, 0] },
    {
      name: 'Picked up pallet',
      time: start + 62.5,
      point: [4.5, 0.2, -2],
      dynamicId: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
      properties: { weightKg: 120, zone: 'B' },
    },
  ],
};

const send = (stream: string, body: unknown, options: { as?: string; scene?: string; version?: number } = {}) =>
  t.data('POST', `/${stream}/${options.scene ?? ids.warehouse}?version=${options.version ?? 2}`, {
    as: options.as ?? keys.data1001,
    json: body,
  });

describe('collector: SDK ingest', () => {
  it('creates the session from the first gaze and event batches; the dashboard session query then lists it', async () => {
    const gazeAnswer = await send('gaze', gaze);
    expect(gazeAnswer.status).toBe(200);
    expect(gazeAnswer.body).toEqual({});
    expect(gazeAnswer.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    const eventAnswer = await send('events', events);
    expect(eventAnswer.status).toBe(200);
    expect(eventAnswer.headers.get('cvr-request-time')).toMatch(/^\d+$/);

    const row = t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!;
    expect(row.record).toMatchObject({
      id: 100500921,
      sessionId,
      sdkSessionId: sessionId,
      projectId: 1001,
      organizationId: 101,
      participantId: 'trainee-0099',
      friendlyName: 'Robin Park',
      date: '2026-01-21T12:53:20.000Z',
      createdAt: start * 1000,
      startTime: start * 1000,
      gazeInterval: 0.1,
      hmd: 'Quest 3',
      deviceId,
      hasGaze: true,
      hasEvent: true,
      hasFixation: false,
      hasSensor: false,
      tags: [],
      properties: gaze.properties,
    });
    expect(row.internal.versionIds).toEqual([3002]);
    expect(row.internal.gaze).toEqual(gaze.data.map((point) => ({ ...point, versionId: 3002 })));
    expect(row.internal.events).toEqual([
      {
        name: 'c3d.sessionStart',
        date: '2026-01-21T12:53:20.000Z',
        x: 0,
        y: 0,
        z: 0,
        object: null,
        parentSceneVersionId: 3002,
        properties: {},
        eventHash: expect.any(Number),
      },
      {
        name: 'Picked up pallet',
        date: '2026-01-21T12:54:22.500Z',
        x: 4.5,
        y: 0.2,
        z: -2,
        object: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
        parentSceneVersionId: 3002,
        properties: { weightKg: 120, zone: 'B' },
        eventHash: expect.any(Number),
      },
    ]);
    expect(t.mock.store.tables.sceneVersions.get(3002)!.record.sessionCount).toBe(7);

    const list = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: {
        page: 0,
        limit: 100,
        sort: 'desc',
        orderBy: { fieldName: 'date', fieldParent: 'session' },
        entityFilters: { projectId: 1001 },
        sessionType: 'project',
      },
    });
    expect(list.status).toBe(200);
    expect(list.body.results[0]).toMatchObject({
      sessionId,
      participantId: 'trainee-0099',
      date: '2026-01-21T12:53:20.000Z',
    });
    expect(list.body.count).toBe(13);
  });

  it('ends the session with c3d.sessionEnd: endDate and duration', async () => {
    await send('gaze', gaze);
    await send('events', {
      ...header,
      part: 2,
      data: [
        { name: 'c3d.sessionEnd', time: start + 600.25, point: [0, 1.6, 0], properties: { sessionlength: 600.25 } },
      ],
    });
    const row = t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!;
    expect(row.record).toMatchObject({ endDate: '2026-01-21T13:03:20.250Z', duration: 600250 });
  });

  it('appends dynamics, sensors, fixations and boundary to the session and records each scene version it visits', async () => {
    const dynamics = await send('dynamics', {
      ...header,
      part: 1,
      manifest: {
        'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091': { name: 'Forklift', mesh: 'forklift', fileType: 'gltf' },
      },
      data: [
        { id: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091', time: start + 0.5, p: [4.5, 0, -2], r: [0, 0, 0, 1] },
      ],
    });
    expect(dynamics.status).toBe(200);
    const sensors = {
      name: deviceId,
      sessionid: sessionId,
      timestamp: start,
      part: 1,
      formatversion: '2.0',
      data: [{ name: 'c3d.fps.avg', sensorHzLimitType: '10.00', data: [[start + 1, 72]] }],
    };
    expect((await send('sensors', sensors)).status).toBe(200);
    expect(
      (
        await send('sensors', {
          ...sensors,
          part: 2,
          data: [
            { name: 'c3d.fps.avg', data: [[start + 2, 71.5]] },
            { name: 'HeartRate', data: [[start + 2, 88]] },
          ],
        })
      ).status,
    ).toBe(200);
    const fixations = await send(
      'fixations',
      { ...header, part: 1, data: [{ time: start + 10.25, duration: 420, maxradius: 0.12, p: [1.2, 0.9, -4] }] },
      { version: 1 },
    );
    expect(fixations.status).toBe(200);
    const boundary = await send('boundary', {
      userid: deviceId,
      sessionid: sessionId,
      time: start,
      data: [{ time: start + 1, p: [0, 0, 0], r: [0, 0, 0, 1] }],
      shapes: [
        {
          time: start + 1,
          points: [
            [-1.5, 0, -1.5],
            [1.5, 0, -1.5],
            [1.5, 0, 1.5],
          ],
        },
      ],
    });
    expect(boundary.status).toBe(200);
    expect(boundary.headers.get('cvr-request-time')).toMatch(/^\d+$/);

    const row = t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!;
    expect(row.record).toMatchObject({
      hasDynamic: true,
      hasSensor: true,
      hasFixation: true,
      hasBoundary: true,
      date: '2026-01-21T12:53:20.000Z',
      deviceId,
    });
    expect(row.internal.dynamics).toEqual([
      {
        id: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
        time: start + 0.5,
        p: [4.5, 0, -2],
        r: [0, 0, 0, 1],
        versionId: 3002,
      },
    ]);
    expect(row.internal.sensors).toEqual([
      {
        name: 'c3d.fps.avg',
        sensorHzLimitType: '10.00',
        data: [
          [start + 1, 72],
          [start + 2, 71.5],
        ],
      },
      { name: 'HeartRate', data: [[start + 2, 88]] },
    ]);
    expect(row.internal.fixations).toEqual([
      { time: start + 10.25, duration: 420, maxradius: 0.12, p: [1.2, 0.9, -4], versionId: 3001 },
    ]);
    expect(row.internal.boundary).toEqual([
      {
        transforms: [{ time: start + 1, p: [0, 0, 0], r: [0, 0, 0, 1] }],
        shapes: [
          {
            time: start + 1,
            points: [
              [-1.5, 0, -1.5],
              [1.5, 0, -1.5],
              [1.5, 0, 1.5],
            ],
          },
        ],
      },
    ]);
    expect(row.internal.versionIds).toEqual([3002, 3001]);
  });

  it('starts a session whose id has no epoch prefix at its start event, Session Start or c3d.sessionStart', async () => {
    for (const [id, name] of [
      ['42_webxr', 'Session Start'],
      ['43_unity', 'c3d.sessionStart'],
    ] as const) {
      const answer = await send('events', {
        userid: '',
        sessionid: id,
        timestamp: start + 30,
        part: 1,
        data: [{ name, time: start + 2, point: [0, 0, 0] }],
      });
      expect(answer.status).toBe(200);
      expect(t.mock.store.tables.sessions.findUnique('sessionId', id)!.record).toMatchObject({
        date: '2026-01-21T12:53:22.000Z',
        startTime: (start + 2) * 1000,
      });
    }
    await send('gaze', { ...gaze, userid: '', sessionid: '44_', timestamp: start + 30 });
    expect(t.mock.store.tables.sessions.findUnique('sessionId', '44_')!.record).toMatchObject({
      date: '2026-01-21T12:53:50.000Z',
      deviceId: null,
    });
  });

  it('refuses a session id that is not <digits>_<device id> (400 naming it)', async () => {
    for (const sessionid of ['', '_abc', 'abc_def', '1769000000', '1769000000_a/b']) {
      const answer = await send('gaze', { ...gaze, sessionid });
      expect(answer.status, sessionid).toBe(400);
      expect(answer.body.field).toBe('/sessionid');
    }
  });

  it("answers 404 for a scene outside the key's project and for a version the scene does not have; nothing is stored", async () => {
    const foreign = await send('gaze', gaze, { as: keys.data2001 });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe(404);
    expect(foreign.headers.get('cvr-request-time')).toBeNull();
    expect((await send('events', events, { version: 3 })).status).toBe(404);
    expect((await send('gaze', gaze, { scene: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect(t.mock.store.tables.sessions.findUnique('sessionId', sessionId)).toBeUndefined();
  });

  it('refuses a session id another project already uses (400)', async () => {
    const answer = await send('gaze', { ...gaze, sessionid: '1765180694_4c8a2e6f1d9b0753' });
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('/sessionid');
  });

  it("keeps session audio on the project's latest session", async () => {
    await send('gaze', gaze);
    const audio = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2]);
    const answer = await t.data('POST', '/audio', { as: keys.data1001, body: audio, contentType: 'audio/ogg' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    expect(answer.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect(t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!.internal.audio).toEqual([
      { contentType: 'audio/ogg', base64: Buffer.from(audio).toString('base64') },
    ]);
  });
});
