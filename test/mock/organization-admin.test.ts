import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const ids = (body: { id: number }[]) => body.map((row) => row.id);

describe('organization API keys', () => {
  it('lists every key of the organization, revoked and legacy ones too, never a secret', async () => {
    const listed = await t.api('GET', '/organizations/101/apiKeys', { as: await t.login('owner@acme.example') });
    expect(listed.status).toBe(200);
    expect(ids(listed.body)).toEqual([1, 2, 3, 4]);
    expect(listed.body[0]).toEqual({
      id: 1,
      name: 'CI write',
      access: 'write',
      prefix: 'ac3e0000',
      format: 'orgkey',
      createdAt: 1764585000000,
      createdBy: 11,
      lastUsedAt: null,
      revoked: false,
      revokedAt: null,
    });
    expect(listed.body[2]).toMatchObject({ id: 3, revoked: true, revokedAt: 1765815600000 });
    expect(listed.body[3]).toMatchObject({ id: 4, format: 'legacy' });
    expect(listed.text).not.toMatch(/secret|ac3e0000000000000000000000000001|organizationId/);
    expect(
      ids((await t.api('GET', '/organizations/102/apiKeys', { as: await t.login('owner@globex.example') })).body),
    ).toEqual([5]);
  });

  it('refuses every key management call made with a key (403), even a write key', async () => {
    expect((await t.api('GET', '/organizations/101/apiKeys', { as: keys.acmeWrite })).status).toBe(403);
    const create = await t.api('POST', '/organizations/101/apiKeys', {
      as: keys.acmeWrite,
      json: { name: 'escalate', access: 'write' },
    });
    expect(create.status).toBe(403);
    expect(create.text).not.toMatch(/orgkey-/);
    expect((await t.api('DELETE', '/organizations/101/apiKeys/2', { as: keys.acmeLegacy })).status).toBe(403);
    expect(
      (await t.api('GET', '/organizations/101/apiKeys', { as: await t.login('member@acme.example') })).status,
    ).toBe(403);
    expect(t.mock.store.tables.apiKeys.size).toBe(5);
    expect(t.mock.store.tables.apiKeys.get(2)!.record.revoked).toBe(false);
  });

  it('creates a key whose secret is shown once and works on its next request', async () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    const owner = await t.login('owner@acme.example');
    const created = await t.api('POST', '/organizations/101/apiKeys', {
      as: owner,
      json: { name: 'Nightly export', access: 'read' },
    });
    expect(created.status).toBe(200);
    expect(random).toHaveBeenCalled();
    const { secret, ...record } = created.body;
    expect(secret).toMatch(/^orgkey-[0-9a-f]{32}$/);
    expect(record).toEqual({
      id: 6,
      name: 'Nightly export',
      access: 'read',
      prefix: secret.slice(7, 15),
      format: 'orgkey',
      createdAt: expect.any(Number),
      createdBy: 11,
      lastUsedAt: null,
      revoked: false,
      revokedAt: null,
    });
    expect(t.mock.store.tables.apiKeys.get(6)!.internal).toEqual({ organizationId: 101, secret });

    const listed = await t.api('GET', '/organizations/101/apiKeys', { as: owner });
    expect(listed.body.find((key: { id: number }) => key.id === 6)).toEqual(record);
    expect(listed.text).not.toContain(secret);

    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: secret })).body).toEqual({ organizationId: 101 });
    expect((await t.api('GET', '/projects/1001', { as: secret })).status).toBe(200);
    // A read key reads but does not write.
    expect(
      (await t.api('POST', '/organizations/101/tags', { as: secret, json: { title: 'x', colourHex: '000000' } }))
        .status,
    ).toBe(403);
    expect((await t.api('GET', '/organizations/102', { as: secret })).status).toBe(404);

    const second = await t.api('POST', '/organizations/101/apiKeys', {
      as: owner,
      json: { name: 'Nightly export', access: 'write' },
    });
    expect(second.body.id).toBe(7);
    expect(second.body.secret).not.toBe(secret);
    expect(
      (
        await t.api('POST', '/organizations/101/tags', {
          as: second.body.secret,
          json: { title: 'x', colourHex: '000000' },
        })
      ).status,
    ).toBe(200);
  });

  it('revokes a key: its next request is 401, it stays listed as revoked, and a second revoke keeps the first time', async () => {
    const owner = await t.login('owner@acme.example');
    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: keys.acmeRead })).status).toBe(200);
    const revoked = await t.api('DELETE', '/organizations/101/apiKeys/2', { as: owner });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');

    const refused = await t.api('GET', '/organizations/apiKeys/whoami', { as: keys.acmeRead });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('ac3e0000000000000000000000000002');
    const listed = (await t.api('GET', '/organizations/101/apiKeys', { as: owner })).body.find(
      (key: { id: number }) => key.id === 2,
    );
    expect(listed).toMatchObject({ id: 2, revoked: true, revokedAt: expect.any(Number) });

    expect((await t.api('DELETE', '/organizations/101/apiKeys/2', { as: owner })).status).toBe(204);
    expect(
      (await t.api('GET', '/organizations/101/apiKeys', { as: owner })).body.find((key: { id: number }) => key.id === 2)
        .revokedAt,
    ).toBe(listed.revokedAt);
    expect((await t.api('DELETE', '/organizations/101/apiKeys/3', { as: owner })).status).toBe(204);
    expect(t.mock.store.tables.apiKeys.get(3)!.record.revokedAt).toBe(1765815600000);
    // The other keys keep working.
    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: keys.acmeWrite })).status).toBe(200);
  });

  it('revokes a freshly created key', async () => {
    const owner = await t.login('owner@acme.example');
    const { body } = await t.api('POST', '/organizations/101/apiKeys', {
      as: owner,
      json: { name: 'short-lived', access: 'write' },
    });
    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: body.secret })).status).toBe(200);
    expect((await t.api('DELETE', `/organizations/101/apiKeys/${body.id}`, { as: owner })).status).toBe(204);
    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: body.secret })).status).toBe(401);
  });

  it("answers 404 for a key that is not one of this organization's", async () => {
    const owner = await t.login('owner@acme.example');
    expect((await t.api('DELETE', '/organizations/101/apiKeys/5', { as: owner })).status).toBe(404);
    expect((await t.api('DELETE', '/organizations/101/apiKeys/999', { as: owner })).status).toBe(404);
    expect((await t.api('GET', '/organizations/apiKeys/whoami', { as: keys.globexWrite })).status).toBe(200);
    expect(
      (await t.api('DELETE', '/organizations/101/apiKeys/1', { as: await t.login('owner@globex.example') })).status,
    ).toBe(404);
    expect(t.mock.store.tables.apiKeys.get(1)!.record.revoked).toBe(false);
  });
});

describe('audit log', () => {
  it('lists the writes newest first with actor, action, path and target; no secret', async () => {
    const owner = await t.login('owner@acme.example');
    await t.api('POST', '/organizations/101/tags', {
      as: keys.acmeWrite,
      json: { title: 'onboarding', colourHex: '33aa66' },
    });
    await t.api('PUT', '/organizations/101', { as: owner, json: { name: 'Acme Virtual Reality' } });
    const key = await t.api('POST', '/organizations/101/apiKeys', {
      as: owner,
      json: { name: 'Nightly export', access: 'read' },
    });
    await t.api('PUT', '/projects/1001', { as: keys.acmeLegacy, json: { name: 'Acme Training 2026' } });
    // Refused and read-only requests are not logged; nor are Globex's writes.
    await t.api('PUT', '/organizations/101', { as: keys.acmeWrite, json: { name: 'nope' } });
    await t.api('GET', '/organizations/101', { as: keys.acmeWrite });
    await t.api('POST', '/organizations/102/tags', {
      as: keys.globexWrite,
      json: { title: 'globex', colourHex: '000000' },
    });

    const log = await t.api('GET', '/organizations/101/auditLog', { as: owner });
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ count: 4, pages: 1, currentPage: 0 });
    expect(log.body.results.map((entry: { action: string }) => entry.action)).toEqual([
      'updateProject',
      'createOrganizationApiKey',
      'updateOrganization',
      'createOrganizationTag',
    ]);
    const [project, apiKey, organization, tag] = log.body.results;
    expect(project).toEqual({
      id: expect.any(Number),
      organizationId: 101,
      projectId: 1001,
      actor: { kind: 'orgKey', userId: null, apiKeyId: 4, label: expect.any(String) },
      action: 'updateProject',
      method: 'PUT',
      path: '/v0/projects/1001',
      target: { type: 'project', id: '1001' },
      status: 200,
      createdAt: expect.any(Number),
    });
    expect(apiKey).toMatchObject({
      actor: { kind: 'user', userId: 11, apiKeyId: null },
      method: 'POST',
      path: '/v0/organizations/101/apiKeys',
      target: { type: 'apiKey', id: String(key.body.id) },
    });
    expect(organization).toMatchObject({
      projectId: null,
      actor: { kind: 'user', userId: 11 },
      target: { type: 'organization', id: '101' },
    });
    expect(tag).toMatchObject({
      actor: { kind: 'orgKey', apiKeyId: 1, userId: null },
      target: { type: 'tag', id: '12' },
    });
    expect(log.text).not.toContain(key.body.secret);
    expect(log.text).not.toMatch(/orgkey-[0-9a-f]{32}/);

    const globex = await t.api('GET', '/organizations/102/auditLog', { as: await t.login('owner@globex.example') });
    expect(
      globex.body.results.map((entry: { action: string; organizationId: number }) => [
        entry.action,
        entry.organizationId,
      ]),
    ).toEqual([['createOrganizationTag', 102]]);
  });

  it('pages with page and limit (0-based); past the last page the results are empty', async () => {
    const owner = await t.login('owner@acme.example');
    for (const title of ['a', 'b', 'c', 'd', 'e'])
      await t.api('POST', '/organizations/101/tags', { as: keys.acmeWrite, json: { title, colourHex: '000000' } });
    const targets = (body: { results: { target: { id: string } }[] }) => body.results.map((entry) => entry.target.id);

    const first = await t.api('GET', '/organizations/101/auditLog?limit=2', { as: owner });
    expect(first.body).toMatchObject({ count: 5, pages: 3, currentPage: 0 });
    expect(targets(first.body)).toEqual(['16', '15']);
    const last = await t.api('GET', '/organizations/101/auditLog?page=2&limit=2', { as: owner });
    expect(last.body).toMatchObject({ count: 5, pages: 3, currentPage: 2 });
    expect(targets(last.body)).toEqual(['12']);
    const past = await t.api('GET', '/organizations/101/auditLog?page=7&limit=2', { as: owner });
    expect(past.status).toBe(200);
    expect(past.body).toEqual({ count: 5, pages: 3, currentPage: 7, results: [] });
    expect((await t.api('GET', '/organizations/101/auditLog?limit=101', { as: owner })).status).toBe(400);
  });

  it('does not log reads, even those that need admin access (keys, connections, the log itself)', async () => {
    const owner = await t.login('owner@acme.example');
    for (const path of [
      '/organizations/101/apiKeys',
      '/organizations/101/connections',
      '/organizations/101/auditLog',
      '/organizations/101/members',
    ]) {
      expect((await t.api('GET', path, { as: owner })).status).toBe(200);
    }
    expect([...t.mock.store.tables.auditLog.all()]).toEqual([]);
    const log = await t.api('GET', '/organizations/101/auditLog', { as: owner });
    expect(log.status).toBe(200);
    expect(log.body).toEqual({ count: 0, pages: 0, currentPage: 0, results: [] });
  });

  it('is for admins only: a key and a member get 403', async () => {
    expect((await t.api('GET', '/organizations/101/auditLog', { as: keys.acmeWrite })).status).toBe(403);
    expect(
      (await t.api('GET', '/organizations/101/auditLog', { as: await t.login('member@acme.example') })).status,
    ).toBe(403);
  });
});

describe('connections', () => {
  it("lists an organization's connections without their settings", async () => {
    const listed = await t.api('GET', '/organizations/101/connections', { as: await t.login('owner@acme.example') });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        id: 1,
        organizationId: 101,
        provider: 'slack',
        name: 'Slack #vr-analytics',
        enabled: true,
        createdAt: 1764666000000,
        updatedAt: 1764666000000,
      },
    ]);
    expect(listed.text).not.toContain('hooks.slack.example');
    expect(
      (await t.api('GET', '/organizations/102/connections', { as: await t.login('owner@globex.example') })).body,
    ).toEqual([]);
  });

  it('creates an enabled connection, storing its settings but never answering or logging them', async () => {
    const owner = await t.login('owner@acme.example');
    const settings = { url: 'https://hooks.acme.example/c3d', signingSecret: 'whsec_5b7e0c1d9a2f4e68' };
    const created = await t.api('POST', '/organizations/101/connections', {
      as: owner,
      json: { provider: 'webhook', name: 'Acme warehouse hook', settings },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 2,
      organizationId: 101,
      provider: 'webhook',
      name: 'Acme warehouse hook',
      enabled: true,
      createdAt: expect.any(Number),
      updatedAt: created.body.createdAt,
    });
    expect(t.mock.store.tables.connections.get(2)!.internal).toEqual({ settings });

    const listed = await t.api('GET', '/organizations/101/connections', { as: owner });
    expect(ids(listed.body)).toEqual([1, 2]);
    expect(listed.text).not.toContain('whsec_');
    const log = await t.api('GET', '/organizations/101/auditLog', { as: owner });
    expect(log.body.results[0]).toMatchObject({
      action: 'createOrganizationConnection',
      target: { type: 'connection', id: '2' },
    });
    expect(log.text).not.toContain('whsec_');
  });

  it("deletes a connection of the organization; another organization's or an unknown one is 404", async () => {
    const owner = await t.login('owner@acme.example');
    expect(
      (await t.api('DELETE', '/organizations/102/connections/1', { as: await t.login('owner@globex.example') })).status,
    ).toBe(404);
    const deleted = await t.api('DELETE', '/organizations/101/connections/1', { as: owner });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await t.api('GET', '/organizations/101/connections', { as: owner })).body).toEqual([]);
    expect(t.mock.store.tables.connections.get(1)).toBeUndefined();
    expect((await t.api('DELETE', '/organizations/101/connections/1', { as: owner })).status).toBe(404);
    expect((await t.api('GET', '/organizations/101/auditLog', { as: owner })).body.results[0]).toMatchObject({
      action: 'deleteOrganizationConnection',
      target: { type: 'connection', id: '1' },
    });
  });

  it('is for admins only: a write key gets 403', async () => {
    const json = { provider: 'slack', name: 'x', settings: {} };
    expect((await t.api('POST', '/organizations/101/connections', { as: keys.acmeWrite, json })).status).toBe(403);
    expect((await t.api('GET', '/organizations/101/connections', { as: keys.acmeWrite })).status).toBe(403);
  });
});
