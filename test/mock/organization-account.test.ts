import { beforeEach, describe, expect, it } from 'vitest';
import { password, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const logIn = (email: string, secret: string) => t.api('POST', '/sessions', { json: { email, password: secret } });

describe('login sessions', () => {
  it('logs in, reads the current session, logs out; the old cookie is then refused', async () => {
    const login = await logIn('owner@acme.example', password);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ userId: 11, csrf: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const cookie = /^c3d_session_v5=([0-9a-f]{32}); HttpOnly; Path=\/$/.exec(
      login.headers.get('set-cookie') ?? '',
    )?.[1];
    expect(cookie).toBeDefined();
    const owner = { cookie: cookie!, csrf: login.body.csrf };

    const current = await t.api('GET', '/sessions/current', { as: owner });
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ userId: 11, email: 'owner@acme.example', csrf: owner.csrf });

    const logout = await t.api('DELETE', '/sessions/current', { as: owner });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    expect(logout.headers.get('set-cookie')).toBe('c3d_session_v5=; HttpOnly; Path=/; Max-Age=0');

    const after = await t.api('GET', '/sessions/current', { as: owner });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe(401);
    expect((await t.api('GET', '/users/me', { as: owner })).status).toBe(401);
  });

  it('answers the same 401 for an unknown email and a wrong password', async () => {
    const wrongPassword = await logIn('owner@acme.example', 'not-the-password');
    const unknownEmail = await logIn('ghost@acme.example', password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a cookie write without its c3d-csrf header (403) and changes nothing', async () => {
    const owner = await t.login('owner@acme.example');
    const refused = await t.api('PUT', '/users/me', { as: owner, json: { firstName: 'Eve' }, withoutCsrf: true });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 403, message: expect.stringContaining('c3d-csrf') });
    const wrong = await t.api('POST', '/organizations/101/tags', {
      as: owner,
      json: { title: 'x', colourHex: '000000' },
      headers: { 'c3d-csrf': 'f'.repeat(32) },
      withoutCsrf: true,
    });
    expect(wrong.status).toBe(403);
    expect((await t.api('GET', '/users/me', { as: owner })).body.firstName).toBe('Ada');
  });
});

describe('account', () => {
  it('answers the caller with every role assignment it holds', async () => {
    const owner = await t.api('GET', '/users/me', { as: await t.login('owner@acme.example') });
    expect(owner.status).toBe(200);
    expect(owner.body).toEqual({
      id: 11,
      email: 'owner@acme.example',
      firstName: 'Ada',
      lastName: 'Lindqvist',
      roles: [{ scopeType: 'organization', scopeId: 101, role: 'admin' }],
      createdAt: 1764577800000,
      updatedAt: 1764577800000,
    });
    expect(owner.body).not.toHaveProperty('password');
    const lead = await t.api('GET', '/users/me', { as: await t.login('lead@acme.example') });
    expect(lead.body.roles).toEqual([{ scopeType: 'project', scopeId: 1001, role: 'admin' }]);
    const nobody = await t.api('GET', '/users/me', { as: await t.login('nobody@acme.example') });
    expect(nobody.body.roles).toEqual([]);
  });

  it("changes the caller's name: the next read shows it", async () => {
    const dev = await t.login('dev@acme.example');
    const updated = await t.api('PUT', '/users/me', { as: dev, json: { lastName: 'Kowalska' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: 15,
      firstName: 'Dana',
      lastName: 'Kowalska',
      roles: [{ scopeType: 'project', scopeId: 1001, role: 'member' }],
    });
    expect(updated.body.updatedAt).toBeGreaterThan(1764580200000);
    const read = await t.api('GET', '/users/me', { as: dev });
    expect(read.body).toMatchObject({ firstName: 'Dana', lastName: 'Kowalska', email: 'dev@acme.example' });
  });

  it('refuses an email change (400: not part of the account update)', async () => {
    const dev = await t.login('dev@acme.example');
    const refused = await t.api('PUT', '/users/me', { as: dev, json: { email: 'x@acme.example' } });
    expect(refused.status).toBe(400);
    expect((await t.api('GET', '/users/me', { as: dev })).body.email).toBe('dev@acme.example');
  });

  it('changes the password: 403 with a wrong current one; then only the new one logs in', async () => {
    const member = await t.login('member@acme.example');
    const wrong = await t.api('PUT', '/users/me/password', {
      as: member,
      json: { currentPassword: 'guess-guess', newPassword: 'a-longer-Passphrase-2026' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ code: 403, message: 'The current password is wrong' });
    expect((await logIn('member@acme.example', 'a-longer-Passphrase-2026')).status).toBe(401);

    const changed = await t.api('PUT', '/users/me/password', {
      as: member,
      json: { currentPassword: password, newPassword: 'a-longer-Passphrase-2026' },
    });
    expect(changed.status).toBe(204);
    expect(changed.text).toBe('');
    expect((await logIn('member@acme.example', 'a-longer-Passphrase-2026')).status).toBe(200);
    expect((await logIn('member@acme.example', password)).status).toBe(401);
    // The session that made the change stays valid.
    expect((await t.api('GET', '/users/me', { as: member })).status).toBe(200);
  });
});
