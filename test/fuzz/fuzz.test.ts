import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledHosts } from '../../src/core/mock.ts';
import type { CompiledOperation } from '../../src/spec/compile.ts';
import { ids, keys, startMock, type Answer } from '../support/mock.ts';

/**
 * Generated requests against the mock (in-process, every answer checked against the documents): never a
 * 5xx, never a crash, never another tenant's data or a secret in an answer, and a refused request changes
 * nothing. The Acme principals send them; Globex's identifiers must never come back.
 */
const t = startMock();
let owner: { cookie: string; csrf: string };
let sent = 0;

const globexMarkers = [
  'Globex',
  ids.controlRoom,
  'control_panel',
  'site_feedback',
  '610be000000000000000000000000001',
  'da000000000000000000000000002001',
];
const secrets = Object.values(keys)
  .map((key) => key.replace(/^.*?([0-9a-f]{32})$/, '$1'))
  .concat(['c3d-mock-password']);

// The one route whose purpose is to answer a key: the editor fetches its project's application key with a developer key.
const revealsKey = new Set(['getApplicationKey']);

function checkAnswer(answer: Answer, context: string, operationId = ''): void {
  sent++;
  expect(answer.status, `${context}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  for (const marker of globexMarkers) expect(answer.text.includes(marker), `${context} leaked ${marker}`).toBe(false);
  if (revealsKey.has(operationId) && answer.status === 200) return;
  for (const secret of secrets) expect(answer.text.includes(secret), `${context} showed a secret`).toBe(false);
}

const operations: CompiledOperation[] = [...compiledHosts().api.operations, ...compiledHosts().data.operations];

// Strings that break parsers: huge and negative numbers, non-numbers, encoded slashes, traversal, unicode, control characters.
const nasty = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    '9007199254740993',
    '99999999999999999999999',
    'NaN',
    'null',
    '%2F',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%',
    '%E0%A4%A',
    '../../',
    'ölçü',
    '💥',
    ' ',
    '',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer().map(String),
  fc.bigInt().map(String),
);

function caller(operation: CompiledOperation): Record<string, string> {
  if (operation.credentialKinds.has('developerKey')) return { authorization: keys.developer };
  if (operation.credentialKinds.has('dataKey')) return { authorization: keys.data1001 };
  if (operation.credentialKinds.has('sessionCookie'))
    return { cookie: `c3d_session_v5=${owner.cookie}`, 'c3d-csrf': owner.csrf };
  if (operation.credentialKinds.size > 0) return { authorization: keys.domain };
  return {};
}

function pathFor(operation: CompiledOperation, value: (name: string) => string): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => value(name));
}

const seeded: Record<string, string> = {
  projectId: '1001',
  organizationId: '101',
  domainId: '1',
  sceneId: ids.warehouse,
  versionId: '3002',
  sessionId: '1767605400_6826c6e1a9d24f6b',
  mediaId: '701',
  fileName: 'floor_plan.png',
  objectiveId: '501',
  objectiveVersionId: '601',
  name: 'end_of_training',
  version: '1',
  questionSetName: 'end_of_training',
  questionSetVersion: '1',
  hook: 'end_of_training',
  remoteVariableId: '801',
  remoteConfigurationId: '851',
  abTestId: '871',
  widgetId: '901',
  dashboardId: '951',
  objectId: '4001',
  objectMeshName: 'forklift',
  tagName: 'test',
  userId: '15',
  apiKeyId: '1',
  connectionId: '1',
};

async function send(
  operation: CompiledOperation,
  path: string,
  init: { headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<Answer | undefined> {
  let headers: Headers;
  try {
    headers = new Headers({ ...caller(operation), ...init.headers });
  } catch {
    return undefined; // a header value no HTTP client can send (a control character, a non-Latin-1 letter)
  }
  const host = operation.host;
  const answer = await (host === 'api' ? t.api : t.data)(operation.method.toUpperCase(), path, {
    headers: Object.fromEntries(headers),
    body: init.body,
  });
  return answer;
}

beforeAll(async () => {
  owner = await t.login('owner@acme.example');
});

afterAll(() => {
  console.log(`fuzz: ${sent} generated requests, no 5xx, no leak, refused requests changed nothing`);
  expect(sent).toBeGreaterThanOrEqual(20_000);
});

describe('fuzzing', () => {
  it('credentials: every format mutated is refused, or is exactly a valid credential', async () => {
    const valid = [keys.acmeWrite, keys.acmeLegacy, keys.domain];
    const mutation = fc.oneof(
      fc.constantFrom(...valid).chain((key) =>
        fc.oneof(
          fc.constant(key.toUpperCase()),
          fc.constant(key.toLowerCase()),
          fc.constant(key.replace(' ', '  ')),
          fc.constant(` ${key}`),
          fc.constant(`Bearer ${key}`),
          fc.nat({ max: key.length - 1 }).map((cut) => key.slice(0, cut)),
          fc.string({ maxLength: 8 }).map((extra) => key + extra),
          fc
            .tuple(fc.nat({ max: key.length - 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }))
            .map(([at, insert]) => key.slice(0, at) + insert + key.slice(at)),
        ),
      ),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    const getProject = operations.find((op) => op.operationId === 'getProject')!;
    await fc.assert(
      fc.asyncProperty(mutation, async (authorization) => {
        const answer = await send(getProject, '/projects/1001', { headers: { authorization } });
        if (!answer) return;
        checkAnswer(answer, `Authorization ${JSON.stringify(authorization)}`);
        const exact = (valid as string[]).includes(new Headers({ authorization }).get('authorization')!);
        expect(answer.status).toBe(exact ? 200 : 401);
        if (!exact) for (const key of valid) expect(answer.text.includes(key)).toBe(false);
      }),
      { numRuns: 6000 },
    );
  }, 120_000);

  it('path and query parameters: nasty values never break an operation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.dictionary(
          fc.constantFrom(
            ...Object.keys(seeded),
            'limit',
            'page',
            'version',
            'projectIds',
            'includeFiles',
            'identifier',
          ),
          nasty,
          { maxKeys: 3 },
        ),
        nasty,
        async (operation, query, value) => {
          const path = pathFor(operation, (name) =>
            Math.random() < 0.5 ? encodeURIComponent(value) : (seeded[name] ?? value),
          );
          const search = new URLSearchParams(query).toString();
          const before = t.mock.store.mutations();
          const answer = await send(
            operation,
            search ? `${path}?${search}` : path,
            operation.body?.kind === 'json' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {},
          );
          if (!answer) return;
          checkAnswer(answer, `${operation.method} ${path}?${search}`, operation.operationId);
          if (answer.status >= 400)
            expect(
              t.mock.store.mutations(),
              `${operation.operationId} refused with ${answer.status} but changed the store`,
            ).toBe(before);
        },
      ),
      { numRuns: 9000 },
    );
  }, 300_000);

  it('bodies: generated JSON and non-JSON bodies, with generated content types, for every operation that takes one', async () => {
    const withBody = operations.filter((operation) => operation.body);
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/vnd.c3d+json',
        'text/plain',
        'multipart/form-data; boundary=x',
        'image/png',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        '',
      ),
      fc.string({ maxLength: 30 }),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.uint8Array({ maxLength: 256 }),
      fc.constantFrom(
        '{',
        '[]',
        'null',
        '{"page":-1}',
        '{"entityFilters":{"projectId":"1001"}}',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withBody), contentType, body, async (operation, type, payload) => {
        const path = pathFor(operation, (name) => seeded[name] ?? '1').replace(/\?.*$/, '');
        const query = operation.parameters
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => `${p.name}=${p.name === 'version' ? 2 : 1}`)
          .join('&');
        const before = t.mock.store.mutations();
        const answer = await send(operation, query ? `${path}?${query}` : path, {
          headers: type ? { 'content-type': type } : {},
          body: payload as BodyInit,
        });
        if (!answer) return;
        checkAnswer(answer, `${operation.operationId} with ${type}`, operation.operationId);
        if (answer.status >= 400)
          expect(
            t.mock.store.mutations(),
            `${operation.operationId} refused with ${answer.status} but changed the store`,
          ).toBe(before);
      }),
      { numRuns: 9000 },
    );
  }, 300_000);
});
