import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verify } from '../../src/contract/cli.ts';
import { mergeReportsCommand } from '../../src/contract/merge.ts';
import type { CaseResult } from '../../src/contract/model.ts';
import { loadPrincipals, type PrincipalsFile } from '../../src/contract/principals.ts';
import { runSuite, type SuiteReport } from '../../src/contract/run.ts';
import { parseShard } from '../../src/contract/shard.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';

let server: RunningServer;
let file: PrincipalsFile;
let directory: string;
let whole: SuiteReport;
const shardDirectories: string[] = [];

/** A result's identity across runs. */
const keyOf = (result: CaseResult) =>
  `${result.rule} | ${result.title} | ${result.principal ?? '-'} | ${result.operationId}`;
const keysOf = (results: CaseResult[]) => results.map(keyOf).sort();
const withoutUuids = (texts: string[]) =>
  texts.map((text) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')).sort();

/** Runs a command quietly, answering its exit status and what it printed to stderr. */
async function quietly(run: () => Promise<number>): Promise<{ status: number; stderr: string[] }> {
  const stderr: string[] = [];
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(
    (...parts: unknown[]) => void stderr.push(...parts.join(' ').split('\n')),
  );
  try {
    return { status: await run(), stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

const readJson = async (path: string) =>
  JSON.parse(await readFile(path, 'utf8')) as {
    results: CaseResult[];
    summary: SuiteReport['summary'];
    coverage: SuiteReport['coverage'];
    shard?: string;
    leftOnTarget: string[];
  };

beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0 });
  file = await loadPrincipals('fixtures/default.principals.json');
  directory = await mkdtemp(join(tmpdir(), 'c3d-shards-'));
  whole = await runSuite({ file, api: server.urls.api, data: server.urls.data });
  for (let index = 1; index <= 4; index++) {
    server.mock.reset();
    const out = join(directory, `shard-${index}`);
    const { status } = await quietly(() =>
      verify([
        '--principals',
        'fixtures/default.principals.json',
        '--api',
        server.urls.api,
        '--data',
        server.urls.data,
        '--shard',
        `${index}/4`,
        '--report',
        'json',
        '--out',
        out,
      ]),
    );
    expect(status).toBe(0);
    shardDirectories.push(out);
  }
}, 300_000);
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('--shard K/N', () => {
  it('splits the run into shares that together are exactly the whole run', async () => {
    expect(whole.failed).toBe(0);
    const shards = await Promise.all(shardDirectories.map((out) => readJson(join(out, 'contract-report.json'))));
    expect(shards.map((shard) => shard.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(keysOf(shards.flatMap((shard) => shard.results))).toEqual(keysOf(whole.results));
    // Each shard holds about a quarter of the checks.
    for (const shard of shards) expect(shard.results.length).toBeGreaterThan(whole.results.length / 5);
    // The flows, and the page walks through the lists they add to, run together in the last shard.
    const stateful = (result: CaseResult) => result.group === 'flows' || result.rule === 'pagination.walk';
    expect(shards.map((shard) => shard.results.filter(stateful).length)).toEqual([
      0,
      0,
      0,
      whole.results.filter(stateful).length,
    ]);
    expect(whole.results.filter(stateful).length).toBeGreaterThan(40);
    // Every shard logs in (and out) every user, but records each login check once over all shards.
    expect(
      shards
        .flatMap((shard) => shard.results.filter((r) => r.rule === 'credentials.login').map((r) => r.principal))
        .sort(),
    ).toEqual(
      file.principals
        .filter((p) => p.kind === 'sessionCookie')
        .map((p) => p.name)
        .sort(),
    );
    expect(server.mock.snapshot().loginSessions).toEqual([]);
  });

  it('reads K/N, and says what it expects otherwise', () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const text of ['0/4', '5/4', '2/0', 'x', '1/4/2', '-1/4'])
      expect(() => parseShard(text)).toThrow(`--shard ${text}: expected K/N with 1 ≤ K ≤ N, such as 2/4`);
  });

  it('stops verify with exit status 2 on a bad --shard', async () => {
    const { status, stderr } = await quietly(() =>
      verify(['--principals', 'fixtures/default.principals.json', '--shard', '5/4']),
    );
    expect(status).toBe(2);
    expect(stderr[0]).toBe('c3d-mock verify: --shard 5/4: expected K/N with 1 ≤ K ≤ N, such as 2/4');
  });
});

describe('c3d-mock merge-reports', () => {
  it("merges the shards' JSON reports into one JSON, JUnit and HTML report of the whole run", async () => {
    const out = join(directory, 'merged');
    const { status, stderr } = await quietly(() =>
      mergeReportsCommand(['--out', out, ...[...shardDirectories].reverse()]),
    );
    expect(stderr).toEqual([]);
    expect(status).toBe(0);
    const merged = await readJson(join(out, 'contract-report.json'));
    expect(keysOf(merged.results)).toEqual(keysOf(whole.results));
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.coverage).toEqual(whole.coverage);
    expect(withoutUuids(merged.leftOnTarget)).toEqual(withoutUuids(whole.leftOnTarget));
    const junit = await readFile(join(out, 'contract-junit.xml'), 'utf8');
    expect(junit).toContain(`tests="${whole.results.length}" failures="0"`);
    expect(await readFile(join(out, 'contract-report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('exits 1 when a merged shard holds a failure', async () => {
    const failing = join(directory, 'failing.json');
    const report = await readJson(join(shardDirectories[1]!, 'contract-report.json'));
    report.results[0] = { ...report.results[0]!, outcome: 'failed', message: 'broken on purpose' };
    await writeFile(failing, JSON.stringify(report));
    const { status } = await quietly(() =>
      mergeReportsCommand([
        '--out',
        join(directory, 'merged-failing'),
        shardDirectories[0]!,
        failing,
        shardDirectories[2]!,
        shardDirectories[3]!,
      ]),
    );
    expect(status).toBe(1);
    const merged = await readJson(join(directory, 'merged-failing', 'contract-report.json'));
    expect(merged.results.filter((r) => r.outcome === 'failed').map((r) => r.message)).toEqual(['broken on purpose']);
  });

  it('refuses, with exit status 2, a missing or repeated shard and what is not a report', async () => {
    const [one, two, three, four] = shardDirectories as [string, string, string, string];
    const notReport = join(directory, 'not-a-report.json');
    await writeFile(notReport, '{"hello":"world"}');
    const cases: [string[], string][] = [
      [[one, two, four], 'shard 3/4 is missing: the merged report would not hold the whole suite'],
      [
        [one, one, two, three, four],
        `shard 1/4 is given twice (${join(one, 'contract-report.json')} and ${join(one, 'contract-report.json')})`,
      ],
      [[join(directory, 'nowhere')], `${join(directory, 'nowhere')}: no such file or directory`],
      [[notReport], `${notReport}: not a report of c3d-mock verify (it has no "results")`],
      [[], "give the shards' reports to merge (their directories or contract-report.json files)"],
    ];
    for (const [inputs, message] of cases) {
      const { status, stderr } = await quietly(() =>
        mergeReportsCommand(['--out', join(directory, 'refused'), ...inputs]),
      );
      expect({ status, stderr }).toEqual({
        status: 2,
        stderr: [`c3d-mock merge-reports: ${message}`, '(c3d-mock merge-reports --help shows the options)'],
      });
    }
  });
});
