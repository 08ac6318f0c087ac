import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createMock, type Mock, type MockOptions } from '../../src/core/mock.ts';
import { rules, ruleIds } from '../../src/journal/rules.ts';
import type { JournalEntry } from '../../src/journal/types.ts';
import { createHandlers } from '../../src/msw/handlers.ts';
import type { DocumentName } from '../../src/spec/document-names.ts';
import { keys } from '../support/mock.ts';
import { expectJudged } from './expect.ts';
import { cleanSteps, mistakes, otherRules, runScript, scriptMaxBodyBytes, seedSecrets, type Step } from './script.ts';

const realBases: Record<DocumentName, string> = {
  api: 'https://api.cognitive3d.com/v0',
  data: 'https://data.cognitive3d.com/v0',
};

const noAccept: Step = {
  name: 'no Accept header',
  host: 'api',
  method: 'GET',
  path: '/projects/1001',
  headers: { authorization: keys.acmeWrite },
  status: 200,
  violations: [],
  warnings: ['missing-accept'],
};

/** The mock's own fetch per host, for the script: the real hosts' URLs to `mock.hosts`. */
const coreSend = (mock: Mock) => (url: string, init: RequestInit) =>
  mock.hosts[url.startsWith(realBases.data) ? 'data' : 'api'](new Request(url, init));

const options: MockOptions = { maxBodyBytes: scriptMaxBodyBytes, clock: '2026-01-21' };

/** Every login token and CSRF token the mock issued. */
const issuedTokens = (mock: Mock) =>
  [...mock.store.tables.loginSessions.all()].flatMap((row) => [String(row.key), String(row.record.csrf)]);

function expectNoSecret(mock: Mock): void {
  const serialised = JSON.stringify(mock.journal.entries());
  for (const secret of [...seedSecrets, ...issuedTokens(mock)]) expect(serialised).not.toContain(secret);
}

describe('the request journal, in-process (the core)', () => {
  it('records exactly the rules of each mistake of the scripted client, and none for its correct calls', async () => {
    const mock = createMock(options);
    const { sent, requests } = await runScript(
      [...cleanSteps, ...mistakes, ...otherRules, noAccept],
      realBases,
      coreSend(mock),
    );
    const entries = mock.journal.entries();
    expect(entries).toHaveLength(requests);
    expectJudged(entries, sent);
    expect(mock.journal.violations()).toHaveLength(sent.filter(({ step }) => step.violations.length > 0).length);
  });

  it('exercises every rule of the list', () => {
    const exercised = new Set(
      [...mistakes, ...otherRules, noAccept].flatMap((step) => [...step.violations, ...step.warnings, step.rule ?? []]),
    );
    // The answer's rules (`answer-…`) are judged by the validating proxy on an upstream's answers, never by the mock.
    const requestRules = ruleIds.filter((rule) => !rule.startsWith('answer-'));
    expect(requestRules.filter((rule) => !exercised.has(rule))).toEqual([]);
    for (const rule of ruleIds) expect(rules[rule].description.length, rule).toBeGreaterThan(20);
  });

  it('keeps a clean client clean', async () => {
    const mock = createMock(options);
    await runScript(cleanSteps, realBases, coreSend(mock));
    expect(mock.journal.entries().map((entry) => [entry.operationId, entry.status])).toEqual([
      ['getProject', 200],
      ['updateProject', 200],
      ['sendEventBatch', 200],
    ]);
    expect(mock.journal.violations()).toEqual([]);
    expect(mock.journal.entries().flatMap((entry) => entry.warnings)).toEqual([]);
  });

  it('records the principal by kind and name, the reason and a masked excerpt, never a secret', async () => {
    const mock = createMock(options);
    await runScript([...cleanSteps, ...mistakes, ...otherRules], realBases, coreSend(mock));
    // A failed login's password, sent in a body the mock refused.
    await mock.hosts.api(
      new Request(`${realBases.api}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ email: 'owner@acme.example', password: 'c3d-mock-password' }),
      }),
    );
    expectNoSecret(mock);
    const [read] = mock.journal.entries({ operation: 'getProject', status: 200 });
    expect(read).toMatchObject({
      host: 'api',
      method: 'GET',
      path: '/v0/projects/1001',
      principal: { kind: 'orgKey', name: 'API key CI write (ac3e0000…)', id: 1 },
      reason: null,
      rule: null,
    });
    expect(read!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(read!.durationMs).toBeGreaterThanOrEqual(0);
    expect(read!.body).toBeUndefined();
    const bearer = mock.journal.entries().find((entry) => entry.rule === 'credential-malformed')!;
    expect(bearer.principal).toBeNull();
    expect(bearer.credential).toBe('Bearer orgkey-<32 hex>');
    expect(bearer.reason).toMatch(/^Malformed credential\. Accepted: /);
    const revoked = mock.journal.entries().find((entry) => entry.rule === 'credential-revoked')!;
    expect(revoked.principal).toEqual({ kind: 'orgKey', name: null, id: null });
    const observer = mock.journal.entries().find((entry) => entry.rule === 'role-refused')!;
    expect(observer.principal).toMatchObject({ kind: 'sessionCookie', name: 'user observer@acme.example' });
    const extra = mock.journal.entries().find((entry) => entry.violations[0]?.pointer === '/colour')!;
    expect(extra.body).toEqual({
      contentType: 'application/json',
      bytes: 39,
      excerpt: '{"name":"Acme Training","colour":"red"}',
    });
    const plain = mock.journal.entries().at(-1)!;
    expect(plain.rule).toBe('content-type');
    expect(plain.body?.excerpt).toBe('{"email":"owner@acme.example","password":"***"}');
    const tooLarge = mock.journal.entries().find((entry) => entry.rule === 'body-too-large')!;
    expect(tooLarge.body?.excerpt).toBeUndefined();
  });

  it('is a ring: the latest journalSize entries, numbered on across clear()', async () => {
    const mock = createMock({ journalSize: 5 });
    const get = (id: number) =>
      mock.hosts.api(new Request(`${realBases.api}/projects/${id}`, { headers: { authorization: keys.acmeRead } }));
    for (let i = 0; i < 12; i++) await get(1001 + (i % 2));
    const entries = mock.journal.entries();
    expect(entries.map((entry) => entry.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(entries.map((entry) => entry.path)).toEqual([
      '/v0/projects/1002',
      '/v0/projects/1001',
      '/v0/projects/1002',
      '/v0/projects/1001',
      '/v0/projects/1002',
    ]);
    expect(mock.journal.clear()).toBe(5);
    expect(mock.journal.entries()).toEqual([]);
    await get(1001);
    expect(mock.journal.entries().map((entry) => entry.seq)).toEqual([13]);
    expect(createMock().journal.capacity).toBe(10_000);
  });

  it('filters by operation, status, violations, since and host', async () => {
    const mock = createMock(options);
    await runScript([...cleanSteps, ...mistakes], realBases, coreSend(mock));
    const all = mock.journal.entries();
    expect(mock.journal.entries({ operation: 'sendEventBatch' }).map((entry) => entry.status)).toEqual([200, 400]);
    expect(mock.journal.entries({ status: 401 }).map((entry) => entry.rule)).toEqual([
      'credential-malformed',
      'credential-wrong-kind',
      'credential-revoked',
    ]);
    expect(mock.journal.entries({ status: '2xx' }).every((entry) => entry.status < 300)).toBe(true);
    expect(mock.journal.entries({ violations: true })).toEqual(mock.journal.violations());
    expect(mock.journal.entries({ host: 'data' })).toHaveLength(2);
    expect(mock.journal.entries({ since: all.at(-1)!.time }).at(-1)).toEqual(all.at(-1));
    expect(mock.journal.entries({ since: Date.parse(all.at(-1)!.time) + 1 })).toEqual([]);
    expect(() => mock.journal.entries({ since: 'yesterday' })).toThrow('since must be an ISO-8601 time');
  });

  it('tells onEntry and onServed (operation, status, entry); journalSize 0 keeps nothing', async () => {
    const told: JournalEntry[] = [];
    const served: [string, number, number | undefined][] = [];
    const mock = createMock({
      journalSize: 0,
      onEntry: (entry) => told.push(entry),
      onServed: (operation, status, entry) => served.push([operation.operationId, status, entry?.seq]),
    });
    await mock.hosts.api(new Request(`${realBases.api}/projects/1001`, { headers: { authorization: keys.acmeRead } }));
    await mock.hosts.api(new Request(`${realBases.api}/nothing`));
    expect(told.map((entry) => [entry.seq, entry.status, entry.rule])).toEqual([
      [1, 200, null],
      [2, 404, 'unknown-route'],
    ]);
    expect(served).toEqual([['getProject', 200, 1]]);
    expect(mock.journal.entries()).toEqual([]);

    const off = createMock({
      journalSize: 0,
      onServed: (operation, status, entry) => served.push([operation.operationId, status, entry?.seq]),
    });
    await off.hosts.api(new Request(`${realBases.api}/projects/1001`, { headers: { authorization: keys.acmeRead } }));
    expect(served.at(-1)).toEqual(['getProject', 200, undefined]);
  });

  it('changes no byte of any answer', async () => {
    const on = createMock(options);
    const off = createMock({ ...options, journalSize: 0 });
    const steps = [...cleanSteps, ...mistakes, ...otherRules, noAccept];
    const bytes: Record<string, string[]> = { on: [], off: [] };
    for (const [name, mock] of [
      ['on', on],
      ['off', off],
    ] as const) {
      await runScript(steps, realBases, async (url, init) => {
        const response = await coreSend(mock)(url, init);
        const headers = [...response.headers].filter(
          ([header]) => header !== 'set-cookie' && header !== 'cvr-request-time',
        );
        const body = (await response.clone().text()).replace(/"(csrf|token)":"[0-9a-f]+"/g, '"$1":"…"');
        bytes[name]!.push(`${response.status} ${JSON.stringify(headers)} ${body}`);
        return response;
      });
    }
    expect(bytes.on).toEqual(bytes.off);
  });
});

describe('the request journal, through MSW (createHandlers + setupServer)', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('records the same rules for the same scripted client', async () => {
    const { mock, handlers } = createHandlers(options);
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: 'error' });
    close = () => server.close();
    // MSW itself answers 500 to a URL with broken percent-encoding, before any handler: that step is the core's alone.
    const steps = [...cleanSteps, ...mistakes, ...otherRules, noAccept].filter(
      (step) => !step.violations.includes('bad-path'),
    );
    const { sent, requests } = await runScript(steps, realBases);
    const entries = mock.journal.entries();
    expect(entries).toHaveLength(requests);
    expectJudged(entries, sent);
    expectNoSecret(mock);
  });
});
