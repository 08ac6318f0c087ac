import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

describe('projects', () => {
  it('answers a project with its scenes and their versions', async () => {
    const answer = await t.api('GET', '/projects/1001', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body).toMatchObject({ id: 1001, organizationId: 101, name: 'Acme Training' });
    expect(answer.body.scenes.map((scene: { id: string }) => scene.id)).toEqual([ids.warehouse]);
    expect(answer.body.scenes[0].versions.map((version: { id: number }) => version.id)).toEqual([3001, 3002]);
  });

  it('creates a project that later reads show, and logs the write', async () => {
    const created = await t.api('POST', '/projects', {
      as: keys.acmeWrite,
      json: { name: 'Acme Onboarding', organizationId: 101 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Acme Onboarding', organizationId: 101, projectType: 'vr', scenes: [] });
    const read = await t.api('GET', `/projects/${created.body.id}`, { as: keys.acmeRead });
    expect(read.body.name).toBe('Acme Onboarding');
    const [entry] = [...t.mock.store.tables.auditLog.all()].map((row) => row.record);
    expect(entry).toMatchObject({
      organizationId: 101,
      action: 'createProject',
      method: 'POST',
      path: '/v0/projects',
      status: 200,
      target: { type: 'project', id: String(created.body.id) },
    });
  });

  it('updates a project: the change shows in the next read', async () => {
    const updated = await t.api('PUT', '/projects/1001', {
      as: keys.acmeWrite,
      json: { name: 'Acme Training 2026', type: 'ar' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Acme Training 2026', projectType: 'ar' });
    expect((await t.api('GET', '/projects/1001', { as: keys.acmeRead })).body.name).toBe('Acme Training 2026');
  });

  it('deletes a project and everything in it (an admin action: a write key is refused)', async () => {
    expect((await t.api('DELETE', '/projects/1002', { as: keys.acmeWrite })).status).toBe(403);
    const owner = await t.login('owner@acme.example');
    const deleted = await t.api('DELETE', '/projects/1002', { as: owner });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await t.api('GET', '/projects/1002', { as: owner })).status).toBe(404);
    expect(t.mock.store.tables.scenes.get(ids.showroom)).toBeUndefined();
    expect(t.mock.store.tables.sessions.children('projectId', 1002)).toEqual([]);
  });

  it('answers a scene with per-version stats, and 404 with a trailing slash', async () => {
    const scene = await t.api('GET', `/scenes/${ids.warehouse}`, { as: keys.acmeRead });
    expect(scene.status).toBe(200);
    expect(scene.body.versions.map((v: { stats: { session_count: number } }) => v.stats.session_count)).toEqual([6, 6]);
    const slash = await t.api('GET', `/scenes/${ids.warehouse}/`, { as: keys.acmeRead });
    expect(slash.status).toBe(404);
    expect(slash.body).toEqual({ code: 404, message: `No route for GET /v0/scenes/${ids.warehouse}/` });
  });

  it('lists and deletes the dynamic objects of a version; files only on request', async () => {
    const plain = await t.api('GET', '/versions/3002/objects', { as: keys.acmeRead });
    expect(plain.body.map((o: { id: number }) => o.id)).toEqual([4001, 4002]);
    expect(plain.body[0].files).toBeUndefined();
    const withFiles = await t.api('GET', '/versions/3002/objects?includeFiles=true', { as: keys.acmeRead });
    expect(withFiles.body[0].files.length).toBeGreaterThan(0);
    expect((await t.api('DELETE', '/versions/3002/objects/4003', { as: keys.acmeWrite })).status).toBe(404);
    expect((await t.api('DELETE', '/versions/3002/objects/4002', { as: keys.acmeWrite })).status).toBe(204);
    expect(
      (await t.api('GET', '/projects/1001/objects', { as: keys.acmeRead })).body.map((o: { id: number }) => o.id),
    ).toEqual([4003, 4001]);
  });
});
