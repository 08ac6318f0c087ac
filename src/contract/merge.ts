import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { arrayAt, codeOf, isRecord, messageOf, stringAt } from '../guards.ts';
import { reportNames, reportWriters } from './cli.ts';
import type { CaseResult } from './model.ts';
import { summarize, type SuiteReport } from './run.ts';
import { parseShard, type Shard } from './shard.ts';

export const mergeUsage = `Usage: c3d-mock merge-reports [--out DIR] [--report LIST] REPORT…

Merges the JSON reports of the shards of one run (c3d-mock verify --shard K/N) into one JSON, JUnit and
HTML report, with the summary per group and the coverage computed over all of them.

  REPORT          a shard's report directory (holding contract-report.json) or the JSON file itself
  --out DIR       where to write the merged reports (default ./reports)
  --report LIST   reports to write, comma-separated: junit,json,html (default all three)

Every shard 1/N..N/N must be there exactly once. Exit status: 0 the merged run passed; 1 it holds a
failure; 2 a report is missing, unreadable, or a shard is missing or given twice.
`;

/** One shard's JSON report, as `verify --report json` wrote it. */
export interface ShardReport {
  source: string;
  shard?: Shard;
  target?: string;
  when?: string;
  results: CaseResult[];
  leftOnTarget: string[];
}

/** A report that cannot be merged; the message names it and says why. */
export class MergeError extends Error {
  override name = 'MergeError';
}

export async function readShardReport(source: string): Promise<ShardReport> {
  let path = source;
  try {
    if ((await stat(source)).isDirectory()) path = join(source, reportWriters.json.file);
  } catch {
    throw new MergeError(`${source}: no such file or directory`);
  }
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = codeOf(error);
    throw new MergeError(
      `${path}: ${code ? `cannot be read (${code}); the shard's job writes it with --report json` : `is not JSON (${messageOf(error)})`}`,
    );
  }
  const results = arrayAt(value, 'results');
  if (!isRecord(value) || !results)
    throw new MergeError(`${path}: not a report of c3d-mock verify (it has no "results")`);
  let shard: Shard | undefined;
  if (value.shard !== undefined) {
    try {
      shard = parseShard(String(value.shard));
    } catch {
      throw new MergeError(`${path}: its "shard" ${JSON.stringify(value.shard)} is not K/N`);
    }
  }
  return {
    source: path,
    shard,
    target: stringAt(value, 'target'),
    when: stringAt(value, 'when'),
    // Taken as `verify --report json` wrote them: merging only regroups the results, it reads none of their fields.
    results: results as CaseResult[],
    leftOnTarget: (arrayAt(value, 'leftOnTarget') ?? []).filter((entry) => typeof entry === 'string'),
  };
}

/**
 * One report of the shards' results: every shard of the run exactly once (or reports of unsharded runs,
 * taken as they are), in shard order; the summary and the coverage are computed over all the results, so an
 * operation let through in one shard and kept out in another counts as covered.
 */
export function mergeReports(reports: ShardReport[]): SuiteReport {
  if (reports.length === 0) throw new MergeError('no reports to merge');
  const sharded = reports.filter((report): report is ShardReport & { shard: Shard } => report.shard !== undefined);
  const [first] = sharded;
  if (first) {
    const unsharded = reports.find((report) => !report.shard);
    if (unsharded)
      throw new MergeError(
        `${unsharded.source}: not a shard's report, unlike ${first.source}: merge the shards of one run`,
      );
    const count = first.shard.count;
    const other = sharded.find((report) => report.shard.count !== count);
    if (other)
      throw new MergeError(
        `${other.source} is shard ${other.shard.index}/${other.shard.count}, ${first.source} one of ${count}: merge the shards of one run`,
      );
    for (let index = 1; index <= count; index++) {
      const given = sharded.filter((report) => report.shard.index === index);
      if (given.length === 0)
        throw new MergeError(`shard ${index}/${count} is missing: the merged report would not hold the whole suite`);
      if (given.length > 1)
        throw new MergeError(
          `shard ${index}/${count} is given twice (${given.map((report) => report.source).join(' and ')})`,
        );
    }
  }
  const ordered = [...reports].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const results = ordered.flatMap((report) => report.results);
  return { ...summarize(results), leftOnTarget: [...new Set(ordered.flatMap((report) => report.leftOnTarget))] };
}

/** `c3d-mock merge-reports`: answers the exit status; every error is a few lines on stderr. */
export async function mergeReportsCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, report: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(mergeUsage);
      return 0;
    }
    if (positionals.length === 0)
      throw new MergeError("give the shards' reports to merge (their directories or contract-report.json files)");
    const names = reportNames(
      values.report,
      (name) => new MergeError(`--report ${name}: reports are junit, json, html`),
    );
    const out = values.out ?? 'reports';
    const inputs = await Promise.all(positionals.map(readShardReport));
    const merged = mergeReports(inputs);
    const when =
      inputs
        .map((input) => input.when ?? '')
        .sort()
        .at(-1) || new Date().toISOString();
    const meta = {
      target: [...new Set(inputs.map((input) => input.target ?? '?'))].join('; '),
      when,
      mergedFrom: inputs.map((input) => input.source),
      leftOnTarget: merged.leftOnTarget,
    };
    for (const name of names) {
      const writer = reportWriters[name];
      try {
        await mkdir(out, { recursive: true });
        await writeFile(join(out, writer.file), writer.render(merged, meta));
      } catch (error) {
        throw new MergeError(`${join(out, writer.file)}: cannot be written (${codeOf(error) ?? messageOf(error)})`);
      }
      console.log(`wrote ${join(out, writer.file)}`);
    }
    const passed = merged.results.filter((result) => result.outcome === 'passed').length;
    const { covered, total } = merged.coverage;
    console.log(
      `merged ${inputs.length} reports: ${passed} passed, ${merged.failed} failed; coverage ${covered}/${total} operations`,
    );
    return merged.failed === 0 ? 0 : 1;
  } catch (error) {
    const known = error instanceof MergeError || codeOf(error)?.startsWith('ERR_PARSE_ARGS');
    if (!known) throw error;
    console.error(`c3d-mock merge-reports: ${messageOf(error)}\n(c3d-mock merge-reports --help shows the options)`);
    return 2;
  }
}
