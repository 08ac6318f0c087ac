import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verify } from '../../src/contract/cli.ts';
import { loadPrincipals, type PrincipalsFile } from '../../src/contract/principals.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import packageJson from '../../package.json' with { type: 'json' };

/**
 * A misconfigured run says what is wrong in a few lines, exits 2 and still writes its reports, with no
 * failure of any rule: the target was never judged.
 */

let server: RunningServer;
let seedFile: PrincipalsFile;
let scratch: string;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0 });
  seedFile = await loadPrincipals('fixtures/default.principals.json');
  scratch = await mkdtemp(join(tmpdir(), 'c3d-verify-'));
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

let runs = 0;

/** Runs `verify` in-process with its reports in a fresh directory; answers the exit status, every printed line and the directory. */
async function runVerify(
  file: PrincipalsFile | undefined,
  args: string[],
): Promise<{ status: number; lines: string[]; errors: string[]; out: string }> {
  const out = join(scratch, `run-${++runs}`);
  const principals = join(scratch, `principals-${runs}.json`);
  if (file) await writeFile(principals, JSON.stringify(file));
  const lines: string[] = [];
  const errors: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(...parts.join(' ').split('\n')));
  vi.spyOn(console, 'error').mockImplementation(
    (...parts: unknown[]) => void errors.push(...parts.join(' ').split('\n')),
  );
  const status = await verify([...(file ? ['--principals', principals] : []), '--out', out, ...args]);
  vi.restoreAllMocks();
  return { status, lines, errors, out };
}

const against = (api: string, data: string) => ['--api', api, '--data', data];

/** The reports of a run the preflight stopped: the preflight failed in each, and no rule was judged. */
async function expectPreflightReports(out: string, problems: string[]) {
  const json = JSON.parse(await readFile(join(out, 'contract-report.json'), 'utf8'));
  expect(json.preflight).toMatchObject({ passed: false, problems });
  expect(json.results).toEqual([]);
  expect(json.failed).toBe(0);
  const junit = await readFile(join(out, 'contract-junit.xml'), 'utf8');
  expect(junit).toContain('<testsuites name="c3d-mock contract suite" tests="1" failures="1">');
  expect(junit).toContain('<testsuite name="preflight" tests="1" failures="1" skipped="0">');
  expect(junit.match(/<testcase /g)).toHaveLength(1);
  const html = await readFile(join(out, 'contract-report.html'), 'utf8');
  const entities: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
    '&apos;': "'",
    '&amp;': '&',
  };
  const text = html.replace(/&(lt|gt|quot|#39|apos|amp);/g, (entity) => entities[entity]!);
  expect(text).toContain('the suite could not run');
  expect(text).toContain('Preflight failed: no case ran.');
  for (const problem of problems) expect(text).toContain(problem);
}

/** What `verify` prints when the preflight stops it: the target, the problems, the reports written, the way on. */
const stoppedOutput = (api: string, data: string, out: string, problems: string[]) => [
  `c3d-mock verify: ${api} and ${data}`,
  `preflight failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
  ...problems.map((problem) => `  ${problem}`),
  `wrote ${join(out, 'contract-junit.xml')}`,
  `wrote ${join(out, 'contract-report.json')}`,
  `wrote ${join(out, 'contract-report.html')}`,
  'no case ran (exit status 2): correct the above, or run with --skip-preflight',
];

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the preflight stops a run that cannot judge the target', () => {
  it('names an unreachable target, host by host', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}/v0`;
    const run = await runVerify(seedFile, against(base, base));
    const problems = [
      `the dashboard API at ${base}: no answer: ECONNREFUSED (GET ${base}/sessions/current)`,
      `the data-collector API at ${base}: no answer: ECONNREFUSED (GET ${base}/apiKeys/verify)`,
    ];
    expect(run.status).toBe(2);
    expect(run.lines).toEqual(stoppedOutput(base, base, run.out, problems));
    await expectPreflightReports(run.out, problems);
  });

  it('names a base URL that does not end in /v0', async () => {
    const api = server.urls.api.replace(/\/v0$/, '');
    const run = await runVerify(seedFile, against(api, server.urls.data));
    const problems = [
      `the dashboard API base URL ${api} does not end in /v0 (the documents' paths are below it: ${api}/v0?)`,
    ];
    expect(run.status).toBe(2);
    expect(run.lines).toEqual(stoppedOutput(api, server.urls.data, run.out, problems));
    await expectPreflightReports(run.out, problems);
  });

  it('names base URLs that serve another API (the two hosts swapped)', async () => {
    const { api, data } = server.urls;
    const run = await runVerify(seedFile, against(data, api));
    const problems = [
      `the dashboard API at ${data} does not serve its routes: GET ${data}/sessions/current without a credential answered 404 {"code":404,"message":"No route for GET /v0/sessions/current"}, where the documents say 401`,
      `the data-collector API at ${api} does not serve its routes: GET ${api}/apiKeys/verify without a credential answered 404 {"code":404,"message":"No route for GET /v0/apiKeys/verify"}, where the documents say 401`,
    ];
    expect(run.status).toBe(2);
    expect(run.lines).toEqual(stoppedOutput(data, api, run.out, problems));
  });

  it('names a misspelt tenant key, with the name it was meant to be', async () => {
    const file = structuredClone(seedFile);
    const { sceneId, ...rest } = file.tenants.globex!;
    file.tenants.globex = { ...rest, sceneID: sceneId! };
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    const problems = ['tenant globex: "sceneID" is not a parameter name of the documents; did you mean "sceneId"?'];
    expect(run.status).toBe(2);
    expect(run.lines).toEqual(stoppedOutput(server.urls.api, server.urls.data, run.out, problems));
    await expectPreflightReports(run.out, problems);
  });

  it('names a key that is no name of the documents at all', async () => {
    const file = structuredClone(seedFile);
    file.tenants.acme!.warehouseColour = 'blue';
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    expect(run.status).toBe(2);
    expect(run.lines[2]).toBe(
      '  tenant acme: "warehouseColour" is not a parameter name of the documents (nor query:<name> of a query parameter)',
    );
  });

  it('names a wrong password', async () => {
    const file = structuredClone(seedFile);
    const member = file.principals.find((p) => p.name === 'member@acme.example')!;
    member.credential = { email: 'member@acme.example', password: 'not-the-password' };
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    const problems = [
      'member@acme.example: logging in (POST /sessions) answered 401 {"code":401,"message":"Wrong email or password"}: is its email or password in the principals file right?',
    ];
    expect(run.status).toBe(2);
    expect(run.lines).toEqual(stoppedOutput(server.urls.api, server.urls.data, run.out, problems));
    await expectPreflightReports(run.out, problems);
  });

  it('names a key the target refuses', async () => {
    const file = structuredClone(seedFile);
    file.principals.find((p) => p.name === 'acme-read-key')!.credential = {
      authorization: 'orgkey-ac3e0000000000000000000000000009',
    };
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    expect(run.status).toBe(2);
    expect(run.lines[2]).toMatch(
      /^ {2}acme-read-key \(orgKey\): GET \/organizations\/apiKeys\/whoami answered 401 \{"code":401,.*\}: the target refuses this credential \(mistyped, revoked, or a format it does not take\?\)$/,
    );
  });

  it('names an id the target does not have, and does not read the tenant further when its project is not found', async () => {
    const file = structuredClone(seedFile);
    file.tenants.acme!.widgetId = 99999;
    file.tenants.globex!.projectId = 2999;
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    expect(run.status).toBe(2);
    expect(run.lines.slice(1, 4)).toEqual([
      'preflight failed: 2 problems',
      '  tenant acme: widgetId 99999 was not found: GET /projects/1001/widgets/99999 as owner@acme.example answered 404 {"code":404,"message":"Not found"}',
      '  tenant globex: projectId 2999 was not found: GET /projects/2999 as owner@globex.example answered 404 {"code":404,"message":"Not found"}',
    ]);
  });

  it('leaves the target as it found it: its login sessions are ended', async () => {
    const before = server.mock.snapshot().loginSessions;
    const file = structuredClone(seedFile);
    file.tenants.acme!.widgetId = 99999;
    expect((await runVerify(file, against(server.urls.api, server.urls.data))).status).toBe(2);
    expect(server.mock.snapshot().loginSessions).toEqual(before);
  });
});

describe('a tenant with only the ids the file requires', () => {
  it('is aimed at only where its ids reach: no false failure, and the preflight says what is not aimed at it', async () => {
    const file = structuredClone(seedFile);
    const { domainId, organizationId, projectId } = file.tenants.globex!;
    file.tenants.globex = { domainId, organizationId, projectId };
    const run = await runVerify(file, against(server.urls.api, server.urls.data));
    expect(run.lines.filter((line) => line.startsWith('  FAIL'))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.lines[1]).toBe('preflight: passed');
    expect(run.lines[2]).toMatch(
      /^ {2}\(tenant globex has no abTestId, apiKeyId, connectionId, dashboardId, fileName, hook, mediaId, name, objectId, .*, sceneId, sessionId, tagName, userId, version, versionId, widgetId: the operations that need them are not aimed at it\)$/,
    );
    const json = JSON.parse(await readFile(join(run.out, 'contract-report.json'), 'utf8'));
    expect(json.preflight.passed).toBe(true);
    expect(json.failed).toBe(0);
  }, 120_000);
});

describe('arguments', () => {
  it('refuses an unknown flag, a missing --principals, an unknown group and an unreadable file in two lines each, with status 2', async () => {
    expect(await runVerify(seedFile, ['--bogus'])).toMatchObject({
      status: 2,
      lines: [],
      errors: ["c3d-mock verify: Unknown option '--bogus'", 'Run c3d-mock verify --help for the options.'],
    });
    expect(await runVerify(undefined, [])).toMatchObject({
      status: 2,
      lines: [],
      errors: ['c3d-mock verify: --principals FILE is required', 'Run c3d-mock verify --help for the options.'],
    });
    expect(await runVerify(seedFile, ['--only', 'roles,shema'])).toMatchObject({
      status: 2,
      errors: [
        'c3d-mock verify: --only shema: groups are credentials, roles, content-types, schema, flows, pagination',
        'Run c3d-mock verify --help for the options.',
      ],
    });
    expect(await runVerify(undefined, ['--principals', join(scratch, 'missing.json')])).toMatchObject({
      status: 2,
      errors: [
        `c3d-mock verify: ${join(scratch, 'missing.json')}: cannot be read`,
        'The suite could not run (exit status 2).',
      ],
    });
  });

  it('--version prints the package version', async () => {
    expect(await runVerify(undefined, ['--version'])).toMatchObject({
      status: 0,
      lines: [packageJson.version],
      errors: [],
    });
  });

  it('--help lists the options and the exit statuses', async () => {
    const { status, lines } = await runVerify(undefined, ['--help']);
    expect(status).toBe(0);
    expect(lines[0]).toBe('Usage: c3d-mock verify --principals FILE [options]');
    for (const option of ['--skip-preflight', '--version', '--only GROUP', '--read-only'])
      expect(lines.some((line) => line.trimStart().startsWith(option))).toBe(true);
    const statuses = lines.slice(lines.indexOf('Exit status:') + 1, lines.indexOf('Exit status:') + 4);
    expect(statuses).toEqual([
      '  0  every check passed',
      '  1  a check failed',
      '  2  the suite could not run: wrong arguments, an unusable principals file, a failed preflight',
    ]);
  });

  it('the c3d-mock command exits with the status verify answers', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify', '--bogus']);
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: "c3d-mock verify: Unknown option '--bogus'\nRun c3d-mock verify --help for the options.\n",
    });
  });
});

describe('--only schema', () => {
  it('sends the cases that change nothing and reports only what their answers show of the documents', async () => {
    const auditBefore = server.mock.snapshot().auditLog?.length;
    const run = await runVerify(seedFile, [...against(server.urls.api, server.urls.data), '--only', 'schema']);
    expect(run.status).toBe(0);
    expect(run.lines).toContain('coverage: not measured (it needs the credentials and roles groups)');
    const json = JSON.parse(await readFile(join(run.out, 'contract-report.json'), 'utf8')) as {
      results: { group: string; rule: string }[];
    };
    const rules = new Set(json.results.map((result) => result.rule));
    // The logins and logouts the run needs, the schema checks, and the page checks that ride along with them.
    expect([...rules].sort()).toEqual([
      'credentials.login',
      'credentials.logout',
      'pagination.consistent',
      'schema.conformance',
    ]);
    expect(json.results.filter((result) => result.rule === 'schema.conformance').length).toBeGreaterThan(2000);
    // Nothing was written: the audit log records every successful write.
    expect(auditBefore).toBeGreaterThan(0);
    expect(server.mock.snapshot().auditLog?.length).toBe(auditBefore);
  }, 120_000);
});
