import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { principalsCommand } from '../../src/contract/discover/cli.ts';
import { discoverPrincipals, type CredentialInput } from '../../src/contract/discover/discover.ts';
import { preflight } from '../../src/contract/preflight.ts';
import { loadPrincipals, type PrincipalsFile } from '../../src/contract/principals.ts';
import { runSuite } from '../../src/contract/run.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import type { SeedData } from '../../src/store/store.ts';
import { renumberedSeed } from './renumbered-seed.ts';

let defaultFile: PrincipalsFile;
let directory: string;
beforeAll(async () => {
  defaultFile = await loadPrincipals('fixtures/default.principals.json');
  directory = await mkdtemp(join(tmpdir(), 'c3d-discover-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The command line that names every credential of a principals file. */
const argumentsFor = (file: PrincipalsFile, urls: { api: string; data: string }) => [
  '--api',
  urls.api,
  '--data',
  urls.data,
  ...file.principals.flatMap((p) =>
    'email' in p.credential
      ? ['--login', `${p.name}=${p.credential.email}:${p.credential.password}`]
      : ['--key', `${p.name}=${p.credential.authorization}`],
  ),
  ...(file.revoked ?? []).flatMap((key) => ['--revoked', key.authorization]),
];

const credentialsOf = (file: PrincipalsFile): CredentialInput[] =>
  file.principals.map((p) =>
    'email' in p.credential
      ? { name: p.name, ...p.credential }
      : { name: p.name, authorization: p.credential.authorization },
  );

/** A file with its order and `identifier` (a free text any participant id fills) left out, for comparing. */
function comparable(file: PrincipalsFile) {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    principals: [...file.principals].sort(byName).map((p) => ({
      ...p,
      grants: [...p.grants].sort((a, b) => `${a.scope}${a.id}`.localeCompare(`${b.scope}${b.id}`)),
    })),
    revoked: [...(file.revoked ?? [])].sort((a, b) => a.authorization.localeCompare(b.authorization)),
    tenants: Object.fromEntries(
      Object.entries(file.tenants).map(([name, { identifier: _, ...resources }]) => [name, resources]),
    ),
  };
}

/** The participant of each tenant's session in the seed: what `identifier` is discovered as. */
const participantsOf = (file: PrincipalsFile, seed: SeedData) =>
  Object.fromEntries(
    Object.entries(file.tenants).map(([name, t]) => [
      name,
      seed.sessions!.find((s) => s.sessionId === t.sessionId)?.participantId,
    ]),
  );

/** Runs the command, answering its exit status and what it wrote to stderr, line by line. */
async function command(argv: string[]): Promise<{ status: number; stderr: string[]; stdout: string }> {
  const stderr: string[] = [];
  let stdout = '';
  vi.spyOn(console, 'error').mockImplementation(
    (...parts: unknown[]) => void stderr.push(...parts.join(' ').split('\n')),
  );
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += `${parts.join(' ')}\n`));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const status = await principalsCommand(argv);
  vi.restoreAllMocks();
  return { status, stderr, stdout };
}

async function verifiesWithoutFailure(file: PrincipalsFile, server: RunningServer) {
  const checked = await preflight({ file, api: server.urls.api, data: server.urls.data });
  expect(checked.problems).toEqual([]);
  const report = await runSuite({ file, api: server.urls.api, data: server.urls.data });
  expect(report.results.filter((r) => r.outcome === 'failed').map((r) => `${r.rule} ${r.title}: ${r.message}`)).toEqual(
    [],
  );
  expect(report.coverage.covered).toBe(report.coverage.total);
}

describe('c3d-mock principals on the default seed', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, dataPort: 0 });
  });
  afterAll(() => server.close());

  it('writes the default principals file from the credentials alone, and the suite passes with it', async () => {
    const before = structuredClone(server.mock.snapshot());
    const out = join(directory, 'default', 'principals.json');
    const { status, stderr } = await command([...argumentsFor(defaultFile, server.urls), '--out', out]);
    expect(stderr).toEqual([
      'note: ops@domain.example: its grants name no single organization, so its own tenant is taken to be "acme"; say otherwise with --tenant ops@domain.example=TENANT',
      'note: nobody@acme.example: its grants name no single organization, so its own tenant is taken to be "acme"; say otherwise with --tenant nobody@acme.example=TENANT',
      'note: domain-key: its grants name no single organization, so its own tenant is taken to be "acme"; say otherwise with --tenant domain-key=TENANT',
      `wrote ${out}: 17 principals, 2 revoked keys; tenants acme (organization 101, project 1001), globex (organization 102, project 2001)`,
    ]);
    expect(status).toBe(0);

    const written = await loadPrincipals(out);
    expect(comparable(written)).toEqual(comparable({ ...defaultFile, api: server.urls.api, data: server.urls.data }));
    expect({ api: written.api, data: written.data }).toEqual(server.urls);
    expect(Object.fromEntries(Object.entries(written.tenants).map(([name, t]) => [name, t.identifier]))).toEqual(
      participantsOf(written, before),
    );
    expect(JSON.parse(await readFile(out, 'utf8')).$schema).toMatch(/src\/contract\/principals\.schema\.json$/);

    // Discovery only reads (and logs in and out): the state is as it was, but for the keys' lastUsedAt.
    const after = server.mock.snapshot();
    const withoutUse = (state: SeedData) => ({
      ...state,
      apiKeys: state.apiKeys!.map(({ lastUsedAt: _, ...key }) => key),
    });
    expect(withoutUse(after)).toEqual(withoutUse(before));

    await verifiesWithoutFailure(written, server);
  }, 120_000);

  it('writes the file to standard output without --out', async () => {
    const { status, stdout, stderr } = await command(argumentsFor(defaultFile, server.urls));
    expect(status).toBe(0);
    expect(comparable(JSON.parse(stdout) as PrincipalsFile)).toEqual(
      comparable({ ...defaultFile, api: server.urls.api, data: server.urls.data }),
    );
    expect(stderr.at(-1)).toBe(
      '17 principals, 2 revoked keys; tenants acme (organization 101, project 1001), globex (organization 102, project 2001)',
    );
  }, 60_000);

  it('places a principal in the tenant --tenant names, by tenant name or organization id', async () => {
    const { stdout, stderr } = await command([
      ...argumentsFor(defaultFile, server.urls),
      '--tenant',
      'nobody@acme.example=globex',
      '--tenant',
      'domain-key=102',
    ]);
    const file = JSON.parse(stdout) as PrincipalsFile;
    expect(file.principals.filter((p) => p.tenant === 'globex').map((p) => p.name)).toEqual([
      'owner@globex.example',
      'nobody@acme.example',
      'globex-write-key',
      'domain-key',
      'globex-data-key',
    ]);
    expect(stderr.filter((line) => line.startsWith('note:')).map((line) => line.split(':')[1]!.trim())).toEqual([
      'ops@domain.example',
    ]);
  }, 60_000);

  it('lists a --revoked key the target still accepts, with a note', async () => {
    const { status, stdout, stderr } = await command([
      ...argumentsFor(defaultFile, server.urls),
      '--revoked',
      'orgkey-ac3e0000000000000000000000000002',
    ]);
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as PrincipalsFile).revoked).toContainEqual({
      kind: 'orgKey',
      authorization: 'orgkey-ac3e0000000000000000000000000002',
    });
    expect(stderr).toContain(
      'note: --revoked orgkey-ac3e…: the target accepts this orgKey (200); it is listed as revoked as asked, and the suite will report each time it is let through',
    );
  }, 60_000);

  it('says so, and exits 2, when the credentials reach only one organization', async () => {
    const acmeOnly = {
      ...defaultFile,
      principals: defaultFile.principals.filter(
        (p) => p.tenant === 'acme' && p.kind !== 'domainKey' && !p.name.startsWith('ops@'),
      ),
    };
    const { status, stderr } = await command(argumentsFor(acmeOnly, server.urls));
    expect(status).toBe(2);
    expect(stderr).toEqual([
      'c3d-mock principals: the credentials reach only one organization with a project (101 "Acme VR"); the suite needs two tenants, to check that each is kept out of the other\'s: add a credential of another organization',
    ]);
    expect(server.mock.snapshot().loginSessions).toEqual([]);
  }, 60_000);

  it.each([
    [[], ['c3d-mock principals: --api URL is required', '(c3d-mock principals --help shows the options)']],
    [
      ['--api', 'ftp://x/v0', '--data', 'http://x/v0', '--key', 'a=b'],
      ['c3d-mock principals: --api ftp://x/v0: not an http(s) URL', '(c3d-mock principals --help shows the options)'],
    ],
    [
      ['--api', 'http://x', '--data', 'http://x/v0', '--key', 'a=b'],
      [
        "c3d-mock principals: --api http://x: the base URL ends in /v0 (the documents' paths are below it)",
        '(c3d-mock principals --help shows the options)',
      ],
    ],
    [
      ['--api', 'http://x/v0', '--data', 'http://x/v0'],
      [
        'c3d-mock principals: give the credentials to describe: --key NAME=VALUE and --login NAME=EMAIL:PASSWORD, each repeatable',
        '(c3d-mock principals --help shows the options)',
      ],
    ],
    [
      ['--api', 'http://x/v0', '--data', 'http://x/v0', '--key', 'orgkey-ac3e0000000000000000000000000001'],
      [
        'c3d-mock principals: --key orgkey-ac3e0000000000000000000000000001: expected NAME=VALUE (a name of letters, digits and _.@+-)',
        '(c3d-mock principals --help shows the options)',
      ],
    ],
    [
      ['--api', 'http://x/v0', '--data', 'http://x/v0', '--login', 'owner@acme.example'],
      [
        'c3d-mock principals: --login owner@acme.example: expected NAME=EMAIL:PASSWORD or EMAIL:PASSWORD',
        '(c3d-mock principals --help shows the options)',
      ],
    ],
    [
      ['--api', 'http://x/v0', '--data', 'http://x/v0', '--frobnicate'],
      ["c3d-mock principals: Unknown option '--frobnicate'", '(c3d-mock principals --help shows the options)'],
    ],
  ])('refuses the command line %j in a few lines, with exit status 2', async (argv, lines) => {
    const { status, stderr } = await command(argv);
    expect(stderr).toEqual(lines);
    expect(status).toBe(2);
  });

  it('names the credential the target refuses, or that has no documented format', async () => {
    const urls = ['--api', server.urls.api, '--data', server.urls.data];
    const wrongPassword = await command([...urls, '--login', 'owner@acme.example:not-the-password']);
    expect(wrongPassword).toMatchObject({
      status: 2,
      stderr: [
        'c3d-mock principals: --login owner@acme.example: logging in as owner@acme.example answered 401: check the email and password',
      ],
    });
    const swapped = await command([
      '--api',
      server.urls.data,
      '--data',
      server.urls.api,
      '--login',
      'owner@acme.example:c3d-mock-password',
    ]);
    expect(swapped).toMatchObject({
      status: 2,
      stderr: [
        'c3d-mock principals: --login owner@acme.example: logging in as owner@acme.example answered 404: check --api and --data: the base URLs, ending in /v0',
      ],
    });
    const revoked = await command([...urls, '--key', 'old=orgkey-ac3e0000000000000000000000000003']);
    expect(revoked.status).toBe(2);
    expect(revoked.stderr).toHaveLength(1);
    expect(revoked.stderr[0]).toMatch(
      /^c3d-mock principals: --key old: the target refuses this orgKey \(401: .+\); a revoked or expired key goes under --revoked VALUE$/,
    );
    const bearer = await command([...urls, '--key', 'bearer=Bearer orgkey-ac3e0000000000000000000000000001']);
    expect(bearer).toMatchObject({
      status: 2,
      stderr: [
        'c3d-mock principals: --key bearer: the value is none of the documented key formats (orgkey-<32 hex digits>, APIKEY:ORGANIZATION <32 hex digits>, APIKEY:DOMAIN <32 hex digits>, APIKEY:DEVELOPER <32 hex digits>, APIKEY:DATA <32 hex digits>); a user logs in with --login NAME=EMAIL:PASSWORD',
      ],
    });
    const unknownTenant = await command([
      ...argumentsFor(defaultFile, server.urls),
      '--tenant',
      'nobody@acme.example=initech',
    ]);
    expect(unknownTenant).toMatchObject({
      status: 2,
      stderr: [
        'c3d-mock principals: --tenant nobody@acme.example=initech: no such tenant; the tenants are acme (organization 101), globex (organization 102)',
      ],
    });
    const unknownPrincipal = await command([...argumentsFor(defaultFile, server.urls), '--tenant', 'someone=acme']);
    expect(unknownPrincipal).toMatchObject({
      status: 2,
      stderr: ['c3d-mock principals: --tenant someone=…: no credential is named someone'],
    });
    expect(server.mock.snapshot().loginSessions).toEqual([]);
  }, 60_000);

  it('says which address it cannot reach', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { status, stderr } = await command([
      '--api',
      `http://127.0.0.1:${closed}/v0`,
      '--data',
      `http://127.0.0.1:${closed}/v0`,
      '--key',
      'k=orgkey-ac3e0000000000000000000000000001',
    ]);
    expect({ status, stderr }).toEqual({
      status: 2,
      stderr: [`c3d-mock principals: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED`],
    });
  });

  it('prints its usage with --help, exit status 0', async () => {
    const { status, stdout } = await command(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: c3d-mock principals --api URL --data URL/);
    expect(stdout).toContain('Exit status: 0 the file is written; 2 a command-line error');
  });
});

describe('c3d-mock principals on a seed with other ids everywhere', () => {
  const { seed, renumber } = renumberedSeed();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, dataPort: 0, seed });
  });
  afterAll(() => server.close());

  it("finds that seed's ids and grants, and the suite passes with the file", async () => {
    const expected = renumber({ ...defaultFile, api: server.urls.api, data: server.urls.data });
    expect(expected.tenants.acme!.organizationId).not.toBe(defaultFile.tenants.acme!.organizationId);
    const { file, notes } = await discoverPrincipals({
      ...server.urls,
      credentials: credentialsOf(expected),
      revoked: expected.revoked!.map((key) => key.authorization),
    });
    expect(notes).toHaveLength(3);
    expect(comparable(file)).toEqual(comparable(expected));
    expect(Object.fromEntries(Object.entries(file.tenants).map(([name, t]) => [name, t.identifier]))).toEqual(
      participantsOf(file, server.mock.snapshot()),
    );
    await verifiesWithoutFailure(file, server);
  }, 120_000);
});
