import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  curlCommand,
  maskAuthorization,
  maskCookie,
  maskHeaders,
  reproduction,
  SecretBook,
  type Sent,
} from '../../src/contract/reproduce.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { png } from '../support/files.ts';

const run = promisify(execFile);
const writeKey = 'orgkey-ac3e0000000000000000000000000001';

function book(): SecretBook {
  const secrets = new SecretBook();
  secrets.add(
    writeKey,
    'authorization',
    'C3D_AUTHORIZATION',
    'the "authorization" of principal acme-write-key in the principals file',
  );
  secrets.add(
    'c3d-mock-password',
    'password',
    'C3D_PASSWORD',
    'the password of principal owner@acme.example in the principals file',
  );
  return secrets;
}

describe('masking keeps the format and the first characters, never the whole secret', () => {
  it('Authorization values', () => {
    expect(maskAuthorization(writeKey)).toBe('orgkey-ac3e…');
    expect(maskAuthorization('APIKEY:DEVELOPER de000000000000000000000000000001')).toBe('APIKEY:DEVELOPER de00…');
    expect(maskAuthorization('APIKEY:ORGANIZATION  ac3e0000000000000000000000000004')).toBe(
      'APIKEY:ORGANIZATION  ac3e…',
    );
    expect(maskAuthorization(`Bearer ${writeKey}`)).toBe('Bearer orgkey-ac3e…');
    expect(maskAuthorization('ORGKEY-AC3E0000000000000000000000000001')).toBe('ORGKEY-AC3E…');
    // Short values keep a quarter of their secret at most.
    expect(maskAuthorization('let-me-in')).toBe('let-m…');
    expect(maskAuthorization('')).toBe('');
  });

  it('cookies, Set-Cookie and the CSRF header', () => {
    expect(maskCookie('c3d_session_v5=9f2c6b1d0e8a4f3b', false)).toBe('c3d_session_v5=9f2c…');
    expect(maskCookie('c3d_session_v5=9f2c6b1d0e8a4f3b; HttpOnly; Path=/', true)).toBe(
      'c3d_session_v5=9f2c…; HttpOnly; Path=/',
    );
    expect(maskHeaders({ 'C3D-CSRF': '5e1f0a9b8c7d6e5f', Accept: 'application/json' })).toEqual({
      'c3d-csrf': '5e1f…',
      accept: 'application/json',
    });
  });

  it('texts: known secrets, secret JSON fields and anything shaped like a documented key', () => {
    const secrets = book();
    expect(secrets.mask('{"email":"owner@acme.example","password":"c3d-mock-password"}')).toBe(
      '{"email":"owner@acme.example","password":"…"}',
    );
    expect(secrets.mask('{"password":"another-password","csrf":"0123456789abcdef"}')).toBe(
      '{"password":"…","csrf":"0123…"}',
    );
    expect(secrets.mask('{"secret":"orgkey-3f9a1c2e7b4d4e0a9c815f62d07e4b19","prefix":"3f9a1c2e"}')).toBe(
      '{"secret":"orgk…","prefix":"3f9a1c2e"}',
    );
    expect(
      secrets.mask('keys: APIKEY:DATA da000000000000000000000000001001 and orgkey-610be000000000000000000000000001'),
    ).toBe('keys: APIKEY:DATA da00… and orgkey-610b…');
  });
});

describe('curl commands', () => {
  const sent = (spec: Sent['spec'], headers: Record<string, string>): Sent => ({
    spec,
    url: `http://127.0.0.1:4010/v0${spec.path}`,
    headers: { ...headers, ...(spec.body ? { 'content-type': spec.body.contentType } : {}) },
  });

  it('read known credentials from variables, and the rest of the header as it was sent', () => {
    const { command, variables } = curlCommand(
      sent({ host: 'api', method: 'GET', path: '/projects/1001' }, { authorization: `Bearer ${writeKey}` }),
      book(),
    );
    expect(command).toBe(
      `curl -sS -i 'http://127.0.0.1:4010/v0/projects/1001' -H 'authorization: Bearer '"$C3D_AUTHORIZATION"`,
    );
    expect(variables).toEqual({
      C3D_AUTHORIZATION: 'the "authorization" of principal acme-write-key in the principals file',
    });
  });

  it('read a credential the suite does not know (a forged or re-cased key, one a flow made) whole from its variable', () => {
    const { command, variables } = curlCommand(
      sent(
        { host: 'api', method: 'GET', path: '/projects/1001' },
        { authorization: 'orgkey-53c1ffffffffffffffffffffffffffffe' },
      ),
      book(),
    );
    expect(command).toBe(
      `curl -sS -i 'http://127.0.0.1:4010/v0/projects/1001' -H 'authorization: '"$C3D_AUTHORIZATION"`,
    );
    expect(variables).toEqual({ C3D_AUTHORIZATION: 'the authorization value sent, shown masked: orgkey-53c1…' });
  });

  it('send an empty header as empty, and quote bodies for the shell', () => {
    const { command, variables } = curlCommand(
      sent(
        {
          host: 'api',
          method: 'POST',
          path: '/sessions',
          body: {
            kind: 'json',
            contentType: 'application/json',
            text: `{"email":"o'neil@acme.example","password":"c3d-mock-password"}`,
          },
        },
        { authorization: '' },
      ),
      book(),
    );
    expect(command).toBe(
      `curl -sS -i -X POST 'http://127.0.0.1:4010/v0/sessions' -H 'authorization;' -H 'content-type: application/json' --data-binary '{"email":"o'\\''neil@acme.example","password":"'"$C3D_PASSWORD"'"}'`,
    );
    expect(variables).toEqual({ C3D_PASSWORD: 'the password of principal owner@acme.example in the principals file' });
  });

  it('carry the request and the answer, masked', () => {
    const request = sent(
      {
        host: 'api',
        method: 'POST',
        path: '/sessions',
        body: {
          kind: 'json',
          contentType: 'application/json',
          text: '{"email":"owner@acme.example","password":"c3d-mock-password"}',
        },
      },
      {},
    );
    const answerText = '{"csrf":"0123456789abcdef0123"}';
    const kept = reproduction(
      request,
      {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'set-cookie': 'c3d_session_v5=abcdef0123456789; HttpOnly; Path=/',
        },
        bytes: new TextEncoder().encode(answerText),
        text: answerText,
      },
      book(),
    );
    expect(kept.request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:4010/v0/sessions',
      headers: { 'content-type': 'application/json' },
      bodyExcerpt: '{"email":"owner@acme.example","password":"…"}',
    });
    expect(kept.answer).toEqual({
      status: 200,
      contentType: 'application/json',
      headers: { 'content-type': 'application/json', 'set-cookie': 'c3d_session_v5=abcd…; HttpOnly; Path=/' },
      bodyExcerpt: '{"csrf":"0123…"}',
    });
  });
});

describe('a curl command with a binary body, run against the mock', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, dataPort: 0 });
  });
  afterAll(() => server.close());

  it('uploads the exact bytes', async () => {
    const bytes = new Uint8Array([...png, 0x00, 0x25, 0x27, 0x5c, 0xff]);
    const spec = {
      host: 'api' as const,
      method: 'PUT',
      path: '/projects/1001/media/701/files/floor_plan.png',
      body: { kind: 'bytes' as const, contentType: 'image/png', bytes },
    };
    const { command } = curlCommand(
      {
        spec,
        url: `${server.urls.api}${spec.path}`,
        headers: { authorization: writeKey, 'content-type': 'image/png' },
      },
      book(),
    );
    expect(command).toMatch(/^printf '\\211PNG\\015\\012.*\\000\\045\\047\\134\\377' \| curl -sS -i -X PUT /);
    const { stdout } = await run('sh', ['-c', `${command} -o /dev/null -w '%{http_code}'`], {
      env: { ...process.env, C3D_AUTHORIZATION: writeKey },
    });
    expect(stdout).toBe('200');
    const stored = await fetch(`${server.urls.api}${spec.path}`, { headers: { authorization: writeKey } });
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(bytes);
  });
});
