import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

/*
 * Expected values are worked out by hand from fixtures/default.json. Project 1001 has 12 sessions:
 * durations (ms) 684500, 241200, 812700, 38400, 598300, 745900 (December 2025, the 2nd, 3rd, 5th, 9th, 12th, 18th,
 * version 3001, app 2.3.0) and 730500, 902100, 655800, 188600, 776200, 698400 (January 2026, the 5th, 6th, 8th, 12th,
 * 14th, 20th, version 3002, app 2.4.1). Sum 3121000 + 3951600 = 7072600. Tagged: test (241200, 188600), junk (38400).
 * Events per session: 6 5 6 5 6 5 | 7 6 6 5 5 5 = 33 + 34 = 67.
 */
const forklift = 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const pallet = 'editor_7d1e9a42-3c5b-4f86-b0e2-1a9c8d7e6f52';
const date = { fieldName: 'date', fieldParent: 'session' };
const duration = { fieldName: 'duration', fieldParent: 'session' };
const appVersion = { unnestedFieldName: 'textualSessionProp', path: 'c3d.app.version' };
const notTestNotJunk = {
  op: 'and',
  children: [
    { field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.test' }, op: 'eq', value: false },
    { field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.junk' }, op: 'eq', value: false },
  ],
};

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const slicer = (body: Record<string, unknown>, as: string = keys.acmeRead) =>
  t.api('POST', '/datasets/sessions/slicerQueries', {
    as,
    json: { sessionType: 'project', entityFilters: { projectId: 1001 }, ...body },
  });

/** Runs one aggregation and answers its operations' results. */
async function aggregate(aggregation: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const answer = await slicer({ aggregations: [{ name: 'main', ...aggregation }], ...extra });
  expect(answer.status).toBe(200);
  return answer.body.aggregations.main;
}

describe('slicer: operations', () => {
  it('counts sessions and events and computes min, max, average and sum (legacy, no slice-by)', async () => {
    const main = await aggregate({
      operations: [
        { name: 'sessions', type: 'sessionCount' },
        { name: 'events', type: 'eventCount' },
        { name: 'total', type: 'sum', field: duration },
        { name: 'shortest', type: 'min', field: duration },
        { name: 'longest', type: 'max', field: duration },
        { name: 'mean', type: 'average', field: duration },
      ],
    });
    expect(main).toEqual({
      sessions: { dimensionless: true, label: 'sessions', value: 12 },
      events: { dimensionless: true, label: 'events', value: 67 },
      total: { dimensionless: true, label: 'total', value: 7072600 },
      shortest: { dimensionless: true, label: 'shortest', value: 38400 },
      longest: { dimensionless: true, label: 'longest', value: 902100 },
      mean: { dimensionless: true, label: 'mean', value: 7072600 / 12 },
    });
  });

  it('applies the filters first: not test, not junk leaves 9 sessions', async () => {
    const main = await aggregate(
      {
        operations: [
          { name: 'sessions', type: 'sessionCount' },
          { name: 'total', type: 'sum', field: duration },
        ],
      },
      { sessionFilters: [notTestNotJunk] },
    );
    expect(main.sessions.value).toBe(9);
    expect(main.total.value).toBe(7072600 - 241200 - 38400 - 188600);
  });

  it('aggregates session and event properties; event filters drop events from event operations', async () => {
    // fps: 71.8 88.9 89.4 64.2 72.1 89.7 72 89.9 66.3 89.1 71.5 89.2
    const fps = { nestedFieldName: 'numericalSessionProp', path: 'c3d.metrics.average_fps' };
    const height = { nestedFieldName: 'numericalEventProp', fieldParent: 'event', path: 'height' };
    const main = await aggregate({
      operations: [
        { name: 'lowestFps', type: 'min', field: fps },
        { name: 'highestFps', type: 'max', field: fps },
        // Pallet drops: 1.2, 0.3, 0.8 (December); 1.5, 2.1, 1.9, 0.5, 1.1 (January).
        { name: 'drops', type: 'sum', field: height },
        { name: 'highestDrop', type: 'max', field: height },
      ],
    });
    expect(main.lowestFps.value).toBe(64.2);
    expect(main.highestFps.value).toBe(89.9);
    expect(main.drops.value).toBeCloseTo(9.4, 10);
    expect(main.highestDrop.value).toBe(2.1);

    const dropped = { field: { fieldName: 'eventName', fieldParent: 'event' }, op: 'eq', value: 'Pallet Dropped' };
    const filtered = await aggregate(
      {
        operations: [
          { name: 'sessions', type: 'sessionCount' },
          { name: 'events', type: 'eventCount' },
        ],
      },
      { eventFilters: [dropped] },
    );
    expect(filtered).toMatchObject({ sessions: { value: 7 }, events: { value: 8 } });
    const separable = await aggregate(
      {
        operations: [
          { name: 'sessions', type: 'sessionCount' },
          { name: 'events', type: 'eventCount' },
        ],
      },
      { separableEventFilters: [dropped] },
    );
    expect(separable).toMatchObject({ sessions: { value: 12 }, events: { value: 8 } });
  });

  it('answers 400 for the operations the mock does not compute', async () => {
    const answer = await slicer({
      aggregations: [{ name: 'main', operations: [{ name: 'g', type: 'groups', field: duration, interval: 60000 }] }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('/aggregations/0/operations/0/type');
  });
});

describe('slicer: slice-bys', () => {
  it('slices by month, week (starting Sunday) and year', async () => {
    const monthly = await aggregate({
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [{ name: 'm', timeUnit: 'month', timeValue: 1, field: date }],
    });
    expect(monthly.n).toEqual({
      dimensionless: false,
      xIsTimeseries: true,
      labels: ['n'],
      values: [
        { x: Date.UTC(2025, 11, 1), y: [6] },
        { x: Date.UTC(2026, 0, 1), y: [6] },
      ],
    });
    // Weeks from Sunday: Nov 30 (2nd, 3rd, 5th), Dec 7 (9th, 12th), Dec 14 (18th), Dec 21, Dec 28, Jan 4 (5th, 6th, 8th), Jan 11 (12th, 14th), Jan 18 (20th).
    const weekly = await aggregate({
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [{ name: 'w', timeUnit: 'week', timeValue: 1, field: date }],
    });
    expect(weekly.n.values).toEqual(
      [3, 2, 1, 0, 0, 3, 2, 1].map((count, index) => ({ x: Date.UTC(2025, 10, 30 + 7 * index), y: [count] })),
    );
    // Weeks from Monday move the 2nd/3rd/5th into the week of Dec 1.
    const mondays = await aggregate({
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [{ name: 'w', timeUnit: 'week', timeValue: 1, dayOfWeekOffset: 1, field: date }],
    });
    expect(mondays.n.values[0]).toEqual({ x: Date.UTC(2025, 11, 1), y: [3] });
    const yearly = await aggregate({
      operations: [{ name: 'd', type: 'sum', field: duration }],
      sliceBys: [{ name: 'y', timeUnit: 'year', timeValue: 1, field: date }],
    });
    expect(yearly.d.values).toEqual([
      { x: Date.UTC(2025, 0, 1), y: [3121000] },
      { x: Date.UTC(2026, 0, 1), y: [3951600] },
    ]);
  });

  it('fills the days between the first and last bucket: 0 for counts, null otherwise', async () => {
    const daily = await aggregate({
      operations: [
        { name: 'n', type: 'sessionCount' },
        { name: 'mean', type: 'average', field: duration },
      ],
      sliceBys: [{ name: 'd', timeUnit: 'day', timeValue: 1, timeZone: 'UTC', field: date }],
    });
    // 2025-12-02 to 2026-01-20 inclusive is 50 days.
    expect(daily.n.values).toHaveLength(50);
    expect(daily.n.values[0]).toEqual({ x: Date.UTC(2025, 11, 2), y: [1] });
    expect(daily.n.values[1]).toEqual({ x: Date.UTC(2025, 11, 3), y: [1] });
    expect(daily.n.values[2]).toEqual({ x: Date.UTC(2025, 11, 4), y: [0] });
    expect(daily.mean.values[2]).toEqual({ x: Date.UTC(2025, 11, 4), y: [null] });
    expect(daily.n.values.reduce((sum: number, value: { y: number[] }) => sum + value.y[0]!, 0)).toBe(12);
  });

  it('buckets dates in the requested time zone', async () => {
    // 2025-12-18T14:22:09Z is Dec 19, 03:22 in Auckland (UTC+13), whose midnight is Dec 18, 11:00 UTC.
    const only = [
      { field: { fieldName: 'sessionId', fieldParent: 'session' }, op: 'eq', value: '1766067729_91c4be7f0a3d2e65' },
    ];
    const auckland = await aggregate(
      {
        operations: [{ name: 'n', type: 'sessionCount' }],
        sliceBys: [{ name: 'd', timeUnit: 'day', timeValue: 1, timeZone: 'Pacific/Auckland', field: date }],
      },
      { sessionFilters: only },
    );
    expect(auckland.n.values).toEqual([{ x: Date.UTC(2025, 11, 18, 11), y: [1] }]);
    const bad = await slicer({
      aggregations: [
        {
          name: 'main',
          operations: [{ name: 'n', type: 'sessionCount' }],
          sliceBys: [{ name: 'd', timeUnit: 'day', timeValue: 1, timeZone: 'Mars/Olympus', field: date }],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('/aggregations/0/sliceBys/0/timeZone');
  });

  it('slices by terms of a session property or an event field, most frequent first', async () => {
    const versions = await aggregate({
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [{ name: 'v', field: appVersion }],
    });
    expect(versions.n).toEqual({
      dimensionless: false,
      xIsTimeseries: false,
      labels: ['n'],
      values: [
        { x: '2.3.0', y: [6] },
        { x: '2.4.1', y: [6] },
      ],
    });
    // Forklift Started, sessionStart, sessionEnd: 12 each; Forklift Parked 10; Safety Check 10; Pallet Dropped 8; cvr.exitpoll 3.
    const names = await aggregate({
      operations: [
        { name: 'events', type: 'eventCount' },
        { name: 'sessions', type: 'sessionCount' },
      ],
      sliceBys: [{ name: 'e', maxTerms: 5, field: { fieldName: 'eventName', fieldParent: 'event' } }],
    });
    expect(names.events.values).toEqual([
      { x: 'Forklift Started', y: [12] },
      { x: 'c3d.sessionEnd', y: [12] },
      { x: 'c3d.sessionStart', y: [12] },
      { x: 'Forklift Parked', y: [10] },
      { x: 'Safety Check', y: [10] },
    ]);
    // A session counts once per bucket: Safety Check happens twice in one session (10 events, 9 sessions).
    expect(names.sessions.values.find((value: { x: string }) => value.x === 'Safety Check')).toEqual({
      x: 'Safety Check',
      y: [9],
    });
  });

  it('lays two slice-bys out in every output type', async () => {
    const aggregation = (outputType: string) => ({
      outputType,
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [
        { name: 'v', field: appVersion },
        { name: 'm', timeUnit: 'month', timeValue: 1, field: date },
      ],
    });
    const december = Date.UTC(2025, 11, 1);
    const january = Date.UTC(2026, 0, 1);
    expect((await aggregate(aggregation('legacy'))).n).toEqual({
      dimensionless: false,
      xIsTimeseries: true,
      labels: ['2.3.0', '2.4.1'],
      values: [
        { x: december, y: [6, 0] },
        { x: january, y: [0, 6] },
      ],
    });
    expect((await aggregate(aggregation('json0_keyed'))).n).toEqual({
      values: { '2.3.0': { [december]: 6 }, '2.4.1': { [january]: 6 } },
      warnings: [],
    });
    expect((await aggregate(aggregation('json0_list'))).n).toEqual({
      values: [
        { x: '2.3.0', y: december, value: 6 },
        { x: '2.4.1', y: january, value: 6 },
      ],
      warnings: [],
    });
    expect((await aggregate(aggregation('json0_key_y'))).n).toEqual({
      values: [
        { x: december, values: { '2.3.0': 6, '2.4.1': 0 } },
        { x: january, values: { '2.3.0': 0, '2.4.1': 6 } },
      ],
      warnings: [],
    });
  });

  it('lays one or no slice-by out in the json0 types, and takes the singular aggregation', async () => {
    const histogram = { name: 'h', interval: 300000, field: duration };
    // 5-minute buckets: 0 (38400, 241200, 188600), 300000 (598300), 600000 (the seven from 655800 to 812700), 900000 (902100).
    const answer = await slicer({
      aggregation: {
        name: 'main',
        outputType: 'json0_keyed',
        operations: [{ name: 'n', type: 'sessionCount' }],
        sliceBys: [histogram],
      },
      aggregations: [{ name: 'flat', outputType: 'json0_list', operations: [{ name: 'n', type: 'sessionCount' }] }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.aggregations.flat.n).toEqual({ value: 12, warnings: [] });
    expect(answer.body.aggregations.main.n).toEqual({
      values: { '0': 3, '300000': 1, '600000': 7, '900000': 1 },
      warnings: [],
    });
    const list = await aggregate({
      outputType: 'json0_list',
      operations: [{ name: 'n', type: 'sessionCount' }],
      sliceBys: [{ name: 'h', interval: 400000, field: duration }],
    });
    // 400000-wide buckets: 0 (3), 400000 (the seven from 598300 to 776200), 800000 (812700, 902100).
    expect(list.n).toEqual({
      values: [
        { x: 0, value: 3 },
        { x: 400000, value: 7 },
        { x: 800000, value: 2 },
      ],
      warnings: [],
    });
  });
});

describe('slicer: scope', () => {
  it("answers 400 for a string projectId and 404 for another tenant or another project's scene", async () => {
    const main = [{ name: 'main', operations: [{ name: 'n', type: 'sessionCount' }] }];
    const text = await slicer({ entityFilters: { projectId: '1001' }, aggregations: main });
    expect(text.status).toBe(400);
    expect(text.body.field).toBe('/entityFilters/projectId');
    const foreign = await slicer({ aggregations: main }, keys.globexWrite);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 404, message: 'Not found' });
    expect(
      (await slicer({ entityFilters: { projectId: 1001, sceneId: ids.showroom }, aggregations: main })).status,
    ).toBe(404);
  });

  it('counts scene sessions of one version with sessionType scene', async () => {
    const answer = await t.api('POST', '/datasets/sessions/slicerQueries', {
      as: keys.acmeRead,
      json: {
        entityFilters: { projectId: 1001, versionId: 3001 },
        aggregations: [
          {
            name: 'main',
            operations: [
              { name: 'n', type: 'sessionCount' },
              { name: 'e', type: 'eventCount' },
            ],
          },
        ],
      },
    });
    expect(answer.body.aggregations.main).toEqual({
      n: { dimensionless: true, label: 'n', value: 6 },
      e: { dimensionless: true, label: 'e', value: 33 },
    });
  });
});

describe('property names', () => {
  const expected = {
    textualSessionProp: [
      'c3d.app.engine',
      'c3d.app.engine.version',
      'c3d.app.name',
      'c3d.app.package',
      'c3d.app.version',
      'c3d.app.xrplugin',
      'c3d.device.cpu',
      'c3d.device.gpu',
      'c3d.device.hmd.manufacturer',
      'c3d.device.hmd.type',
      'c3d.device.model',
      'c3d.device.os',
      'c3d.device.os.version',
      'c3d.device.platform_name',
      'c3d.device.type',
      'c3d.deviceid',
      'c3d.geo.city',
      'c3d.geo.country',
      'c3d.geo.countryIso',
      'c3d.geo.subdivision',
      'c3d.participant.id',
      'c3d.participant.name',
      'c3d.version',
    ],
    numericalSessionProp: [
      'c3d.device.memory',
      'c3d.device.memory_gb',
      'c3d.device.screen.height',
      'c3d.device.screen.width',
      'c3d.geo.latitude',
      'c3d.geo.longitude',
      'c3d.metrics.average_fps',
      'c3d.metrics.comfort_score',
      'c3d.metrics.cyberwellness_score',
      'c3d.metrics.fps_score',
      'c3d.metrics.presence_score',
      'c3d.metrics.spatial_coverage_score',
    ],
    booleanSessionProp: [
      'c3d.app.handtracking.enabled',
      'c3d.app.inEditor',
      'c3d.device.eyetracking.enabled',
      'c3d.participant.exitpoll.finished',
      'c3d.session_tag.junk',
      'c3d.session_tag.test',
    ],
    textualEventProp: ['bay', 'gear', 'hook', 'item', 'questionSetId'],
    numericalEventProp: ['Answer0', 'Answer1', 'Answer2', 'duration', 'height', 'sessionlength'],
    booleanEventProp: ['passed'],
  };

  it("lists the project's session and event property names by kind, on both routes", async () => {
    const slicerRoute = await t.api('POST', '/datasets/sessions/slicerPropertyNameQueries', {
      as: keys.acmeRead,
      json: { entityFilters: { projectId: 1001 } },
    });
    expect(slicerRoute.status).toBe(200);
    expect(slicerRoute.body).toEqual(expected);
    const pythonRoute = await t.api('POST', '/propertyNameQueries', {
      as: keys.acmeRead,
      json: { sessionType: 'project', entityFilters: { projectId: 1001 } },
    });
    expect(pythonRoute.body).toEqual(expected);
  });

  it('sees a tag set later', async () => {
    await t.api('PUT', '/projects/1001/sessions/1767605400_6826c6e1a9d24f6b/tags/vip', {
      as: keys.acmeWrite,
      json: { value: true },
    });
    const answer = await t.api('POST', '/propertyNameQueries', {
      as: keys.acmeRead,
      json: { sessionType: 'project', entityFilters: { projectId: 1001 } },
    });
    expect(answer.body.booleanSessionProp).toEqual([...expected.booleanSessionProp, 'c3d.session_tag.vip']);
  });
});

describe('object metrics', () => {
  /*
   * Version 3002, the Forklift: each of the 6 sessions has one gaze sample on it (0.1 s interval) at 273938, 270630,
   * 327900, 70725, 232860 and 349200 ms into the session (mean 254208.833), and one fixation of 233, 576, 307, 459,
   * 191 and 251 ms (sum 2017) at 182625, 180420, 218600, 47150, 155240 and 232800 ms (mean 169472.5). Nothing else is
   * looked at, so it is always the first object.
   */
  const entityFilters = { projectId: 1001, sceneId: ids.warehouse, versionId: 3002 };

  it('computes gaze metrics per object, all null for an object nobody looked at', async () => {
    const answer = await t.api('POST', '/datasets/sessions/slicerObjectMetricQueries', {
      as: keys.acmeRead,
      json: { entityFilters, gazeType: 'gaze', objectIds: [forklift, pallet] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sessionCount: 6,
      metrics: {
        [forklift]: {
          averageGazeInstanceDuration: 100,
          averageGazeCount: 1,
          averageGazeLength: 100,
          totalGazeCount: 6,
          totalGazeLength: 600,
          totalSessionsWithAnyGaze: 6,
          proportionOfSessionsWithAnyGaze: 1,
          averageTimeToFirstGaze: 254208.833,
          averageGazeSequence: 1,
        },
        [pallet]: {
          averageGazeInstanceDuration: null,
          averageGazeCount: null,
          averageGazeLength: null,
          totalGazeCount: null,
          totalGazeLength: null,
          totalSessionsWithAnyGaze: null,
          proportionOfSessionsWithAnyGaze: null,
          averageTimeToFirstGaze: null,
          averageGazeSequence: null,
        },
      },
    });
  });

  it('computes fixation metrics over the sessions the filters keep', async () => {
    const all = await t.api('POST', '/datasets/sessions/slicerObjectMetricQueries', {
      as: keys.acmeRead,
      json: { entityFilters, gazeType: 'fixation', objectIds: [forklift] },
    });
    expect(all.body.metrics[forklift]).toMatchObject({
      totalGazeCount: 6,
      totalGazeLength: 2017,
      averageGazeInstanceDuration: 336.167,
      averageTimeToFirstGaze: 169472.5,
    });
    const notTest = await t.api('POST', '/datasets/sessions/slicerObjectMetricQueries', {
      as: keys.acmeRead,
      json: { entityFilters, gazeType: 'fixation', objectIds: [forklift], sessionFilters: [notTestNotJunk] },
    });
    // Without the test session (459 ms): 5 sessions, 1558 ms.
    expect(notTest.body).toMatchObject({
      sessionCount: 5,
      metrics: { [forklift]: { totalGazeCount: 5, totalGazeLength: 1558 } },
    });
    const wrongScene = await t.api('POST', '/datasets/sessions/slicerObjectMetricQueries', {
      as: keys.acmeRead,
      json: { entityFilters: { ...entityFilters, versionId: 3003 }, gazeType: 'gaze', objectIds: [forklift] },
    });
    expect(wrongScene.status).toBe(404);
  });

  it("breaks one object's metrics down per session", async () => {
    const answer = await t.api('POST', '/datasets/sessions/slicerSingleObjectPerSessionMetricQueries', {
      as: keys.acmeRead,
      json: {
        projectId: '1001',
        sceneId: ids.warehouse,
        versionId: '3002',
        gazeType: 'fixation',
        aggregations: 'all',
        objectId: forklift,
      },
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.metrics)).toHaveLength(6);
    expect(answer.body.metrics['1767605400_6826c6e1a9d24f6b']).toEqual({
      averageGazeInstanceDuration: 233,
      totalGazeCount: 1,
      totalGazeLength: 233,
      timeToFirstGaze: 182625,
      gazeSequence: 1,
      sessionDate: Date.UTC(2026, 0, 5, 9, 30),
    });
    const nobody = await t.api('POST', '/datasets/sessions/slicerSingleObjectPerSessionMetricQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.warehouse, versionId: 3002, gazeType: 'gaze', objectId: pallet },
    });
    expect(nobody.body.metrics['1767605400_6826c6e1a9d24f6b']).toMatchObject({
      totalGazeCount: null,
      timeToFirstGaze: null,
    });
    const elsewhere = await t.api('POST', '/datasets/sessions/slicerSingleObjectPerSessionMetricQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sceneId: ids.showroom, versionId: 3003, gazeType: 'gaze', objectId: pallet },
    });
    expect(elsewhere.status).toBe(404);
  });
});
