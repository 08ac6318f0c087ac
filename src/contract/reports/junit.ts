import type { SuiteReport } from '../run.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test suite per rule group, one test case per result, as CI systems read it. */
export function junitReport(report: SuiteReport): string {
  const groups = new Map<string, SuiteReport['results']>();
  for (const result of report.results) (groups.get(result.group) ?? groups.set(result.group, []).get(result.group)!).push(result);
  const suites = [...groups].map(([group, results]) => {
    const failures = results.filter((r) => r.outcome === 'failed').length;
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    const cases = results.map((r) => {
      const name = escape(`${r.rule}: ${r.title}`);
      const classname = escape(`c3d-contract.${group}.${r.operationId}`);
      if (r.outcome === 'passed') return `    <testcase name="${name}" classname="${classname}"/>`;
      if (r.outcome === 'skipped') return `    <testcase name="${name}" classname="${classname}"><skipped message="${escape(r.message ?? '')}"/></testcase>`;
      const detail = [`rule: ${r.rule}`, `operation: ${r.operationId}`, `principal: ${r.principal ?? '-'}`, `expected: ${r.expected}`, `got: ${r.status ?? '-'} ${r.contentType ?? ''}`, r.bodyHead ? `body: ${r.bodyHead}` : ''].filter(Boolean).join('\n');
      return `    <testcase name="${name}" classname="${classname}"><failure message="${escape(r.message ?? 'failed')}">${escape(detail)}</failure></testcase>`;
    });
    return `  <testsuite name="${escape(group)}" tests="${results.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="c3d-mock contract suite" tests="${report.results.length}" failures="${report.failed}">\n${suites.join('\n')}\n</testsuites>\n`;
}
