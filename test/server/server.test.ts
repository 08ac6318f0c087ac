import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';

let server: RunningServer;
let api: string;
let data: string;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, validateResponses: true });
  api = server.urls.api.replace(/\/v0$/, '');
  data = server.urls.data.replace(/\/v0$/, '');
});
afterAll(() => server.close());

describe('standalone server', () => {
  it('serves the dashboard API over HTTP', async () => {
    const answer = await request(api).get('/v0/projects/1001').set('Authorization', keys.acmeRead);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body).toMatchObject({ id: 1001, name: 'Acme Training' });
  });

  it('answers unknown routes 404 and wrong methods 405, in JSON', async () => {
    const unknown = await request(api).get('/v0/nothing/here').set('Authorization', keys.acmeRead);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 404, message: 'No route for GET /v0/nothing/here' });
    const wrongMethod = await request(api).patch('/v0/projects/1001').set('Authorization', keys.acmeWrite);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, PUT, DELETE');
    expect(wrongMethod.body).toEqual({ code: 405, message: 'PATCH is not allowed here; allowed: GET, PUT, DELETE' });
  });

  it('does not serve the dashboard routes on the data port', async () => {
    expect((await request(data).get('/v0/projects/1001').set('Authorization', keys.acmeRead)).status).toBe(404);
  });

  it('resets to the seed, and snapshots and restores the whole state, from loopback', async () => {
    await request(api)
      .put('/v0/projects/1001')
      .set('Authorization', keys.acmeWrite)
      .send({ name: 'Changed' })
      .expect(200);
    const snapshot = await request(api).get('/__mock/snapshot').expect(200);
    expect(snapshot.body.projects.find((p: { id: number }) => p.id === 1001).name).toBe('Changed');

    await request(api).post('/__mock/reset').expect(200, { reset: true });
    expect((await request(api).get('/v0/projects/1001').set('Authorization', keys.acmeRead)).body.name).toBe(
      'Acme Training',
    );

    await request(api).post('/__mock/restore').send(snapshot.body).expect(200, { restored: true });
    expect((await request(api).get('/v0/projects/1001').set('Authorization', keys.acmeRead)).body.name).toBe('Changed');
    await request(api).post('/__mock/reset').expect(200);
  });

  it('refuses control requests a web page sends (they carry an Origin), and leaves the state', async () => {
    await request(api).put('/v0/projects/1001').set('Authorization', keys.acmeWrite).send({ name: 'Kept' }).expect(200);
    const answer = await request(api).post('/__mock/reset').set('Origin', 'https://attacker.example');
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      code: 403,
      message: 'Control routes do not answer requests from web pages (an Origin header was sent)',
    });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request(api).get('/v0/projects/1001').set('Authorization', keys.acmeRead)).body.name).toBe('Kept');
    await request(api).post('/__mock/reset').expect(200);
  });

  it('refuses a broken snapshot with 400 naming the record, and keeps the state', async () => {
    const answer = await request(api)
      .post('/__mock/restore')
      .send({ projects: [{ id: 1001, organizationId: 101 }] });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 400, message: 'snapshot: projects[0] (id 1001): field name is missing' });
    expect((await request(api).get('/v0/projects/1001').set('Authorization', keys.acmeRead)).status).toBe(200);
  });

  it('applies per-request latency and injected errors (HTML pages for multipart uploads)', async () => {
    const started = Date.now();
    await request(api)
      .get('/v0/projects/1001')
      .set('Authorization', keys.acmeRead)
      .set('x-c3d-mock-latency', '120')
      .expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    const json = await request(api).get('/v0/projects/1001').set('x-c3d-mock-error', '502');
    expect(json.status).toBe(502);
    expect(json.body).toEqual({ code: 502, message: 'Injected server error (c3d-mock)' });
    const html = await request(data)
      .post('/v0/scenes')
      .set('x-c3d-mock-error', '500')
      .attach('scene.gltf', Buffer.from('{}'), 'scene.gltf');
    expect(html.status).toBe(500);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('<html>');
  });
});
