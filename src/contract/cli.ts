import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codeOf, isOneOf, keysOf, messageOf, stringAt } from '../guards.ts';
import { preflight, type PreflightResult } from './preflight.ts';
import { loadPrincipals } from './principals.ts';
import { htmlReport } from './reports/html.ts';
import { jsonReport } from './reports/json.ts';
import { junitReport } from './reports/junit.ts';
import type { CaseResult } from './model.ts';
import { answerLine, requestLine, variableLines } from './reports/reproduction-text.ts';
import { groups, runSuite, summarize, type SuiteReport } from './run.ts';
import { parseShard } from './shard.ts';

export const verifyUsage = `Usage: c3d-mock verify --principals FILE [options]

Runs the contract suite against any implementation of the Cognitive3D API.

Options:
  --principals FILE   the target's principals file (see fixtures/default.principals.json)
  --api URL           dashboard API base URL, ending in /v0 (default: the file's "api")
  --data URL          data-collector API base URL, ending in /v0 (default: the file's "data")
  --read-only         send only GETs and the read-only query POSTs (and the logins)
  --strict            add the exact-case and exact-spacing credential cases; demand 404 (not 403) for other tenants
  --only GROUP        run only these groups (repeatable or comma-separated): ${groups.join(', ')};
                      schema alone sends every case that changes nothing and reports only its schema checks
  --shard K/N         run only the Kth of N shares of the cases and flows, for a CI matrix
                      (merge the shards' reports with c3d-mock merge-reports)
  --report LIST       reports to write, comma-separated: junit,json,html (default all three)
  --out DIR           where to write them (default ./reports)
  --skip-preflight    run the cases without first checking the base URLs, credentials and tenant ids
  --version           print the version of c3d-mock
  --help              print this help

Exit status:
  0  every check passed
  1  a check failed
  2  the suite could not run: wrong arguments, an unusable principals file, a failed preflight
`;

export const reportWriters = {
  junit: { file: 'contract-junit.xml', render: (report: SuiteReport) => junitReport(report) },
  json: {
    file: 'contract-report.json',
    render: (report: SuiteReport, meta: { target: string; when: string }) => jsonReport(report, meta),
  },
  html: {
    file: 'contract-report.html',
    render: (report: SuiteReport, meta: { target: string; when: string }) => htmlReport(report, meta),
  },
};

export type ReportName = keyof typeof reportWriters;

/** The reports a `--report` list names (all three when none is given); `refuse` makes the error for another name. */
export function reportNames(list: string | undefined, refuse: (name: string) => Error): ReportName[] {
  return (list ?? 'junit,json,html')
    .split(',')
    .map((value) => value.trim())
    .map((name) => {
      if (!isOneOf(keysOf(reportWriters), name)) throw refuse(name);
      return name;
    });
}

/** Arguments `verify` cannot use; the message says what is wrong. */
class UsageError extends Error {}

/** The version in c3d-mock's package.json, found above this file (in `src/contract/` or `dist/src/contract/`). */
export function packageVersion(): string {
  for (let directory = dirname(fileURLToPath(import.meta.url)); ; directory = dirname(directory)) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      const version = stringAt(manifest, 'version');
      if (stringAt(manifest, 'name') === 'c3d-mock' && version) return version;
    } catch {
      // No package.json here: look one directory up.
    }
    if (dirname(directory) === directory) return 'unknown';
  }
}

/**
 * `c3d-mock verify`: runs the suite, prints progress and a summary per rule group, writes the reports. Answers
 * the exit status: 0 when every check passed, 1 when one failed, 2 when the suite could not run (the message
 * says why, in a few lines); it never throws.
 */
export async function verify(argv: string[]): Promise<number> {
  try {
    return await runVerify(argv);
  } catch (error) {
    const usage = error instanceof UsageError || codeOf(error)?.startsWith('ERR_PARSE_ARGS');
    console.error(`c3d-mock verify: ${messageOf(error)}`);
    console.error(usage ? 'Run c3d-mock verify --help for the options.' : 'The suite could not run (exit status 2).');
    return 2;
  }
}

/** What `verify` was asked to do, its arguments checked; undefined when it only printed its help or version. */
async function verifyArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      principals: { type: 'string' },
      api: { type: 'string' },
      data: { type: 'string' },
      'read-only': { type: 'boolean' },
      strict: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      shard: { type: 'string' },
      report: { type: 'string' },
      out: { type: 'string' },
      'skip-preflight': { type: 'boolean' },
      version: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(verifyUsage);
    return undefined;
  }
  if (values.version) {
    console.log(packageVersion());
    return undefined;
  }
  if (!values.principals) throw new UsageError('--principals FILE is required');
  const file = await loadPrincipals(values.principals);
  const api = values.api ?? file.api;
  const data = values.data ?? file.data;
  if (!api || !data)
    throw new UsageError(
      'the base URLs are missing: give --api and --data, or "api" and "data" in the principals file',
    );
  const only = values.only?.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const group of only ?? [])
    if (!isOneOf(groups, group)) throw new UsageError(`--only ${group}: groups are ${groups.join(', ')}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const reports = reportNames(
    values.report,
    (name) => new UsageError(`--report ${name}: reports are junit, json, html`),
  );
  return { values, file, api, data, only, shard, reports };
}

async function runVerify(argv: string[]): Promise<number> {
  const args = await verifyArgs(argv);
  if (!args) return 0;
  const { values, file, api, data, only, shard, reports } = args;

  console.log(
    `c3d-mock verify: ${api} and ${data}${values['read-only'] ? ' (read-only)' : ''}${values.strict ? ' (strict)' : ''}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`,
  );
  const checked = values['skip-preflight'] ? undefined : await preflight({ file, api, data });
  if (checked) printPreflight(checked);
  if (checked && !checked.passed) {
    await writeReports(
      { ...summarize([]), leftOnTarget: [], preflight: checked },
      { target: `${api} ${data}`, when: new Date().toISOString() },
      reports,
      values.out ?? 'reports',
    );
    console.log('no case ran (exit status 2): correct the above, or run with --skip-preflight');
    return 2;
  }
  let count = 0;
  let shownFailures = 0;
  const report = await runSuite({
    file,
    api,
    data,
    readOnly: values['read-only'],
    strict: values.strict,
    only,
    shard,
    onResult(result) {
      count++;
      if (result.outcome === 'failed' && shownFailures++ < 30) printFailure(result);
      if (count % 1000 === 0) console.log(`  … ${count} checks`);
    },
  });
  report.preflight = checked;
  if (shownFailures > 30) console.log(`  … and ${shownFailures - 30} more failures (see the reports)`);
  printSummary(report, only);

  const out = values.out ?? 'reports';
  const meta = {
    target: `${api} ${data}`,
    when: new Date().toISOString(),
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
    leftOnTarget: report.leftOnTarget,
  };
  if (reports.length > 0) await mkdir(out, { recursive: true });
  for (const name of reports) {
    const writer = reportWriters[name];
    await writeFile(join(out, writer.file), writer.render(report, meta));
    console.log(`wrote ${join(out, writer.file)}`);
  }
  const passed = report.results.filter((r) => r.outcome === 'passed').length;
  console.log(`${passed} passed, ${report.failed} failed`);
  if (passed + report.failed === 0) console.log('no check ran (exit status 2): see --only, --read-only and --shard');
  return exitStatus(report);
}

/** A failure as it happens: the rule, operation and principal, what was expected and what came back, and its reproduction. */
function printFailure(result: CaseResult) {
  console.log(
    `  FAIL ${result.rule} · ${result.operationId} · ${result.principal ?? '-'}: expected ${result.expected}, got ${result.status ?? '-'} ${result.contentType ?? ''}${result.message ? ` (${result.message})` : ''}`,
  );
  const sent = requestLine(result);
  if (sent) console.log(`       sent    ${sent}\n       answer  ${answerLine(result)}\n       curl    ${result.curl}`);
  else if (result.bodyHead) console.log(`       ${result.bodyHead.split('\n')[0]}`);
  for (const line of variableLines(result)) console.log(`               ${line}`);
}

/** After the run: the summary per rule group, the broken rules, the coverage and what the run left on the target. */
function printSummary(report: SuiteReport, only: string[] | undefined) {
  console.log('\nsummary by rule group:');
  for (const [group, s] of Object.entries(report.summary))
    console.log(
      `  ${group.padEnd(14)} ${String(s.passed).padStart(6)} passed ${String(s.failed).padStart(5)} failed ${String(s.skipped).padStart(4)} skipped`,
    );
  const failedRules = new Map<string, number>();
  for (const result of report.results)
    if (result.outcome === 'failed') failedRules.set(result.rule, (failedRules.get(result.rule) ?? 0) + 1);
  for (const [rule, n] of failedRules) console.log(`  broken rule: ${rule} (${n} failures)`);
  const { covered, total, missing } = report.coverage;
  // Callers let through and kept out are shown by the credentials and roles groups; without them the count means nothing.
  const measured = !only || (only.includes('credentials') && only.includes('roles'));
  console.log(
    measured
      ? `coverage: ${covered}/${total} operations (${Math.round((covered / total) * 100)}%) exercised with a caller let through and one kept out${missing.length ? `; missing: ${missing.join(', ')}` : ''}`
      : 'coverage: not measured (it needs the credentials and roles groups)',
  );
  console.log(
    report.leftOnTarget.length
      ? `left on the target:\n${report.leftOnTarget.map((item) => `  - ${item}`).join('\n')}`
      : 'left on the target: nothing',
  );
}

/** 0 when every check passed, 1 when one failed, 2 when none could be made (a failed preflight, or nothing selected). */
export function exitStatus(report: SuiteReport): 0 | 1 | 2 {
  if (report.preflight?.passed === false) return 2;
  if (report.failed > 0) return 1;
  return report.results.some((result) => result.outcome === 'passed') ? 0 : 2;
}

const shownProblems = 10;

/** The preflight's outcome in a few lines: each problem (the first ten) when it failed, what it did not check when it passed. */
function printPreflight(result: PreflightResult): void {
  if (result.passed) {
    console.log('preflight: passed');
    for (const note of result.notes) console.log(`  (${note})`);
    return;
  }
  console.log(`preflight failed: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
  for (const problem of result.problems.slice(0, shownProblems)) console.log(`  ${problem}`);
  if (result.problems.length > shownProblems)
    console.log(`  … and ${result.problems.length - shownProblems} more (see the reports)`);
}

async function writeReports(
  report: SuiteReport,
  meta: { target: string; when: string },
  reports: (keyof typeof reportWriters)[],
  out: string,
): Promise<void> {
  if (reports.length > 0) await mkdir(out, { recursive: true });
  for (const name of reports) {
    const writer = reportWriters[name];
    await writeFile(join(out, writer.file), writer.render(report, meta));
    console.log(`wrote ${join(out, writer.file)}`);
  }
}
