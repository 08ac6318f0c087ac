import type { SuiteReport } from '../run.ts';
import { reproductionText, requestLine, variableLines } from './reproduction-text.ts';

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test suite per rule group, one test case per result, as CI systems read it. */
export function junitReport(report: SuiteReport): string {
  const groups = new Map<string, SuiteReport['results']>();
  for (const result of report.results) {
    const group = groups.get(result.group);
    if (group) group.push(result);
    else groups.set(result.group, [result]);
  }
  const suites = [...groups].map(([group, results]) => {
    const failures = results.filter((r) => r.outcome === 'failed').length;
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    const cases = results.map((r) => {
      const name = escapeXml(`${r.rule}: ${r.title}`);
      const classname = escapeXml(`c3d-contract.${group}.${r.operationId}`);
      if (r.outcome === 'passed') return `    <testcase name="${name}" classname="${classname}"/>`;
      if (r.outcome === 'skipped')
        return `    <testcase name="${name}" classname="${classname}"><skipped message="${escapeXml(r.message ?? '')}"/></testcase>`;
      const reproduction = reproductionText(r);
      const detail = [
        `rule: ${r.rule}`,
        `operation: ${r.operationId}`,
        `principal: ${r.principal ?? '-'}`,
        `expected: ${r.expected}`,
        `got: ${r.status ?? '-'} ${r.contentType ?? ''}`,
        reproduction || (r.bodyHead ? `body: ${r.bodyHead}` : ''),
      ]
        .filter(Boolean)
        .join('\n');
      const sent = requestLine(r);
      const message = [r.message ?? 'failed', sent && `sent ${sent}`, r.answer && `answered ${r.answer.status}`]
        .filter(Boolean)
        .join(' — ');
      // CI systems show <system-out> beside the failure: the command that sends the request again.
      const out = r.curl
        ? `<system-out>${escapeXml([r.curl, ...variableLines(r).map((line) => `with ${line}`)].join('\n'))}</system-out>`
        : '';
      return `    <testcase name="${name}" classname="${classname}"><failure message="${escapeXml(message)}">${escapeXml(detail)}</failure>${out}</testcase>`;
    });
    return `  <testsuite name="${escapeXml(group)}" tests="${results.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  // The preflight is a test case of its own, failed when the suite could not judge the target.
  const { preflight } = report;
  const preflightFailed = preflight && !preflight.passed;
  if (preflight) {
    const name = 'name="preflight: base URLs, credentials and tenant ids" classname="c3d-contract.preflight"';
    const testCase = preflightFailed
      ? `<testcase ${name}><failure message="${escapeXml(`the suite could not run: ${preflight.problems[0] ?? ''}`)}">${escapeXml([...preflight.problems, ...preflight.notes.map((note) => `(${note})`)].join('\n'))}</failure></testcase>`
      : `<testcase ${name}/>`;
    suites.unshift(
      `  <testsuite name="preflight" tests="1" failures="${preflightFailed ? 1 : 0}" skipped="0">\n    ${testCase}\n  </testsuite>`,
    );
  }
  const tests = report.results.length + (preflight ? 1 : 0);
  const failures = report.failed + (preflightFailed ? 1 : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="c3d-mock contract suite" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
