import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../support/mock.ts';
import { openHarness, transports, type Harness } from '../support/transports.ts';

describe.each(transports)('credentials, over %s', (transport) => {
  let t: Harness;
  beforeAll(async () => {
    t = await openHarness(transport);
  });
  afterAll(() => t.close());

  const acmeHex = 'ac3e0000000000000000000000000001';

  describe('dashboard host credentials (GET /projects/1001)', () => {
    it.each([
      ['an organization key', keys.acmeWrite],
      ['a read-only organization key', keys.acmeRead],
      ['a legacy organization key', keys.acmeLegacy],
      ['a domain key', keys.domain],
    ])('accepts %s', async (_name, credential) => {
      const answer = await t.api('GET', '/projects/1001', { as: credential });
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(1001);
    });

    it('accepts a login session cookie', async () => {
      const owner = await t.login('owner@acme.example');
      expect((await t.api('GET', '/projects/1001', { as: owner })).status).toBe(200);
    });

    const accepted =
      'Accepted: Authorization: orgkey-<key> | Authorization: APIKEY:ORGANIZATION <key> | Authorization: APIKEY:DOMAIN <key> | the c3d_session_v5 cookie (log in with POST /v0/sessions)';
    it.each([
      ['no credential', undefined, `Missing credential. ${accepted}`],
      ['an empty Authorization header', '', `Malformed credential. ${accepted}`],
      ['garbage', 'let-me-in', `Malformed credential. ${accepted}`],
      ['a Bearer-wrapped key', `Bearer orgkey-${acmeHex}`, `Malformed credential. ${accepted}`],
      ['an upper-case key', `orgkey-${acmeHex.toUpperCase()}`, `Malformed credential. ${accepted}`],
      ['an upper-case prefix', `ORGKEY-${acmeHex}`, `Malformed credential. ${accepted}`],
      [
        'a lower-case scheme word',
        'apikey:organization ac3e0000000000000000000000000004',
        `Malformed credential. ${accepted}`,
      ],
      [
        'two spaces after the scheme word',
        'APIKEY:ORGANIZATION  ac3e0000000000000000000000000004',
        `Malformed credential. ${accepted}`,
      ],
      [
        'a new-format key under the legacy prefix',
        `APIKEY:ORGANIZATION orgkey-${acmeHex}`,
        `Malformed credential. ${accepted}`,
      ],
      ['a key one digit short', `orgkey-${acmeHex.slice(1)}`, `Malformed credential. ${accepted}`],
      ['a key one digit long', `orgkey-${acmeHex}0`, `Malformed credential. ${accepted}`],
      ['an unknown well-shaped key', 'orgkey-ffffffffffffffffffffffffffffffff', `Unknown or revoked key. ${accepted}`],
      ['a revoked key', keys.acmeRevoked, `Unknown or revoked key. ${accepted}`],
      [
        'the new key under the legacy prefix (same digits, other format)',
        `APIKEY:ORGANIZATION ${acmeHex}`,
        `Unknown or revoked key. ${accepted}`,
      ],
      [
        'a data key (data host only)',
        keys.data1001,
        `This operation does not accept Authorization: APIKEY:DATA <key>. ${accepted}`,
      ],
      [
        'a developer key (data host only)',
        keys.developer,
        `This operation does not accept Authorization: APIKEY:DEVELOPER <key>. ${accepted}`,
      ],
    ])('refuses %s with 401 naming the accepted formats', async (_name, credential, message) => {
      const answer = await t.api('GET', '/projects/1001', {
        headers: credential === undefined ? {} : { authorization: credential },
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.body).toEqual({ code: 401, message });
    });

    it('never echoes a secret in a 401', async () => {
      for (const credential of [
        keys.acmeRevoked,
        `Bearer ${keys.acmeWrite}`,
        'orgkey-ffffffffffffffffffffffffffffffff',
      ]) {
        const answer = await t.api('GET', '/projects/1001', { as: credential });
        expect(answer.text).not.toContain(credential.replace(/^.*?([0-9a-f]{32})$/, '$1'));
      }
    });

    it.each([
      [
        'an unknown session token',
        'c3d_session_v5=0123456789abcdef0123456789abcdef',
        'Unknown or expired login session',
      ],
      ['a malformed session token', 'c3d_session_v5=not-a-token', 'Malformed credential'],
    ])('refuses %s with 401', async (_name, cookie, start) => {
      const answer = await t.api('GET', '/projects/1001', { headers: { cookie } });
      expect(answer.status).toBe(401);
      expect(answer.body.message.startsWith(start)).toBe(true);
    });
  });

  describe('data host credentials', () => {
    it('accepts a developer key on editor routes and a data key on SDK routes', async () => {
      expect((await t.data('GET', '/apiKeys/verify', { as: keys.developer })).status).toBe(200);
      expect((await t.data('GET', '/questionSetHooks/end_of_training/questionSet', { as: keys.data1001 })).status).toBe(
        200,
      );
    });

    it('answers an expired developer key with 401 saying "key expired"', async () => {
      const answer = await t.data('GET', '/apiKeys/verify', { as: keys.developerExpired });
      expect(answer.status).toBe(401);
      expect(answer.body.message).toContain('key expired');
      expect(answer.text).not.toContain('de000000000000000000000000000002');
    });

    it.each([
      ['an organization key', keys.acmeWrite],
      ['a data key on a developer route', keys.data1001],
      ['a Bearer-wrapped developer key', `Bearer ${keys.developer}`],
    ])('refuses %s with 401', async (_name, credential) => {
      expect((await t.data('GET', '/apiKeys/verify', { as: credential })).status).toBe(401);
    });
  });

  describe('login, CSRF and logout', () => {
    it('logs in, reads the current session, needs the CSRF token on writes, and logs out', async () => {
      const login = await t.api('POST', '/sessions', {
        json: { email: 'member@acme.example', password: 'c3d-mock-password' },
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(/^c3d_session_v5=[0-9a-f]{32}; HttpOnly; Path=\/$/);
      expect(login.body).toEqual({ userId: 12, csrf: expect.stringMatching(/^[0-9a-f]{32}$/) });
      const member = {
        cookie: /c3d_session_v5=([0-9a-f]+)/.exec(login.headers.get('set-cookie')!)![1]!,
        csrf: login.body.csrf,
      };

      const current = await t.api('GET', '/sessions/current', { as: member });
      expect(current.body).toEqual({ userId: 12, email: 'member@acme.example', csrf: member.csrf });

      const rename = { json: { name: 'Renamed by member' } };
      const withoutCsrf = await t.api('PUT', '/projects/1001', { as: member, ...rename, withoutCsrf: true });
      expect(withoutCsrf.status).toBe(403);
      expect(withoutCsrf.body.message).toContain('c3d-csrf');
      const wrongCsrf = await t.api('PUT', '/projects/1001', { as: { ...member, csrf: '0'.repeat(32) }, ...rename });
      expect(wrongCsrf.status).toBe(403);
      expect((await t.api('GET', '/projects/1001', { as: member })).body.name).toBe('Acme Training');
      expect((await t.api('PUT', '/projects/1001', { as: member, ...rename })).status).toBe(200);

      const logout = await t.api('DELETE', '/sessions/current', { as: member });
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie')).toBe('c3d_session_v5=; HttpOnly; Path=/; Max-Age=0');
      expect((await t.api('GET', '/projects/1001', { as: member })).status).toBe(401);
    });

    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await t.api('POST', '/sessions', {
        json: { email: 'ghost@acme.example', password: 'c3d-mock-password' },
      });
      const wrong = await t.api('POST', '/sessions', {
        json: { email: 'owner@acme.example', password: 'not-the-password' },
      });
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
    });
  });
});
