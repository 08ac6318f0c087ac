import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const auditEntries = () => [...t.mock.store.tables.auditLog.all()].map((row) => row.record);

describe('domains', () => {
  it('answers a domain and its organizations (without projects)', async () => {
    const domain = await t.api('GET', '/domains/1', { as: keys.domain });
    expect(domain.status).toBe(200);
    expect(domain.body).toEqual({ id: 1, name: 'Default domain', createdAt: 1764576000000, updatedAt: 1764576000000 });
    const organizations = await t.api('GET', '/domains/1/organizations', { as: await t.login('ops@domain.example') });
    expect(organizations.status).toBe(200);
    expect(organizations.body).toEqual([
      { id: 101, name: 'Acme VR', domainId: 1, createdAt: 1764577800000, updatedAt: 1764577800000 },
      { id: 102, name: 'Globex XR', domainId: 1, createdAt: 1764684000000, updatedAt: 1764684000000 },
    ]);
  });

  it("changes a domain's settings (a domain admin; a key is refused with 403)", async () => {
    expect((await t.api('PUT', '/domains/1', { as: keys.domain, json: { name: 'Acme Group' } })).status).toBe(403);
    const updated = await t.api('PUT', '/domains/1', {
      as: await t.login('ops@domain.example'),
      json: { name: 'Acme Group' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 1, name: 'Acme Group', createdAt: 1764576000000 });
    expect(updated.body.updatedAt).toBeGreaterThan(1764576000000);
    expect((await t.api('GET', '/domains/1', { as: keys.domain })).body.name).toBe('Acme Group');
  });
});

describe('organizations', () => {
  it('tells an organization key which organization it belongs to, in both formats', async () => {
    for (const [key, organizationId] of [
      [keys.acmeWrite, 101],
      [keys.acmeLegacy, 101],
      [keys.acmeRead, 101],
      [keys.globexWrite, 102],
    ] as const) {
      const answer = await t.api('GET', '/organizations/apiKeys/whoami', { as: key });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ organizationId });
    }
  });

  it('answers an organization with its own projects, each with null stats (excludeTags changes nothing else)', async () => {
    const plain = await t.api('GET', '/organizations/101', { as: keys.acmeRead });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ id: 101, name: 'Acme VR', domainId: 1 });
    expect(plain.body).not.toHaveProperty('subscriptions');
    expect(plain.body.projects.map((project: { id: number }) => project.id)).toEqual([1001, 1002]);
    expect(
      plain.body.projects.every(
        (project: { stats: unknown; organizationId: number }) =>
          project.stats === null && project.organizationId === 101,
      ),
    ).toBe(true);
    const excluding = await t.api('GET', '/organizations/101?excludeTags=test,junk', { as: keys.acmeRead });
    expect(excluding.status).toBe(200);
    expect(excluding.body).toEqual(plain.body);
    expect(
      (await t.api('GET', '/organizations/102', { as: keys.globexWrite })).body.projects.map(
        (p: { id: number }) => p.id,
      ),
    ).toEqual([2001]);
  });

  it("changes an organization's settings: admins only, the next read shows it, and the write is logged", async () => {
    expect((await t.api('PUT', '/organizations/101', { as: keys.acmeWrite, json: { name: 'Acme XR' } })).status).toBe(
      403,
    );
    expect(
      (
        await t.api('PUT', '/organizations/101', {
          as: await t.login('member@acme.example'),
          json: { name: 'Acme XR' },
        })
      ).status,
    ).toBe(403);
    const updated = await t.api('PUT', '/organizations/101', {
      as: await t.login('owner@acme.example'),
      json: { name: 'Acme Virtual Reality' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 101, name: 'Acme Virtual Reality', domainId: 1 });
    expect(updated.body).not.toHaveProperty('projects');
    expect((await t.api('GET', '/organizations/101', { as: keys.acmeRead })).body.name).toBe('Acme Virtual Reality');
    expect(auditEntries()).toEqual([
      expect.objectContaining({
        organizationId: 101,
        projectId: null,
        action: 'updateOrganization',
        target: { type: 'organization', id: '101' },
        actor: expect.objectContaining({ kind: 'user', userId: 11 }),
      }),
    ]);
  });
});

describe('session tags', () => {
  const defaults = [1, 2, 3, 4];
  const tagIds = (body: { id: number }[]) => body.map((tag) => tag.id);

  it("lists the four defaults and the organization's own tags", async () => {
    const acme = await t.api('GET', '/organizations/101/tags', { as: keys.acmeRead });
    expect(acme.status).toBe(200);
    expect(tagIds(acme.body)).toEqual([...defaults, 11]);
    expect(acme.body.slice(0, 4).map((tag: { title: string }) => tag.title)).toEqual([
      'test',
      'junk',
      'Crash',
      'LowMemory',
    ]);
    expect(acme.body[4]).toEqual({
      id: 11,
      title: 'vip',
      colourHex: '3366ff',
      isDefault: false,
      organizationId: 101,
      description: 'Sessions of key customers and trainers.',
      projectIds: [1001],
    });
    expect(tagIds((await t.api('GET', '/organizations/102/tags', { as: keys.globexWrite })).body)).toEqual(defaults);
  });

  it('lists inherited tags too under /tags/all: equal to /tags with the default seed, plus domain tags', async () => {
    const all = await t.api('GET', '/organizations/101/tags/all', { as: keys.acmeRead });
    expect(all.status).toBe(200);
    expect(all.body).toEqual((await t.api('GET', '/organizations/101/tags', { as: keys.acmeRead })).body);
    t.mock.store.tables.sessionTags.insert({
      id: 50,
      title: 'group-wide',
      colourHex: '123456',
      isDefault: false,
      organizationId: null,
      domainId: 1,
    });
    expect(tagIds((await t.api('GET', '/organizations/101/tags/all', { as: keys.acmeRead })).body)).toEqual([
      ...defaults,
      11,
      50,
    ]);
    expect(tagIds((await t.api('GET', '/organizations/102/tags/all', { as: keys.globexWrite })).body)).toEqual([
      ...defaults,
      50,
    ]);
    expect(tagIds((await t.api('GET', '/organizations/101/tags', { as: keys.acmeRead })).body)).toEqual([
      ...defaults,
      11,
    ]);
  });

  it('creates a tag that later lists show (in its organization only), and logs it', async () => {
    const created = await t.api('POST', '/organizations/101/tags', {
      as: keys.acmeWrite,
      json: {
        title: 'onboarding',
        description: 'New-hire onboarding.',
        colourHex: '33aa66',
        projectIds: ['1001', '1002'],
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 12,
      title: 'onboarding',
      colourHex: '33aa66',
      isDefault: false,
      organizationId: 101,
      description: 'New-hire onboarding.',
      projectIds: [1001, 1002],
    });
    expect(tagIds((await t.api('GET', '/organizations/101/tags', { as: keys.acmeRead })).body)).toEqual([
      ...defaults,
      11,
      12,
    ]);
    expect(tagIds((await t.api('GET', '/organizations/102/tags', { as: keys.globexWrite })).body)).toEqual(defaults);
    expect(auditEntries()).toEqual([
      expect.objectContaining({
        action: 'createOrganizationTag',
        target: { type: 'tag', id: '12' },
        actor: expect.objectContaining({ kind: 'orgKey', apiKeyId: 1 }),
      }),
    ]);

    const bare = await t.api('POST', '/organizations/101/tags', {
      as: keys.acmeWrite,
      json: { title: 'bare', colourHex: 'ABCDEF' },
    });
    expect(bare.body).toEqual({
      id: 13,
      title: 'bare',
      colourHex: 'ABCDEF',
      isDefault: false,
      organizationId: 101,
      description: null,
      projectIds: [],
    });
  });

  it("refuses another organization's project and a title already in use (400), storing nothing", async () => {
    const foreign = await t.api('POST', '/organizations/101/tags', {
      as: keys.acmeWrite,
      json: { title: 'sim', colourHex: '000000', projectIds: ['1001', '2001'] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ code: 400, field: '/projectIds/1' });
    const unknown = await t.api('POST', '/organizations/101/tags', {
      as: keys.acmeWrite,
      json: { title: 'sim', colourHex: '000000', projectIds: ['9999'] },
    });
    expect(unknown.body).toMatchObject({ code: 400, field: '/projectIds/0' });
    for (const title of ['Test', 'VIP']) {
      const taken = await t.api('POST', '/organizations/101/tags', {
        as: keys.acmeWrite,
        json: { title, colourHex: '000000' },
      });
      expect(taken.status).toBe(400);
      expect(taken.body).toMatchObject({ code: 400, field: '/title' });
    }
    // Another organization may use a title Acme uses.
    expect(
      (
        await t.api('POST', '/organizations/102/tags', {
          as: keys.globexWrite,
          json: { title: 'vip', colourHex: '000000' },
        })
      ).status,
    ).toBe(200);
    expect(tagIds((await t.api('GET', '/organizations/101/tags', { as: keys.acmeRead })).body)).toEqual([
      ...defaults,
      11,
    ]);
    expect(auditEntries().map((entry) => entry.organizationId)).toEqual([102]);
  });

  it('refuses an observer and a read key (403)', async () => {
    const json = { title: 'onboarding', colourHex: '33aa66' };
    const before = t.mock.store.tables.sessionTags.size;
    expect(
      (await t.api('POST', '/organizations/101/tags', { as: await t.login('observer@acme.example'), json })).status,
    ).toBe(403);
    expect((await t.api('POST', '/organizations/101/tags', { as: keys.acmeRead, json })).status).toBe(403);
    expect(t.mock.store.tables.sessionTags.size).toBe(before);
  });
});
