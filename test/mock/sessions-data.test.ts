import { crc32 as zlibCrc32 } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

const session7 = '1767605400_6826c6e1a9d24f6b'; // 2026-01-05T09:30:00.000Z, version 3002 of the Warehouse
const session8 = '1767697964_3fa94c02d17be588'; // version 3002
const session1 = '1764666843_6826c6e1a9d24f6b'; // version 3001 only
const retailSession = '1765391076_7e31c9a05b2d84f1'; // project 1002
const start7 = Date.UTC(2026, 0, 5, 9, 30);

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

interface ZipFile {
  name: string;
  data: Uint8Array;
}

/** Reads a ZIP archive from its end: the central directory, then each local header; checks sizes and CRCs. */
function readZip(bytes: Uint8Array): ZipFile[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  expect(at + view.getUint32(end + 12, true)).toBe(end);
  const files: ZipFile[] = [];
  for (let index = 0; index < count; index++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(method).toBe(0);
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    expect(view.getUint32(local + 14, true)).toBe(crc);
    const localName = view.getUint16(local + 26, true);
    const dataStart = local + 30 + localName + view.getUint16(local + 28, true);
    const data = bytes.subarray(dataStart, dataStart + size);
    expect(zlibCrc32(data)).toBe(crc);
    files.push({ name, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const json = (path: string, body: Record<string, unknown>, as: string = keys.acmeRead) =>
  t.api('POST', path, { as, json: body });

describe('raw session data', () => {
  it('answers every stream of a session, times in epoch ms', async () => {
    const answer = await json(`/projects/1001/sessions/${session7}/jsonRequests`, {
      sessionId: session7,
      jsonType: 'ALL',
    });
    expect(answer.status).toBe(200);
    const { data } = answer.body;
    expect(Object.keys(data).sort()).toEqual([
      'boundary',
      'dynamics',
      'dynamics.manifest',
      'events',
      'fixations',
      'gaze',
      'sensors',
    ]);
    expect(data.events.map((event: { name: string }) => event.name)).toEqual([
      'c3d.sessionStart',
      'Safety Check',
      'Forklift Started',
      'Pallet Dropped',
      'Forklift Parked',
      'cvr.exitpoll',
      'c3d.sessionEnd',
    ]);
    expect(data.events[2]).toEqual({
      name: 'Forklift Started',
      time: start7 + 65250,
      point: [4.5, 1, -2],
      dynamicId: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
      properties: { gear: 'forward' },
    });
    // The seed stores the SDK's epoch seconds (1767605673.938); the answer gives ms.
    expect(data.gaze[1]).toMatchObject({ time: start7 + 273938, o: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091' });
    expect(data['dynamics.manifest']).toEqual({
      'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091': { name: 'Forklift', mesh: 'forklift', fileType: 'gltf' },
      'editor_7d1e9a42-3c5b-4f86-b0e2-1a9c8d7e6f52': { name: 'Pallet', mesh: 'pallet', fileType: 'gltf' },
    });
  });

  it('picks one stream, makes times session-relative or seconds, and adds what is asked for', async () => {
    const relative = await json(`/projects/1001/sessions/${session7}/jsonRequests`, {
      jsonType: 'FIXATION',
      sessionRelativeTimestamps: true,
      indicateSceneOnDatum: true,
      addProperties: true,
      addMetadata: true,
      addGeo: true,
    });
    expect(Object.keys(relative.body.data).sort()).toEqual(['fixations', 'geo', 'metadata', 'properties']);
    expect(relative.body.data.fixations[0]).toMatchObject({ time: 182625, duration: 233, versionId: 3002 });
    expect(relative.body.data.metadata.sessionId).toBe(session7);
    expect(relative.body.data.properties['c3d.participant.name']).toBe('Jordan Lee');
    expect(relative.body.data.geo).toEqual({
      'c3d.geo.city': 'Chicago',
      'c3d.geo.country': 'United States',
      'c3d.geo.countryIso': 'US',
      'c3d.geo.latitude': 41.8781,
      'c3d.geo.longitude': -87.6298,
      'c3d.geo.subdivision': 'Illinois',
    });
    const seconds = await json(`/projects/1001/sessions/${session7}/jsonRequests`, {
      jsonType: 'EVENTS',
      sessionRelativeTimestamps: true,
      convertMillisToSeconds: true,
    });
    expect(seconds.body.data.events.map((event: { time: number }) => event.time).slice(0, 3)).toEqual([0, 45, 65.25]);
    // Pauses longer than 60 s count as 60 s: 0, 45, 65.25, then 320 → 125.25 (65.25 + 60).
    const gapless = await json(`/projects/1001/sessions/${session7}/jsonRequests`, {
      jsonType: 'EVENTS',
      sessionRelativeTimestamps: true,
      sizeToConvertGapsToMillis: 60000,
    });
    expect(gapless.body.data.events.map((event: { time: number }) => event.time).slice(0, 4)).toEqual([
      0, 45000, 65250, 125250,
    ]);
  });

  it('splits by scene version, and the version route checks project, scene and visit', async () => {
    const split = await json(`/versions/3002/sessions/${session7}/jsonRequests`, {
      jsonType: 'GAZE',
      projectId: 1001,
      sceneId: ids.warehouse,
      separateSceneData: true,
    });
    expect(split.status).toBe(200);
    expect(Object.keys(split.body.data)).toEqual(['3002']);
    expect(split.body.data['3002'].gaze).toHaveLength(4);
    expect(
      (
        await json(`/versions/3002/sessions/${session7}/jsonRequests`, {
          jsonType: 'GAZE',
          projectId: 1002,
          sceneId: ids.warehouse,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await json(`/versions/3002/sessions/${session7}/jsonRequests`, {
          jsonType: 'GAZE',
          projectId: 1001,
          sceneId: ids.showroom,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await json(`/versions/3002/sessions/${session1}/jsonRequests`, {
          jsonType: 'GAZE',
          projectId: 1001,
          sceneId: ids.warehouse,
        })
      ).status,
    ).toBe(404);
  });

  it('answers what the SDK sent to the data collector, boundary batches included', async () => {
    const sessionId = '1769000000_abcdef0123456789';
    const batch = { userid: 'dev-1', timestamp: 1769000000, sessionid: sessionId, part: 1, formatversion: '1.0' };
    const sent = {
      events: {
        ...batch,
        data: [
          { name: 'c3d.sessionStart', time: 1769000000, point: [0, 1, 0] },
          { name: 'Door opened', time: 1769000010.5, point: [1, 1, 1], dynamicId: 'door_1' },
        ],
      },
      gaze: {
        ...batch,
        interval: 0.1,
        data: [{ time: 1769000001, p: [0, 1, 0], r: [0, 0, 0, 1], g: [1, 1, 1], o: 'door_1' }],
      },
      dynamics: {
        ...batch,
        manifest: { door_1: { name: 'Door', mesh: 'door', fileType: 'gltf' } },
        data: [{ id: 'door_1', time: 1769000000.5, p: [1, 0, 1], r: [0, 0, 0, 1] }],
      },
      boundary: {
        ...batch,
        data: [{ time: 1769000000, p: [0, 0, 0], r: [0, 0, 0, 1] }],
        shapes: [
          {
            time: 1769000000,
            points: [
              [0, 0, 0],
              [1, 0, 0],
              [1, 0, 1],
            ],
          },
        ],
      },
    };
    for (const [stream, body] of Object.entries(sent)) {
      expect(
        (await t.data('POST', `/${stream}/${ids.warehouse}?version=2`, { as: keys.data1001, json: body })).status,
      ).toBe(200);
    }
    const answer = await json(`/projects/1001/sessions/${sessionId}/jsonRequests`, {
      jsonType: 'ALL',
      sessionRelativeTimestamps: true,
    });
    expect(answer.status).toBe(200);
    const { data } = answer.body;
    expect(data.events.map((event: { name: string; time: number }) => [event.name, event.time])).toEqual([
      ['c3d.sessionStart', 0],
      ['Door opened', 10500],
    ]);
    expect(data.gaze).toEqual([{ time: 1000, p: [0, 1, 0], r: [0, 0, 0, 1], g: [1, 1, 1], o: 'door_1' }]);
    expect(data['dynamics.manifest']).toEqual({ door_1: { name: 'Door', mesh: 'door', fileType: 'gltf' } });
    expect(data.boundary[0]).toMatchObject({
      time: 0,
      shapes: [
        {
          time: 0,
          points: [
            [0, 0, 0],
            [1, 0, 0],
            [1, 0, 1],
          ],
        },
      ],
    });
    expect(
      (await t.api('GET', `/projects/1001/sessions/${sessionId}/jsonZipRequest`, { as: keys.acmeRead })).status,
    ).toBe(200);
  });

  it('answers 400 when the body names another session, 404 for a session of another project', async () => {
    const mismatch = await json(`/projects/1001/sessions/${session7}/jsonRequests`, {
      sessionId: session8,
      jsonType: 'ALL',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.field).toBe('/sessionId');
    expect((await json(`/projects/1001/sessions/${retailSession}/jsonRequests`, { jsonType: 'ALL' })).status).toBe(404);
    expect(
      (await json(`/projects/1001/sessions/${session7}/jsonRequests`, { jsonType: 'ALL' }, keys.globexWrite)).status,
    ).toBe(404);
  });

  it('downloads a valid ZIP with one JSON file per stream, each as jsonRequests answers it', async () => {
    const zip = await t.api('GET', `/projects/1001/sessions/${session7}/jsonZipRequest`, { as: keys.acmeRead });
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(Number(zip.headers.get('content-length'))).toBe(zip.bytes.length);
    const files = readZip(zip.bytes);
    expect(files.map((entry) => entry.name)).toEqual([
      'gaze.json',
      'fixations.json',
      'events.json',
      'dynamics.json',
      'dynamics.manifest.json',
      'sensors.json',
      'boundary.json',
    ]);
    const { data } = (await json(`/projects/1001/sessions/${session7}/jsonRequests`, { jsonType: 'ALL' })).body;
    for (const entry of files)
      expect(JSON.parse(new TextDecoder().decode(entry.data))).toEqual(data[entry.name.replace(/\.json$/, '')]);

    const scoped = await t.api(
      'GET',
      `/versions/3002/sessions/${session7}/jsonZipRequest?projectId=1001&sceneId=${ids.warehouse}`,
      { as: keys.acmeRead },
    );
    expect(scoped.status).toBe(200);
    expect(readZip(scoped.bytes)).toHaveLength(7);
    expect(
      (await t.api('GET', `/versions/3001/sessions/${session7}/jsonZipRequest`, { as: keys.acmeRead })).status,
    ).toBe(404);
  });
});

describe('session metadata', () => {
  it('answers the scene session with the scene name and version number', async () => {
    const answer = await t.api('GET', `/versions/3002/sessions/${session7}/metadata`, { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      sessionId: session7,
      sceneId: ids.warehouse,
      sceneVersionId: 3002,
      sceneName: 'Warehouse',
      versionNumber: 2,
    });
    expect((await t.api('GET', `/versions/3001/sessions/${session7}/metadata`, { as: keys.acmeRead })).status).toBe(
      404,
    );
  });

  it('looks up several pairs, in order, leaving out what is not found', async () => {
    const answer = await json('/projects/1001/sessions/metadataLookups', {
      sdkIdSceneIds: [
        { sdkId: session1, sceneId: ids.warehouse },
        { sdkId: retailSession, sceneId: ids.showroom },
        { sdkId: '1700000000_unknown', sceneId: ids.warehouse },
        { sdkId: session7, sceneId: ids.warehouse },
      ],
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.map((m: { sessionId: string; versionNumber: number }) => [m.sessionId, m.versionNumber]),
    ).toEqual([
      [session1, 1],
      [session7, 2],
    ]);
  });
});

describe('session tags', () => {
  const tag = (name: string, value: boolean, sessionId = session7, as: string = keys.acmeWrite) =>
    t.api('PUT', `/projects/1001/sessions/${sessionId}/tags/${name}`, { as, json: { value } });
  const junkFilter = {
    field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.junk' },
    op: 'eq',
    value: true,
  };
  const junkSessions = async () =>
    (
      await json('/datasets/sessions/paginatedListQueries', {
        entityFilters: { projectId: 1001 },
        sessionType: 'project',
        limit: 100,
        sort: 'asc',
        sessionFilters: [junkFilter],
      })
    ).body.results.map((s: { sessionId: string }) => s.sessionId);

  it('sets a tag that later queries see, and clears it again', async () => {
    const set = await tag('junk', true);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ sessionId: session7, tag: 'junk', value: true, tags: ['junk'] });
    expect(await junkSessions()).toEqual(['1765288135_a07d5e39c2f1846b', session7]);
    const read = await json('/datasets/sessions/singleProjectSessionQueries', { projectId: 1001, sessionId: session7 });
    expect(read.body.tags).toEqual(['junk']);
    expect(read.body.properties['c3d.session_tag.junk']).toBe(true);
    expect((await tag('junk', true)).body.tags).toEqual(['junk']);

    const cleared = await tag('junk', false);
    expect(cleared.body).toEqual({ sessionId: session7, tag: 'junk', value: false, tags: [] });
    expect(await junkSessions()).toEqual(['1765288135_a07d5e39c2f1846b']);
    const after = await json('/datasets/sessions/singleProjectSessionQueries', {
      projectId: 1001,
      sessionId: session7,
    });
    expect(after.body.properties).not.toHaveProperty('c3d.session_tag.junk');
    const audit = [...t.mock.store.tables.auditLog.all()].map((row) => row.record);
    expect(audit.at(-1)).toMatchObject({ action: 'updateSessionTag', target: { type: 'session', id: session7 } });
  });

  it("accepts the organization's tags for their projects; an unknown tag or a session elsewhere is 404", async () => {
    expect((await tag('vip', true)).body.tags).toEqual(['vip']);
    const unknown = await tag('urgent', true);
    expect(unknown.status).toBe(404);
    expect(t.mock.store.tables.sessions.findUnique('sessionId', session7)!.record.tags).toEqual(['vip']);
    expect((await tag('junk', true, retailSession)).status).toBe(404);
  });

  it('is a write: a read key and a project observer get 403', async () => {
    expect((await tag('junk', true, session7, keys.acmeRead)).status).toBe(403);
    const viewer = await t.login('viewer@acme.example');
    expect(
      (await t.api('PUT', `/projects/1001/sessions/${session7}/tags/junk`, { as: viewer, json: { value: true } }))
        .status,
    ).toBe(403);
    const dev = await t.login('dev@acme.example');
    expect(
      (await t.api('PUT', `/projects/1001/sessions/${session7}/tags/junk`, { as: dev, json: { value: true } })).status,
    ).toBe(200);
  });
});

describe('reports', () => {
  const asText = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

  /** A PDF whose cross-reference table points at every object it declares. */
  function expectValidPdf(bytes: Uint8Array) {
    const text = asText(bytes);
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const [, size] = /xref\n0 (\d+)\n/.exec(text.slice(xref))!;
    const entries = text
      .slice(xref)
      .split('\n')
      .slice(3, 2 + Number(size));
    entries.forEach((entry, index) => {
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${index + 1} 0 obj`)).toBe(true);
    });
    for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
      const end = match.index! + match[0].length + Number(match[1]);
      expect(text.slice(end, end + 9)).toBe('endstream');
    }
    return text;
  }

  it("serves a session's PDF report naming the session", async () => {
    const report = await t.api('GET', `/projects/1001/sessions/${session7}/report.pdf`, { as: keys.acmeRead });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    const text = expectValidPdf(report.bytes);
    expect(text).toContain(`(Session id: ${session7})`);
    expect(text).toContain('(Project: Acme Training \\(1001\\))');

    const scoped = await t.api(
      'GET',
      `/versions/3002/sessions/${session7}/report.pdf?projectId=1001&sceneId=${ids.warehouse}`,
      { as: keys.acmeRead },
    );
    expect(scoped.status).toBe(200);
    expect(expectValidPdf(scoped.bytes)).toContain('(Scenes: Warehouse \\(version 2\\))');
    expect(
      (await t.api('GET', `/versions/3002/sessions/${session7}/report.pdf?projectId=1002`, { as: keys.acmeRead }))
        .status,
    ).toBe(404);
    expect(
      (await t.api('GET', `/projects/1001/sessions/${retailSession}/report.pdf`, { as: keys.acmeRead })).status,
    ).toBe(404);
  });

  it('builds one report over several sessions of a version, on as many pages as needed', async () => {
    const report = await json(`/versions/3002/sessionsReport.pdf?sceneId=${ids.warehouse}`, {
      sessionIds: [session7, session8],
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    const text = expectValidPdf(report.bytes);
    expect(text).toContain(`(Session id: ${session7})`);
    expect(text).toContain(`(Session id: ${session8})`);

    const all3002 = [
      '1767605400_6826c6e1a9d24f6b',
      '1767697964_3fa94c02d17be588',
      '1767886831_a07d5e39c2f1846b',
      '1768208102_5b2e8f4d1c7a9036',
      '1768385007_d2b7a1f08e4c6935',
      '1768915070_91c4be7f0a3d2e65',
    ];
    const long = expectValidPdf((await json('/versions/3002/sessionsReport.pdf', { sessionIds: all3002 })).bytes);
    expect(Number(/\/Count (\d+)/.exec(long)![1])).toBeGreaterThan(1);
    expect((await json('/versions/3002/sessionsReport.pdf', { sessionIds: [session7, session1] })).status).toBe(404);
  });

  it('answers a report e-mail request without sending anything', async () => {
    const sent = await json(
      `/versions/3002/sessions/${session7}/reportEmails`,
      { sceneId: ids.warehouse, projectId: 1001, recipients: ['lead@acme.example', 'dev@acme.example'] },
      keys.acmeWrite,
    );
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ sent: 2, recipients: ['lead@acme.example', 'dev@acme.example'] });
    expect(
      (
        await json(
          `/versions/3002/sessions/${session1}/reportEmails`,
          { recipients: ['lead@acme.example'] },
          keys.acmeWrite,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await json(
          `/versions/3002/sessions/${session7}/reportEmails`,
          { recipients: ['lead@acme.example'] },
          keys.acmeRead,
        )
      ).status,
    ).toBe(403);
  });
});
