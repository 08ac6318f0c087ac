import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const userIds = (body: { userId: number }[]) => body.map((member) => member.userId);
const auditEntries = () => [...t.mock.store.tables.auditLog.all()].map((row) => row.record);

describe('organization members', () => {
  it("lists the roles held directly on the organization, with the users' fields, by user id", async () => {
    const members = await t.api('GET', '/organizations/101/members', { as: keys.acmeRead });
    expect(members.status).toBe(200);
    expect(members.body).toEqual([
      {
        userId: 11,
        email: 'owner@acme.example',
        firstName: 'Ada',
        lastName: 'Lindqvist',
        role: 'admin',
        scopeType: 'organization',
        scopeId: 101,
        createdAt: 1764577800000,
      },
      {
        userId: 12,
        email: 'member@acme.example',
        firstName: 'Ben',
        lastName: 'Okafor',
        role: 'member',
        scopeType: 'organization',
        scopeId: 101,
        createdAt: 1764578700000,
      },
      {
        userId: 13,
        email: 'observer@acme.example',
        firstName: 'Chloe',
        lastName: 'Martin',
        role: 'observer',
        scopeType: 'organization',
        scopeId: 101,
        createdAt: 1764579000000,
      },
    ]);
    expect(userIds((await t.api('GET', '/organizations/102/members', { as: keys.globexWrite })).body)).toEqual([17]);
  });

  it('adds an existing user by email (any case): the list shows it and the user sees the organization on its next request', async () => {
    const owner = await t.login('owner@acme.example');
    const nobody = await t.login('nobody@acme.example');
    expect((await t.api('GET', '/organizations/101', { as: nobody })).status).toBe(404);

    const added = await t.api('POST', '/organizations/101/members', {
      as: owner,
      json: { email: 'Nobody@Acme.example', role: 'observer' },
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      userId: 19,
      email: 'nobody@acme.example',
      firstName: 'Nora',
      lastName: 'Blake',
      role: 'observer',
      scopeType: 'organization',
      scopeId: 101,
      createdAt: expect.any(Number),
    });
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: owner })).body)).toEqual([11, 12, 13, 19]);
    expect((await t.api('GET', '/organizations/101', { as: nobody })).status).toBe(200);
    expect((await t.api('GET', '/users/me', { as: nobody })).body.roles).toEqual([
      { scopeType: 'organization', scopeId: 101, role: 'observer' },
    ]);
    expect(auditEntries()).toEqual([
      expect.objectContaining({
        organizationId: 101,
        projectId: null,
        action: 'addOrganizationMember',
        method: 'POST',
        path: '/v0/organizations/101/members',
        target: { type: 'member', id: '19' },
      }),
    ]);
  });

  it('refuses an unknown email (404) and a user who already holds a role there (400)', async () => {
    const owner = await t.login('owner@acme.example');
    const unknown = await t.api('POST', '/organizations/101/members', {
      as: owner,
      json: { email: 'ghost@acme.example', role: 'member' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(404);
    const again = await t.api('POST', '/organizations/101/members', {
      as: owner,
      json: { email: 'member@acme.example', role: 'admin' },
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 400,
      field: '/email',
      message: expect.stringContaining('already holds a role'),
    });
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: owner })).body)).toEqual([11, 12, 13]);
    expect(auditEntries()).toEqual([]);
  });

  it('demotes a member to observer: its next write is refused with 403', async () => {
    const owner = await t.login('owner@acme.example');
    const member = await t.login('member@acme.example');
    const tag = (title: string) =>
      t.api('POST', '/organizations/101/tags', { as: member, json: { title, colourHex: '123456' } });
    expect((await tag('before')).status).toBe(200);

    const demoted = await t.api('PUT', '/organizations/101/members/12', { as: owner, json: { role: 'observer' } });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toEqual({
      userId: 12,
      email: 'member@acme.example',
      firstName: 'Ben',
      lastName: 'Okafor',
      role: 'observer',
      scopeType: 'organization',
      scopeId: 101,
      createdAt: 1764578700000,
    });
    expect((await t.api('GET', '/organizations/101/members', { as: owner })).body[1].role).toBe('observer');

    const after = await tag('after');
    expect(after.status).toBe(403);
    expect((await t.api('GET', '/organizations/101/tags', { as: member })).status).toBe(200);
    expect(auditEntries().map((entry) => [entry.action, entry.target])).toEqual([
      ['createOrganizationTag', { type: 'tag', id: '12' }],
      ['updateOrganizationMember', { type: 'member', id: '12' }],
    ]);
  });

  it("removes a member's role: the user then sees nothing of the organization; a second removal is 404", async () => {
    const owner = await t.login('owner@acme.example');
    const observer = await t.login('observer@acme.example');
    const removed = await t.api('DELETE', '/organizations/101/members/13', { as: owner });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: owner })).body)).toEqual([11, 12]);
    expect((await t.api('GET', '/organizations/101', { as: observer })).status).toBe(404);
    expect(t.mock.store.tables.users.get(13)).toBeDefined();
    expect((await t.api('DELETE', '/organizations/101/members/13', { as: owner })).status).toBe(404);
  });

  it('answers 404 for a user with no role held directly on the organization', async () => {
    const owner = await t.login('owner@acme.example');
    // lead@acme.example (14) holds a role on project 1001 only.
    expect((await t.api('PUT', '/organizations/101/members/14', { as: owner, json: { role: 'member' } })).status).toBe(
      404,
    );
    expect((await t.api('DELETE', '/organizations/101/members/14', { as: owner })).status).toBe(404);
    expect((await t.api('PUT', '/organizations/101/members/17', { as: owner, json: { role: 'member' } })).status).toBe(
      404,
    );
    expect(t.mock.store.tables.roleAssignments.get(7)!.record.role).toBe('admin');
  });

  it('lets only admins manage members: a member, a write key and a project admin get 403', async () => {
    const json = { email: 'nobody@acme.example', role: 'member' };
    expect(
      (await t.api('POST', '/organizations/101/members', { as: await t.login('member@acme.example'), json })).status,
    ).toBe(403);
    expect((await t.api('POST', '/organizations/101/members', { as: keys.acmeWrite, json })).status).toBe(403);
    expect(
      (
        await t.api('PUT', '/organizations/101/members/12', {
          as: await t.login('lead@acme.example'),
          json: { role: 'admin' },
        })
      ).status,
    ).toBe(403);
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: keys.acmeRead })).body)).toEqual([
      11, 12, 13,
    ]);
  });

  it("hides another tenant's members: a Globex admin gets 404 with no Acme data", async () => {
    const globex = await t.login('owner@globex.example');
    const answer = await t.api('GET', '/organizations/101/members', { as: globex });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ code: 404, message: 'Not found' });
    expect(answer.text).not.toMatch(/acme|Lindqvist|Okafor/i);
    const project = await t.api('GET', '/projects/1001/members', { as: globex });
    expect(project.status).toBe(404);
    expect(project.text).not.toMatch(/acme|Chen/i);
    expect((await t.api('DELETE', '/organizations/101/members/12', { as: globex })).status).toBe(404);
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: keys.acmeRead })).body)).toEqual([
      11, 12, 13,
    ]);
  });
});

describe('project members', () => {
  it('lists the roles held directly on the project only', async () => {
    const members = await t.api('GET', '/projects/1001/members', { as: await t.login('viewer@acme.example') });
    expect(members.status).toBe(200);
    expect(members.body).toEqual([
      {
        userId: 14,
        email: 'lead@acme.example',
        firstName: 'Liam',
        lastName: 'Chen',
        role: 'admin',
        scopeType: 'project',
        scopeId: 1001,
        createdAt: 1764579900000,
      },
      {
        userId: 15,
        email: 'dev@acme.example',
        firstName: 'Dana',
        lastName: 'Kowalski',
        role: 'member',
        scopeType: 'project',
        scopeId: 1001,
        createdAt: 1764580200000,
      },
      {
        userId: 16,
        email: 'viewer@acme.example',
        firstName: 'Victor',
        lastName: 'Ruiz',
        role: 'observer',
        scopeType: 'project',
        scopeId: 1001,
        createdAt: 1764580500000,
      },
    ]);
    expect((await t.api('GET', '/projects/1002/members', { as: keys.acmeRead })).body).toEqual([]);
  });

  it('lets a project admin add, change and remove project roles; an organization role does not count as one', async () => {
    const lead = await t.login('lead@acme.example');
    const added = await t.api('POST', '/projects/1001/members', {
      as: lead,
      json: { email: 'member@acme.example', role: 'admin' },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ userId: 12, role: 'admin', scopeType: 'project', scopeId: 1001 });
    expect(
      (await t.api('POST', '/projects/1001/members', { as: lead, json: { email: 'dev@acme.example', role: 'admin' } }))
        .status,
    ).toBe(400);

    const promoted = await t.api('PUT', '/projects/1001/members/15', { as: lead, json: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: 15, role: 'admin', scopeType: 'project', scopeId: 1001 });
    expect((await t.api('DELETE', '/projects/1001/members/16', { as: lead })).status).toBe(204);

    const members = (await t.api('GET', '/projects/1001/members', { as: lead })).body;
    expect(members.map((m: { userId: number; role: string }) => [m.userId, m.role])).toEqual([
      [12, 'admin'],
      [14, 'admin'],
      [15, 'admin'],
    ]);
    // The organization role is kept beside the project one.
    expect((await t.api('GET', '/organizations/101/members', { as: lead })).status).toBe(403);
    expect(userIds((await t.api('GET', '/organizations/101/members', { as: keys.acmeRead })).body)).toEqual([
      11, 12, 13,
    ]);
    expect((await t.api('GET', '/projects/1001', { as: await t.login('viewer@acme.example') })).status).toBe(404);
    expect(auditEntries().map((entry) => [entry.action, entry.projectId, entry.target])).toEqual([
      ['addProjectMember', 1001, { type: 'member', id: '12' }],
      ['updateProjectMember', 1001, { type: 'member', id: '15' }],
      ['removeProjectMember', 1001, { type: 'member', id: '16' }],
    ]);
  });

  it('answers 404 for a user with no role held directly on the project, and refuses a project member (403)', async () => {
    const owner = await t.login('owner@acme.example');
    expect((await t.api('PUT', '/projects/1001/members/11', { as: owner, json: { role: 'member' } })).status).toBe(404);
    expect((await t.api('DELETE', '/projects/1002/members/14', { as: owner })).status).toBe(404);
    const dev = await t.login('dev@acme.example');
    expect((await t.api('DELETE', '/projects/1001/members/16', { as: dev })).status).toBe(403);
    expect(userIds((await t.api('GET', '/projects/1001/members', { as: dev })).body)).toEqual([14, 15, 16]);
  });
});
