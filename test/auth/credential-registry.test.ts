import type { SecuritySchemeObject } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import principalsFile from '../../fixtures/default.principals.json' with { type: 'json' };
import { keyFormatHint } from '../../src/auth/credentials/hint.ts';
import { credentialModules } from '../../src/auth/credentials/registry.ts';
import { credentialHeaders, type ClientCredential } from '../../src/client/credentials.ts';
import { compiledHosts } from '../../src/core/mock.ts';
import { variableFor } from '../../src/postman/credentials.ts';
import { keySecrets, prefilledCredentials } from '../../src/server/docs-credentials.ts';
import {
  credentialKindNames,
  credentialKinds,
  isCredentialKind,
  keyFormats,
  keyKindNames,
  loginSession,
  type KeyKind,
} from '../../src/spec/credential-kinds.ts';
import { documentNames } from '../../src/spec/documents.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { resolve } from '../../src/spec/operations.ts';
import { startMock } from '../support/mock.ts';

/**
 * Every credential kind is checked from the registry alone: a kind added to `src/spec/credential-kinds.ts`,
 * its security scheme and its module, with a key in the seed and the default principals file, is tested here
 * without new test code.
 */

const documents = documentNames.map((name) => bundledDocuments[name]);
const formats = keyFormats(documents);
const schemes = new Map(
  documents.flatMap((document) =>
    Object.entries(document.components?.securitySchemes ?? {}).map(
      ([name, reference]) => [name, resolve<SecuritySchemeObject>(document, reference)] as const,
    ),
  ),
);
const operations = documentNames.flatMap((host) => compiledHosts()[host].operations);
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, '1');

/** The default principals file's first key of a kind: a live key of the default seed. */
const seededKey = (kind: KeyKind) =>
  principalsFile.principals.flatMap((principal) =>
    principal.kind === kind && 'authorization' in principal.credential ? [principal.credential.authorization] : [],
  )[0];

describe('the credential kinds agree with the documents', () => {
  it('names every security scheme but the CSRF header as a kind, and nothing else', () => {
    const schemeNames = [...schemes.keys()].filter((name) => name !== 'csrfHeader');
    expect([...schemeNames].sort()).toEqual([...credentialKindNames].sort());
    expect(schemes.get('csrfHeader')).toMatchObject({ type: 'apiKey', in: 'header', name: loginSession.csrfHeader });
  });

  it.each(credentialKindNames)('%s: its scheme carries it as the registry says, and operations list it', (kind) => {
    const scheme = schemes.get(kind) as SecuritySchemeObject & { 'x-c3d-format'?: string };
    if (credentialKinds[kind].carrier === 'authorization') {
      expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
      expect(typeof scheme['x-c3d-format']).toBe('string');
    } else {
      expect(scheme).toMatchObject({ type: 'apiKey', in: 'cookie', name: loginSession.cookie });
      expect(scheme['x-c3d-format']).toBeUndefined();
    }
    expect(operations.some((operation) => operation.credentialKinds.has(kind))).toBe(true);
    expect(isCredentialKind(kind)).toBe(true);
  });

  it('has a module for every kind, keys in a table of the store', () => {
    const { mock } = startMock();
    for (const kind of credentialKindNames) expect(credentialModules[kind]).toBeDefined();
    for (const kind of keyKindNames) expect(mock.store.tables[credentialKinds[kind].table]).toBeDefined();
  });
});

describe.each(keyKindNames)('the %s key kind', (kind) => {
  const key = seededKey(kind)!;
  const format = formats.get(kind)!;
  const hint = keyFormatHint(format);
  const accepting = operations.filter((operation) => operation.credentialKinds.has(kind) && !operation.unserved);
  const read = accepting.find((operation) => operation.method === 'get') ?? accepting[0]!;
  const refusing = operations.find(
    (operation) => operation.credentialKinds.size > 0 && !operation.credentialKinds.has(kind),
  );
  const call = (operation: typeof read, authorization: string) => {
    const harness = startMock();
    const send = operation.host === 'api' ? harness.api : harness.data;
    return send(operation.method.toUpperCase(), concretePath(operation.path), { headers: { authorization } });
  };

  it('has a seeded key in the default principals file, of its format, in its table', () => {
    expect(key).toMatch(format);
    const { mock } = startMock();
    expect(mock.store.tables[credentialKinds[kind].table].findUnique('secret', key)).toBeDefined();
  });

  it('is let through where an operation lists it', async () => {
    expect((await call(read, key)).status).not.toBe(401);
  });

  it('is refused with 401 naming its format when Bearer-wrapped, and when no server issued it', async () => {
    const bearer = await call(read, `Bearer ${key}`);
    expect(bearer.status).toBe(401);
    expect(bearer.body.message).toMatch(/^Malformed credential\. Accepted: /);
    expect(bearer.body.message).toContain(hint);
    const forged = key.replace(/[0-9a-f]{32}$/, 'f'.repeat(32));
    expect((await call(read, forged)).body).toEqual({
      code: 401,
      message: expect.stringMatching(/^Unknown or revoked key\. /),
    });
  });

  it('is named as a kind the operation does not accept where it is not listed', async () => {
    if (!refusing) return;
    const answer = await call(refusing, key);
    expect(answer.status).toBe(401);
    expect(answer.body.message.startsWith(`This operation does not accept ${hint}. Accepted: `)).toBe(true);
  });

  it('is sent by the typed client as its option, the key as the dashboard shows it', () => {
    const { schemeWord } = credentialKinds[kind];
    expect(key.startsWith(schemeWord)).toBe(true);
    const option = { [kind]: key.slice(schemeWord.length) } as ClientCredential;
    expect(credentialHeaders(option, 'GET')).toEqual({ authorization: key });
  });

  it('is a Postman variable of its own name and pre-filled on the docs page', () => {
    expect(variableFor(kind)).toBe(kind);
    const { mock } = startMock();
    expect(prefilledCredentials(mock.store, keySecrets(mock.store), mock.now())[kind]).toMatch(format);
  });
});
