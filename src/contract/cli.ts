import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPrincipals } from './principals.ts';
import { htmlReport } from './reports/html.ts';
import { jsonReport } from './reports/json.ts';
import { junitReport } from './reports/junit.ts';
import { groups, runSuite, type SuiteReport } from './run.ts';

export const verifyUsage = `Usage: c3d-mock verify --principals FILE [options]

Runs the contract suite against any implementation of the Cognitive3D API.

Options:
  --principals FILE   the target's principals file (see fixtures/default.principals.json)
  --api URL           dashboard API base URL, ending in /v0 (default: the file's "api")
  --data URL          data-collector API base URL, ending in /v0 (default: the file's "data")
  --read-only         send only GETs and the read-only query POSTs (and the logins)
  --strict            add the exact-case and exact-spacing credential cases; demand 404 (not 403) for other tenants
  --only GROUP        run only these groups (repeatable or comma-separated): ${groups.join(', ')}
  --report LIST       reports to write, comma-separated: junit,json,html (default all three)
  --out DIR           where to write them (default ./reports)
`;

const reportWriters = {
  junit: { file: 'contract-junit.xml', render: (report: SuiteReport) => junitReport(report) },
  json: { file: 'contract-report.json', render: (report: SuiteReport, meta: { target: string; when: string }) => jsonReport(report, meta) },
  html: { file: 'contract-report.html', render: (report: SuiteReport, meta: { target: string; when: string }) => htmlReport(report, meta) },
};

/** `c3d-mock verify`: runs the suite, prints progress and a summary per rule group, writes the reports; exit code 1 on any failure. */
export async function verify(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      principals: { type: 'string' },
      api: { type: 'string' },
      data: { type: 'string' },
      'read-only': { type: 'boolean' },
      strict: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      report: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(verifyUsage);
    return 0;
  }
  if (!values.principals) throw new Error(`--principals FILE is required\n\n${verifyUsage}`);
  const file = await loadPrincipals(values.principals);
  const api = values.api ?? file.api;
  const data = values.data ?? file.data;
  if (!api || !data) throw new Error('the base URLs are missing: give --api and --data, or "api" and "data" in the principals file');
  const only = values.only?.flatMap((value) => value.split(',')).map((value) => value.trim());
  for (const group of only ?? []) if (!(groups as readonly string[]).includes(group)) throw new Error(`--only ${group}: groups are ${groups.join(', ')}`);
  const reports = (values.report ?? 'junit,json,html').split(',').map((value) => value.trim()) as (keyof typeof reportWriters)[];
  for (const name of reports) if (!(name in reportWriters)) throw new Error(`--report ${name}: reports are junit, json, html`);

  console.log(`c3d-mock verify: ${api} and ${data}${values['read-only'] ? ' (read-only)' : ''}${values.strict ? ' (strict)' : ''}`);
  let count = 0;
  let shownFailures = 0;
  const report = await runSuite({
    file,
    api,
    data,
    readOnly: values['read-only'],
    strict: values.strict,
    only,
    onResult(result) {
      count++;
      if (result.outcome === 'failed' && shownFailures++ < 30) {
        console.log(`  FAIL ${result.rule} · ${result.operationId} · ${result.principal ?? '-'}: expected ${result.expected}, got ${result.status ?? '-'} ${result.contentType ?? ''}${result.message ? ` (${result.message})` : ''}${result.bodyHead ? `\n       ${result.bodyHead.split('\n')[0]}` : ''}`);
      }
      if (count % 1000 === 0) console.log(`  … ${count} checks`);
    },
  });
  if (shownFailures > 30) console.log(`  … and ${shownFailures - 30} more failures (see the reports)`);

  console.log('\nsummary by rule group:');
  for (const [group, s] of Object.entries(report.summary)) console.log(`  ${group.padEnd(14)} ${String(s.passed).padStart(6)} passed ${String(s.failed).padStart(5)} failed ${String(s.skipped).padStart(4)} skipped`);
  const failedRules = new Map<string, number>();
  for (const result of report.results) if (result.outcome === 'failed') failedRules.set(result.rule, (failedRules.get(result.rule) ?? 0) + 1);
  for (const [rule, n] of failedRules) console.log(`  broken rule: ${rule} (${n} failures)`);
  const { covered, total, missing } = report.coverage;
  console.log(`coverage: ${covered}/${total} operations (${Math.round((covered / total) * 100)}%) exercised with a caller let through and one kept out${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);

  const out = values.out ?? 'reports';
  const meta = { target: `${api} ${data}`, when: new Date().toISOString() };
  if (reports.length > 0) await mkdir(out, { recursive: true });
  for (const name of reports) {
    const writer = reportWriters[name];
    await writeFile(join(out, writer.file), writer.render(report, meta));
    console.log(`wrote ${join(out, writer.file)}`);
  }
  const passed = report.results.filter((r) => r.outcome === 'passed').length;
  console.log(`${passed} passed, ${report.failed} failed`);
  return report.failed === 0 ? 0 : 1;
}
