import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verify } from '../../src/contract/cli.ts';
import type { CaseResult } from '../../src/contract/model.ts';
import { loadPrincipals, type PrincipalsFile } from '../../src/contract/principals.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';

const run = promisify(execFile);

let server: RunningServer;
let file: PrincipalsFile;
let out: string;
let exitCode: number;
let consoleText: string;
let failures: CaseResult[];
const reports: Record<'json' | 'junit' | 'html', string> = { json: '', junit: '', html: '' };

// Two faults: Bearer-wrapped keys let through (failures of raw credentials) and observers' writes (failures of cookie logins).
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, faults: ['accept-bearer', 'observers-write'] });
  file = await loadPrincipals('fixtures/default.principals.json');
  out = await mkdtemp(join(tmpdir(), 'c3d-mock-reports-'));
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    exitCode = await verify([
      '--principals',
      'fixtures/default.principals.json',
      '--api',
      server.urls.api,
      '--data',
      server.urls.data,
      '--only',
      'credentials,roles',
      '--out',
      out,
    ]);
  } finally {
    log.mockRestore();
  }
  consoleText = lines.join('\n');
  reports.json = await readFile(join(out, 'contract-report.json'), 'utf8');
  reports.junit = await readFile(join(out, 'contract-junit.xml'), 'utf8');
  reports.html = await readFile(join(out, 'contract-report.html'), 'utf8');
  failures = (JSON.parse(reports.json) as { results: CaseResult[] }).results.filter(
    (result) => result.outcome === 'failed',
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

describe('a run with failures: every failure can be reproduced from every report', () => {
  it('fails, with failures of both faults', () => {
    expect(exitCode).toBe(1);
    expect(new Set(failures.map((result) => result.rule))).toEqual(new Set(['credentials.bearer', 'roles.forbidden']));
  });

  it('the JSON report holds the request, the answer and a curl command of each failure', () => {
    for (const result of failures) {
      expect(result.request, result.title).toMatchObject({
        method: expect.stringMatching(/^[A-Z]+$/),
        url: expect.stringMatching(new RegExp(`^(${server.urls.api}|${server.urls.data})/`)),
      });
      expect(result.answer!.status, result.title).toBe(result.status);
      expect(result.curl, result.title).toContain(`curl -sS -i `);
      expect(result.curl, result.title).toContain(`'${result.request!.url}'`);
    }
    const bearer = failures.find((result) => result.rule === 'credentials.bearer')!;
    expect(bearer.request!.headers.authorization).toBe('Bearer orgkey-ac3e…');
    expect(bearer.curl).toContain(`-H 'authorization: Bearer '"$C3D_AUTHORIZATION"`);
    expect(bearer.curlVariables).toEqual({
      C3D_AUTHORIZATION: 'the "authorization" of principal acme-write-key in the principals file',
    });
    const observer = failures.find(
      (result) => result.principal === 'observer@acme.example' && result.request!.method === 'PUT',
    )!;
    expect(observer.request!.headers).toMatchObject({
      cookie: expect.stringMatching(/^c3d_session_v5=[0-9a-f]{4}…$/),
      'c3d-csrf': expect.stringMatching(/^[0-9a-f]{4}…$/),
      'content-type': 'application/json',
    });
    expect(observer.curl).toMatch(/ --data-binary '.+'$/);
    expect(observer.curl!.match(/ --data-binary '(.+)'$/)![1]).toBe(observer.request!.bodyExcerpt);
    expect(observer.curlVariables).toEqual({
      C3D_SESSION:
        'the c3d_session_v5 cookie of a login as observer@acme.example (POST /v0/sessions with its email and password)',
      C3D_CSRF: 'the csrf of the answer to that login as observer@acme.example',
    });
  });

  it('the JUnit report names the request in each failure message and gives the curl command in <system-out>', () => {
    for (const result of failures) {
      const start = reports.junit.indexOf(`<testcase name="${xml(`${result.rule}: ${result.title}`)}"`);
      expect(start, result.title).toBeGreaterThanOrEqual(0);
      const testcase = reports.junit.slice(start, reports.junit.indexOf('</testcase>', start));
      expect(testcase).toContain(
        `<failure message="${xml(`${result.message} — sent ${result.request!.method} ${result.request!.url}`)}`,
      );
      expect(testcase).toContain(xml(`answer:\n  ${result.answer!.status}`));
      expect(testcase).toContain(`<system-out>${xml(result.curl!)}\n`);
      for (const [name, means] of Object.entries(result.curlVariables!))
        expect(testcase).toContain(xml(`with ${name}: ${means}`));
    }
    expect(reports.junit.match(/<system-out>/g)).toHaveLength(failures.length);
  });

  it('the HTML report shows each failure with its request, answer and curl command', () => {
    expect(reports.html.match(/<details class="failure"/g)).toHaveLength(failures.length);
    for (const result of failures) {
      expect(reports.html).toContain(html(`${result.request!.method} ${result.request!.url}`));
      expect(reports.html).toContain(html(result.curl!));
    }
  });

  it('the console prints, for each failure shown, what was sent, what came back and the curl command', () => {
    const shown = failures.slice(0, 30);
    for (const result of shown) {
      const credential = Object.entries(result.request!.headers).find(
        ([name]) => name === 'authorization' || name === 'cookie',
      )!;
      expect(consoleText).toContain(
        `  FAIL ${result.rule} · ${result.operationId} · ${result.principal ?? '-'}: expected ${result.expected}, got ${result.status}`,
      );
      expect(consoleText).toContain(
        `       sent    ${result.request!.method} ${result.request!.url}  ${credential[0]}: ${credential[1]}`,
      );
      expect(consoleText).toContain(`       answer  ${result.answer!.status}  ${result.answer!.contentType}`);
      expect(consoleText).toContain(`       curl    ${result.curl}\n`);
    }
    expect(consoleText).toContain(`… and ${failures.length - 30} more failures (see the reports)`);
  });

  it('never shows a secret whole: no seeded key, password, session cookie or CSRF token in any report', () => {
    const secrets = [
      ...file.principals.flatMap((principal) =>
        'authorization' in principal.credential
          ? [principal.credential.authorization]
          : [principal.credential.password],
      ),
      ...(file.revoked ?? []).map((revoked) => revoked.authorization),
    ];
    expect(secrets).toContain('orgkey-ac3e0000000000000000000000000001');
    expect(secrets).toContain('c3d-mock-password');
    for (const [name, text] of Object.entries({ ...reports, console: consoleText })) {
      for (const secret of secrets) expect(text.includes(secret), `${name} holds ${secret}`).toBe(false);
      // Anything shaped like a key of a documented format, a whole session cookie, or a whole CSRF token.
      expect(text, name).not.toMatch(/(orgkey-|APIKEY:[A-Z]+ )[0-9a-f]{32}/i);
      expect(text, name).not.toMatch(/c3d_session_v5=[0-9a-f]{5,}/);
      expect(text, name).not.toMatch(/c3d-csrf: [0-9a-f]{5,}/);
    }
  });
});

describe('the curl command of a failure, with its variables set, gets the same answer', () => {
  const statusOf = async (command: string, env: Record<string, string>) => {
    const { stdout } = await run('sh', ['-c', `${command} -o /dev/null -w '%{http_code}'`], {
      env: { ...process.env, ...env },
    });
    return Number(stdout);
  };

  it('with a key', async () => {
    const bearer = failures.find((result) => result.rule === 'credentials.bearer' && result.request!.method === 'PUT')!;
    const name = /principal (\S+) in/.exec(bearer.curlVariables!.C3D_AUTHORIZATION!)![1];
    const principal = file.principals.find((p) => p.name === name)!;
    const authorization = (principal.credential as { authorization: string }).authorization;
    expect(await statusOf(bearer.curl!, { C3D_AUTHORIZATION: authorization })).toBe(bearer.status);
  });

  it('with a login cookie and its CSRF token, and a JSON body', async () => {
    const observer = failures.find(
      (result) =>
        result.principal === 'observer@acme.example' && result.request!.method === 'PUT' && result.request!.bodyExcerpt,
    )!;
    const login = await fetch(`${server.urls.api}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'observer@acme.example', password: 'c3d-mock-password' }),
    });
    const session = /c3d_session_v5=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    const { csrf } = (await login.json()) as { csrf: string };
    expect(await statusOf(observer.curl!, { C3D_SESSION: session, C3D_CSRF: csrf })).toBe(observer.status);
  });
});
