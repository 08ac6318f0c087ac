import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceReport, renderReport, type ConformanceReport } from '../../src/journal/report/index.ts';
import type { JournalEntry } from '../../src/journal/types.ts';
import { startServer } from '../../src/server/server.ts';

/** `c3d-mock run`, as a partner's CI calls it: the CLI from its sources, a client fixture as the command. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const clean = 'test/journal/fixtures/clean-client.mjs';
const faulty = 'test/journal/fixtures/faulty-client.mjs';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'c3d-mock-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readReport = async (out: string) =>
  JSON.parse(await readFile(join(out, 'conformance-report.json'), 'utf8')) as ConformanceReport;

describe('c3d-mock run -- <command>', { timeout: 60_000 }, () => {
  it('runs a clean client with the URLs set, writes the three reports and exits 0', async () => {
    const out = join(dir, 'clean');
    const { status, stdout } = await cli(['run', '--out', out, '--', 'node', clean]);
    expect(status).toBe(0);
    // The client's own output comes through (stdio inherited), then the headline.
    expect(stdout).toContain('GET /projects/1001 200\nPUT /projects/1001 200\nGET /projects/1001/scenes 200');
    expect(stdout).toContain('c3d-mock run: used 3 of 134 operations; no request broke a rule');
    expect((await readdir(out)).sort()).toEqual([
      'conformance-junit.xml',
      'conformance-report.html',
      'conformance-report.json',
    ]);
    const report = await readReport(out);
    expect(report.passed).toBe(true);
    expect(report.requests.count).toBe(3);
    expect(report.used.map((operation) => [operation.operationId, operation.statuses])).toEqual([
      ['getProject', { 200: 1 }],
      ['updateProject', { 200: 1 }],
      ['listProjectScenes', { 200: 1 }],
    ]);
    expect(report.violations).toEqual([]);
    const junit = await readFile(join(out, 'conformance-junit.xml'), 'utf8');
    expect(junit).toContain('failures="0"');
    expect(await readFile(join(out, 'conformance-report.html'), 'utf8')).toContain(
      '<span class="verdict passed">passed</span>',
    );
  });

  it('exits 1 for a client that broke rules, naming them in the reports', async () => {
    const out = join(dir, 'faulty');
    const { status, stdout } = await cli(['run', '--out', out, '--report', 'json,junit', '--', 'node', faulty]);
    expect(status).toBe(1);
    expect(stdout).toContain('c3d-mock run: used 2 of 134 operations; 3 requests broke 3 rules');
    expect(stdout).toContain('violation credential-malformed: 1 request');
    expect((await readdir(out)).sort()).toEqual(['conformance-junit.xml', 'conformance-report.json']);
    const report = await readReport(out);
    expect(report.passed).toBe(false);
    expect(report.violations.map((group) => [group.rule, group.requests, group.examples[0]?.status])).toEqual([
      ['trailing-slash', 1, 404],
      ['credential-malformed', 1, 401],
      ['content-type', 1, 415],
    ]);
    expect(report.unrouted).toEqual({ requests: 1, statuses: { 404: 1 } });
    const junit = await readFile(join(out, 'conformance-junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase name="credential-malformed" classname="c3d-mock.conformance.violations"><failure /,
    );
    expect(junit).toMatch(/<testsuite name="violations" tests="\d+" failures="3" skipped="0">/);
  });

  it('exits 0 when every rule the client broke is allowed', async () => {
    const out = join(dir, 'allowed');
    const allow = ['credential-malformed', 'content-type', 'trailing-slash'].flatMap((rule) => ['--allow', rule]);
    const { status } = await cli(['run', '--out', out, ...allow, '--', 'node', faulty]);
    expect(status).toBe(0);
    const report = await readReport(out);
    expect(report.passed).toBe(true);
    expect(report.violations.every((group) => group.allowed)).toBe(true);
    expect(await readFile(join(out, 'conformance-junit.xml'), 'utf8')).toContain(
      '<testsuite name="violations" tests="19" failures="0" skipped="3">',
    );
  });

  it("answers the command's own failing status first", async () => {
    const out = join(dir, 'failing');
    const { status } = await cli(['run', '--out', out, '--', 'node', '-e', 'process.exit(7)']);
    expect(status).toBe(7);
    expect((await readReport(out)).requests.count).toBe(0);
  });

  it('exits 2 on misuse, saying what is wrong', async () => {
    const none = await cli(['run', '--out', join(dir, 'none')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('c3d-mock run: no command to run');
    const flag = await cli(['run', '--colour', '--', 'node', clean]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--colour'");
    const rule = await cli(['run', '--allow', 'bearer', '--', 'node', clean]);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain('c3d-mock run: --allow: unknown rule "bearer"; rules: unknown-route, ');
  });
});

describe('npm start -- --report-on-exit DIR', { timeout: 60_000 }, () => {
  it('writes the three reports of every request served when the server is stopped', async () => {
    const out = join(dir, 'on-exit');
    // Node itself (not npx), so that SIGTERM reaches the server.
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--data-port', '0', '--quiet', '--report-on-exit', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    server.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    await expect.poll(() => /dashboard API\s+(http:\S+)/.exec(stdout)?.[1], { timeout: 30_000 }).toBeDefined();
    const api = /dashboard API\s+(http:\S+)/.exec(stdout)![1]!;
    const answer = await fetch(`${api}/projects/1001`, { headers: { authorization: 'Bearer orgkey-x' } });
    expect(answer.status).toBe(401);
    server.kill('SIGTERM');
    const [status] = await once(server, 'close');
    expect(status).toBe(0);
    expect(stdout).toContain('used 1 of 134 operations; 1 request broke 1 rule');
    expect((await readdir(out)).sort()).toEqual([
      'conformance-junit.xml',
      'conformance-report.html',
      'conformance-report.json',
    ]);
    expect((await readReport(out)).violations.map((group) => group.rule)).toEqual(['credential-malformed']);
  });
});

describe("the mock's report routes", () => {
  it('serve the report of the journal as HTML, JSON and JUnit, to loopback callers without an Origin', async () => {
    const server = await startServer({ port: 0, dataPort: 0 });
    try {
      await fetch(`${server.urls.api}/projects/1001/`, {
        headers: { authorization: 'orgkey-ac3e0000000000000000000000000001' },
      });
      const base = server.urls.api.replace(/\/v0$/, '');
      const json = await fetch(`${base}/__mock/report.json`);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const report = (await json.json()) as ConformanceReport;
      expect([report.source, report.headline, report.passed]).toEqual([
        'mock',
        'used 0 of 134 operations; 1 request broke 1 rule',
        false,
      ]);
      const allowed = (await (
        await fetch(`${base}/__mock/report.json?allow=trailing-slash`)
      ).json()) as ConformanceReport;
      expect(allowed.passed).toBe(true);
      const html = await fetch(`${base}/__mock/report`);
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await html.text()).toContain('<p class="headline">used 0 of 134 operations; 1 request broke 1 rule</p>');
      const xml = await fetch(`${server.urls.data.replace(/\/v0$/, '')}/__mock/report.xml`);
      expect(xml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(await xml.text()).toContain(
        '<testcase name="trailing-slash" classname="c3d-mock.conformance.violations"><failure',
      );
      const bad = await fetch(`${base}/__mock/report.json?allow=bearer`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/^unknown rule "bearer"; rules: /);
      const page = await fetch(`${base}/__mock/report`, { headers: { origin: 'https://example.com' } });
      expect(page.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('conformanceReport(entries)', () => {
  const entry = (seq: number, more: Partial<JournalEntry>): JournalEntry => ({
    seq,
    time: `2026-01-21T09:30:0${seq % 10}.000Z`,
    host: 'api',
    method: 'GET',
    path: '/v0/projects/1001',
    operationId: 'getProject',
    principal: null,
    status: 200,
    reason: null,
    rule: null,
    durationMs: 0.1,
    violations: [],
    warnings: [],
    ...more,
  });
  const malformed = { rule: 'credential-malformed', message: 'Malformed credential' } as const;
  const entries = [
    entry(1, {}),
    ...[2, 3, 4, 5, 6].map((seq) => entry(seq, { status: 401, rule: 'credential-malformed', violations: [malformed] })),
    entry(7, { warnings: [{ rule: 'missing-accept', message: 'No Accept header was sent' }] }),
    entry(8, {
      operationId: null,
      path: '/v0/nothing',
      status: 404,
      violations: [{ rule: 'unknown-route', message: 'No route' }],
    }),
  ];

  it('counts each rule once per request, keeps three examples, and fails on warnings unless they are allowed', () => {
    const report = conformanceReport(entries, { now: () => new Date('2026-01-21T10:00:00Z') });
    expect(report.headline).toBe(
      'used 1 of 134 operations; 6 requests broke 2 rules; 1 request drew warnings of 1 rule',
    );
    expect(report.requests).toEqual({
      count: 8,
      first: { seq: 1, time: '2026-01-21T09:30:01.000Z' },
      last: { seq: 8, time: '2026-01-21T09:30:08.000Z' },
    });
    expect(report.used).toEqual([
      {
        host: 'api',
        operationId: 'getProject',
        method: 'GET',
        path: '/projects/{projectId}',
        requests: 7,
        statuses: { 200: 2, 401: 5 },
        violations: 5,
        warnings: 1,
      },
    ]);
    expect(report.unused).toHaveLength(133);
    expect(report.unrouted).toEqual({ requests: 1, statuses: { 404: 1 } });
    expect(report.violations.map((group) => [group.rule, group.requests, group.examples.map((e) => e.seq)])).toEqual([
      ['credential-malformed', 5, [2, 3, 4]],
      ['unknown-route', 1, [8]],
    ]);
    expect(report.passed).toBe(false);
    const allowed = conformanceReport(entries, { allow: ['credential-malformed', 'unknown-route'] });
    expect(allowed.passed).toBe(false);
    expect(
      conformanceReport(entries, { allow: ['credential-malformed', 'unknown-route'], allowWarnings: true }).passed,
    ).toBe(true);
    expect(conformanceReport([]).headline).toBe('used 0 of 134 operations; no request broke a rule');
  });

  it('renders JSON as itself, and JUnit with one case per rule of the requests', () => {
    const report = conformanceReport(entries);
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(report);
    const junit = renderReport(report, 'junit');
    expect(junit).toContain('<testsuite name="violations" tests="19" failures="2" skipped="0">');
    expect(junit).toContain('<testsuite name="warnings" tests="3" failures="1" skipped="0">');
    expect(junit).not.toContain('answer-schema');
    expect(junit).toContain(
      '<testcase name="credential-malformed" classname="c3d-mock.conformance.violations"><failure message="5 requests broke credential-malformed; first: #2 GET /v0/projects/1001 → 401 (getProject): Malformed credential">',
    );
  });
});
