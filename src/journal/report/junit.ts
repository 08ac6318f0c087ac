import { ruleIds, rules, type RuleId } from '../rules.ts';
import {
  answerRules,
  upstreamOnlyRules,
  type ConformanceReport,
  type ReportExample,
  type RuleGroup,
} from './report.ts';

const xmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => xmlEscapes[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export const exampleLine = (example: ReportExample) =>
  `#${example.seq} ${example.method} ${example.path} → ${example.status}${example.operationId ? ` (${example.operationId})` : ''}: ${example.message}${example.pointer ? ` [${example.pointer}]` : ''}`;

/**
 * JUnit XML: one test case per rule of `src/journal/rules.ts` the judge applies (violations, then warnings), so a CI
 * system tracks each rule across runs by a stable name. A rule no request broke passes; one broken fails (its
 * requests counted, up to three shown); one broken but allowed (`--allow RULE`, `--allow-warnings`) is skipped,
 * saying so. The mock's reports leave out the `answer-*` rules (only the proxy judges answers); the proxy's skip the
 * rules only the upstream can judge. A test suite per kind; the headline is in the name of the whole.
 */
export function renderJunit(report: ConformanceReport): string {
  const properties = (
    [
      ['headline', report.headline],
      ['requests', String(report.requests.count)],
      ['operations used', `${report.operations.used}/${report.operations.total}`],
      ['generated at', report.generatedAt],
    ] satisfies [string, string][]
  )
    .map(([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
    .join('\n');
  const suite = (severity: 'violation' | 'warning', broken: RuleGroup[]) => {
    // The mock never judges answers: a run of the mock lists the request's rules only.
    const ids = ruleIds.filter(
      (rule) => rules[rule].severity === severity && (report.source === 'proxy' || !answerRules.includes(rule)),
    );
    const byRule = new Map<RuleId, RuleGroup>(broken.map((group) => [group.rule, group]));
    let failures = 0;
    let skipped = 0;
    const cases = ids.map((rule) => {
      const group = byRule.get(rule);
      const open = `    <testcase name="${escapeXml(rule)}" classname="c3d-mock.conformance.${severity}s"`;
      if (!group && report.source === 'proxy' && upstreamOnlyRules.includes(rule)) {
        skipped++;
        return `${open}><skipped message="not judged by the proxy: only the upstream knows its keys, principals and limits"/></testcase>`;
      }
      if (!group) return `${open}/>`;
      const what = `${group.requests} request${group.requests === 1 ? '' : 's'} ${severity === 'violation' ? 'broke' : 'leaned on'} ${rule}`;
      const detail = [
        rules[rule].description,
        ...(group.operations.length ? [`operations: ${group.operations.join(', ')}`] : []),
        ...group.examples.map(exampleLine),
        ...(group.requests > group.examples.length
          ? [
              `… and ${group.requests - group.examples.length} more (the JSON report counts them; the journal holds them)`,
            ]
          : []),
      ].join('\n');
      if (group.allowed) {
        skipped++;
        return `${open}><skipped message="${escapeXml(`allowed: ${what}`)}"/><system-out>${escapeXml(detail)}</system-out></testcase>`;
      }
      failures++;
      const first = group.examples[0];
      const message = first ? `${what}; first: ${exampleLine(first)}` : what;
      return `${open}><failure message="${escapeXml(message)}">${escapeXml(detail)}</failure></testcase>`;
    });
    return {
      failures,
      tests: ids.length,
      text: `  <testsuite name="${severity}s" tests="${ids.length}" failures="${failures}" skipped="${skipped}">\n    <properties>\n${properties}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`,
    };
  };
  const violations = suite('violation', report.violations);
  const warnings = suite('warning', report.warnings);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${escapeXml(`c3d-mock conformance: ${report.headline}`)}" tests="${violations.tests + warnings.tests}" failures="${violations.failures + warnings.failures}">
${violations.text}
${warnings.text}
</testsuites>
`;
}
