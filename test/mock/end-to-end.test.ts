import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ids, keys } from '../support/mock.ts';
import { openHarness, transports, type Harness } from '../support/transports.ts';
import { png, jpeg } from '../support/files.ts';

function sceneUpload(sceneName: string): FormData {
  const form = new FormData();
  form.append('scene.gltf', new Blob(['{"asset":{"version":"2.0"}}'], { type: 'model/gltf+json' }), 'scene.gltf');
  form.append('scene.bin', new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'application/octet-stream' }), 'scene.bin');
  form.append('screenshot.png', new Blob([png], { type: 'image/png' }), 'screenshot.png');
  form.append(
    'settings.json',
    new Blob([JSON.stringify({ scale: 1, sceneName, sdkVersion: '1.6.4' })], { type: 'application/json' }),
    'settings.json',
  );
  return form;
}

describe.each(transports)('end to end, over %s', (transport) => {
  let t: Harness;
  beforeAll(async () => {
    t = await openHarness(transport);
  });
  afterAll(() => t.close());
  beforeEach(() => t.mock.reset());

  it('a PNG goes up and comes back byte-identical with its type and length', async () => {
    const upload = await t.api('PUT', '/projects/1001/media/701/files/site_map.png', {
      as: keys.acmeWrite,
      body: png,
      contentType: 'image/png',
    });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ id: 701, fileName: 'site_map.png', contentType: 'image/png' });
    const download = await t.api('GET', '/projects/1001/media/701/files/site_map.png', { as: keys.acmeRead });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-length')).toBe(String(png.length));
    expect([...download.bytes]).toEqual([...png]);
  });

  it('refuses a JPEG declared as PNG with 415, and stores nothing', async () => {
    const upload = await t.api('PUT', '/projects/1001/media/701/files/photo.png', {
      as: keys.acmeWrite,
      body: jpeg,
      contentType: 'image/png',
    });
    expect(upload.status).toBe(415);
    expect(upload.body).toEqual({
      code: 415,
      message: 'Content-Type image/png contradicts the body: the bytes are not image/png (they are image/jpeg)',
    });
    expect((await t.api('GET', '/projects/1001/media/701/files/photo.png', { as: keys.acmeRead })).status).toBe(404);
  });

  it('answers 415 for a JSON route given text or a form, and 400 naming the field for a bad body', async () => {
    const asText = await t.api('PUT', '/projects/1001', {
      as: keys.acmeWrite,
      body: '{"name":"x"}',
      contentType: 'text/plain',
    });
    expect(asText.status).toBe(415);
    const asForm = await t.api('PUT', '/projects/1001', {
      as: keys.acmeWrite,
      body: 'name=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(asForm.status).toBe(415);
    const stringId = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: { page: 0, limit: 10, entityFilters: { projectId: '1001' }, sessionType: 'project' },
    });
    expect(stringId.status).toBe(400);
    expect(stringId.body).toEqual({
      code: 400,
      message: 'Invalid body: body/entityFilters/projectId must be integer',
      field: '/entityFilters/projectId',
    });
    const broken = await t.api('PUT', '/projects/1001', {
      as: keys.acmeWrite,
      body: '{"name":',
      contentType: 'application/json',
    });
    expect(broken.body).toEqual({ code: 400, message: 'Invalid json: the body is not valid JSON', field: '/' });
  });

  it('a multipart scene upload creates a scene, and the next upload shows as version 2', async () => {
    const created = await t.data('POST', '/scenes', { as: keys.developer, body: sceneUpload('Loading Dock') });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^text\/plain/);
    const sceneId = created.text.replace(/"/g, '');
    expect(sceneId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    const next = await t.data('POST', `/scenes/${sceneId}`, { as: keys.developer, body: sceneUpload('Loading Dock') });
    expect(next.status).toBe(200);
    const scene = await t.api('GET', `/scenes/${sceneId}`, { as: keys.acmeRead });
    expect(scene.body).toMatchObject({ id: sceneId, sceneName: 'Loading Dock', projectId: 1001 });
    expect(scene.body.versions.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([1, 2]);
  });

  it('SDK ingest shows up in the session query', async () => {
    const sessionId = '1769000000_e2e0c0ffee000001';
    const header = {
      userid: 'e2e0c0ffee000001',
      timestamp: 1769000000,
      sessionid: sessionId,
      part: 1,
      formatversion: '1.0',
    };
    const events = await t.data('POST', `/events/${ids.warehouse}?version=2`, {
      as: keys.data1001,
      json: {
        ...header,
        data: [
          { name: 'c3d.sessionStart', time: 1769000000, point: [0, 0, 0] },
          { name: 'Forklift Started', time: 1769000004, point: [1, 0, 2] },
        ],
      },
    });
    expect(events.status).toBe(200);
    const listed = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      json: {
        page: 0,
        limit: 100,
        sort: 'desc',
        orderBy: { fieldName: 'date', fieldParent: 'session' },
        entityFilters: { projectId: 1001 },
        sessionType: 'project',
        includeEvents: true,
      },
    });
    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(13);
    expect(listed.body.results[0]).toMatchObject({ sessionId, projectId: 1001 });
    expect(listed.body.results[0].events.map((e: { name: string }) => e.name)).toEqual([
      'c3d.sessionStart',
      'Forklift Started',
    ]);
  });

  it('writes land in the audit log with their actor, and reset brings the seed back', async () => {
    await t.api('PUT', '/projects/1001', { as: keys.acmeWrite, json: { name: 'Audited' } });
    const owner = await t.login('owner@acme.example');
    const log = await t.api('GET', '/organizations/101/auditLog', { as: owner });
    expect(log.status).toBe(200);
    expect(log.body.results[0]).toMatchObject({
      action: 'updateProject',
      method: 'PUT',
      path: '/v0/projects/1001',
      status: 200,
      target: { type: 'project', id: '1001' },
      actor: { kind: 'orgKey', apiKeyId: 1, userId: null },
    });
    t.mock.reset();
    expect((await t.api('GET', '/projects/1001', { as: keys.acmeRead })).body.name).toBe('Acme Training');
    expect(t.mock.store.tables.auditLog.size).toBe(0);
  });
});
