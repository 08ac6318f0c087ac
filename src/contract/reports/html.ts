import type { SuiteReport } from '../run.ts';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A self-contained page: the summary per group, then a grid of operations × principals, each cell coloured
 * by the worst outcome of that principal's cases on that operation, with the details on hover; failures listed below.
 */
export function htmlReport(report: SuiteReport, meta: { target: string; when: string }): string {
  const principals = [...new Set(report.results.map((r) => r.principal).filter((p): p is string => !!p))];
  const operations = [...new Set(report.results.map((r) => r.operationId))];
  const cells = new Map<string, SuiteReport['results']>();
  for (const result of report.results) {
    if (!result.principal) continue;
    const key = `${result.operationId}|${result.principal}`;
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(result);
  }
  const cell = (operationId: string, principal: string) => {
    const results = cells.get(`${operationId}|${principal}`);
    if (!results) return '<td class="none"></td>';
    const outcome = results.some((r) => r.outcome === 'failed') ? 'failed' : results.every((r) => r.outcome === 'skipped') ? 'skipped' : 'passed';
    const statuses = [...new Set(results.map((r) => r.status).filter((s) => s !== undefined))].join(' ');
    const tip = results.map((r) => `${r.outcome.toUpperCase()} ${r.rule}: ${r.title} (expected ${r.expected}, got ${r.status ?? '-'})${r.message ? ` — ${r.message}` : ''}`).join('\n');
    return `<td class="${outcome}" title="${escape(tip)}">${escape(statuses)}</td>`;
  };
  const summary = Object.entries(report.summary)
    .map(([group, s]) => `<tr><th>${escape(group)}</th><td>${s.passed}</td><td class="${s.failed ? 'failed' : ''}">${s.failed}</td><td>${s.skipped}</td></tr>`)
    .join('');
  const failures = report.results
    .filter((r) => r.outcome === 'failed')
    .slice(0, 500)
    .map((r) => `<tr><td>${escape(r.rule)}</td><td>${escape(r.operationId)}</td><td>${escape(r.principal ?? '')}</td><td>${escape(r.expected)}</td><td>${r.status ?? ''} ${escape(r.contentType ?? '')}</td><td><code>${escape(r.bodyHead ?? r.message ?? '')}</code></td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>c3d-mock contract suite</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:left}
.grid td{min-width:2.2rem;text-align:center;font-size:12px}
.grid th.p{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal}
.passed{background:#c8efc8}.failed{background:#f6b3b3}.skipped{background:#eee}.none{background:#fff}
code{font-size:12px;white-space:pre-wrap}
</style></head><body>
<h1>c3d-mock contract suite</h1>
<p>Target: ${escape(meta.target)} — ${escape(meta.when)} — ${report.results.length} checks, <strong>${report.failed} failed</strong>;
coverage ${report.coverage.covered}/${report.coverage.total} operations exercised with a caller let through and one kept out.</p>
<table><tr><th>group</th><th>passed</th><th>failed</th><th>skipped</th></tr>${summary}</table>
<h2>Operations × principals</h2>
<p>Each cell: the statuses seen; green when every check passed, red when one failed (hover for the checks).</p>
<table class="grid"><tr><th>operation</th>${principals.map((p) => `<th class="p">${escape(p)}</th>`).join('')}</tr>
${operations.map((op) => `<tr><th>${escape(op)}</th>${principals.map((p) => cell(op, p)).join('')}</tr>`).join('\n')}
</table>
<h2>Failures</h2>
${failures ? `<table><tr><th>rule</th><th>operation</th><th>principal</th><th>expected</th><th>got</th><th>body</th></tr>${failures}</table>` : '<p>None.</p>'}
</body></html>
`;
}
