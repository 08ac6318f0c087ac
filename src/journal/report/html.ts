import type { DocumentName } from '../../spec/document-names.ts';
import type { ConformanceReport, ReportExample, ReportOperation, RuleGroup } from './report.ts';

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** Text with the Markdown code spans of the rules' descriptions (`pointer`) as code. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const hostNames: Record<DocumentName, string> = { api: 'dashboard API', data: 'data collector' };

const statusClass = (status: number) => (status >= 500 ? 's5' : status >= 400 ? 's4' : status >= 300 ? 's3' : 's2');

/** `200 ×3 404 ×1`, each status a chip coloured by its class. */
const statusChips = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(
      ([status, count]) =>
        `<span class="chip ${statusClass(Number(status))}">${escapeHtml(status)}${count > 1 ? `<small>×${count}</small>` : ''}</span>`,
    )
    .join(' ');

function exampleRow(example: ReportExample): string {
  return `<tr><td class="seq">#${example.seq}</td><td class="req"><span class="method">${escapeHtml(example.method)}</span> <code>${escapeHtml(example.path)}</code>${example.operationId ? `<div class="op">${escapeHtml(example.operationId)} · ${escapeHtml(hostNames[example.host])}</div>` : `<div class="op">no operation · ${escapeHtml(hostNames[example.host])}</div>`}</td><td><span class="chip ${statusClass(example.status)}">${example.status}</span></td><td class="msg">${escapeHtml(example.message)}${example.pointer ? ` <code class="ptr">${escapeHtml(example.pointer)}</code>` : ''}</td></tr>`;
}

function ruleSection(group: RuleGroup): string {
  const more = group.requests - group.examples.length;
  const tag = group.allowed ? '<span class="tag allowed">allowed</span>' : '';
  return `<section class="rule ${group.severity}${group.allowed ? ' is-allowed' : ''}" data-rule="${escapeHtml(group.rule)}">
<h3><code>${escapeHtml(group.rule)}</code> <span class="count">${group.requests} request${group.requests === 1 ? '' : 's'}</span>${tag}</h3>
<p class="desc">${prose(group.description)}</p>
<table class="examples"><colgroup><col class="c-seq"><col class="c-req"><col class="c-status"><col></colgroup><tbody>${group.examples.map(exampleRow).join('')}</tbody></table>${more > 0 ? `<p class="more">… and ${more} more request${more === 1 ? '' : 's'} (the journal holds them: <code>GET /__mock/requests?violations=true</code>)</p>` : ''}
</section>`;
}

function rulesBlock(groups: RuleGroup[], none: string): string {
  return groups.length ? groups.map(ruleSection).join('\n') : `<p class="none">${escapeHtml(none)}</p>`;
}

function usedTable(report: ConformanceReport): string {
  if (report.used.length === 0) return '<p class="none">No request reached an operation of the documents.</p>';
  const rows = report.used
    .map(
      (operation) =>
        `<tr class="${operation.violations ? 'bad' : ''}"><th>${escapeHtml(operation.operationId)}</th><td class="host">${escapeHtml(operation.host)}</td><td><span class="method">${escapeHtml(operation.method)}</span> <code>${escapeHtml(operation.path)}</code></td><td class="num">${operation.requests}</td><td>${statusChips(operation.statuses)}</td><td class="num${operation.violations ? ' badnum' : ''}">${operation.violations || ''}</td><td class="num${operation.warnings ? ' warnnum' : ''}">${operation.warnings || ''}</td></tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table class="used"><thead><tr><th>operation</th><th>host</th><th>route</th><th class="num">requests</th><th>statuses seen</th><th class="num">with violations</th><th class="num">with warnings</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function unusedList(unused: ReportOperation[]): string {
  if (unused.length === 0) return '<p class="none">Every operation of the documents was used.</p>';
  const byHost = (host: DocumentName) => unused.filter((operation) => operation.host === host);
  return (['api', 'data'] as const)
    .filter((host) => byHost(host).length > 0)
    .map(
      (host) =>
        `<details class="unused"><summary>${escapeHtml(hostNames[host])}: ${byHost(host).length} not used</summary><ul>${byHost(
          host,
        )
          .map(
            (operation) =>
              `<li><span class="method">${escapeHtml(operation.method)}</span> <code>${escapeHtml(operation.path)}</code> <span class="op">${escapeHtml(operation.operationId)}</span>${operation.unserved ? ' <span class="tag">not served by the API</span>' : ''}</li>`,
          )
          .join('')}</ul></details>`,
    )
    .join('\n');
}

/** The page's styles: inline, so that the saved file shows the same anywhere, offline. */
const pageStyle = `:root{--ok:#d7f0d8;--ok-ink:#1d6b2a;--bad:#f8d2d0;--bad-ink:#a11d17;--warn:#fcebc4;--warn-ink:#7a5200;--line:#d9dce1;--ink:#1f2328;--muted:#5b6270;--bg:#f6f7f9}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.4rem}
.verdict{display:inline-block;padding:.1rem .6rem;border-radius:1rem;font-size:.85rem;font-weight:600;vertical-align:middle;margin-left:.5rem}
.verdict.passed{background:var(--ok);color:var(--ok-ink)}.verdict.failed{background:var(--bad);color:var(--bad-ink)}
.headline{font-size:1.05rem;margin:.3rem 0 .2rem}
.meta{color:var(--muted);margin:.2rem 0 .8rem}
.meta code{color:var(--ink)}
.cards{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem}
.totals{display:flex;gap:1.5rem}.totals div{font-size:.8rem;color:var(--muted)}.totals b{display:block;font-size:1.4rem;color:var(--ink)}
.totals .bad b{color:var(--bad-ink)}.totals .warn b{color:var(--warn-ink)}
main{padding:.5rem 2rem 3rem;max-width:1200px}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
h2 .sub{font-weight:normal;color:var(--muted);font-size:.9rem;margin-left:.4rem}
section.rule{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad-ink);border-radius:6px;margin:.5rem 0;padding:.5rem .9rem}
section.rule.warning{border-left-color:#d19a00}
section.rule.is-allowed{border-left-color:var(--line);opacity:.8}
section.rule h3{font-size:1rem;margin:.1rem 0 .2rem}
section.rule h3 .count{font-weight:normal;color:var(--bad-ink);font-size:.85rem;margin-left:.4rem}
section.rule.warning h3 .count{color:var(--warn-ink)}
.desc{margin:0 0 .4rem;color:var(--muted)}
.tag{display:inline-block;font-size:.75rem;padding:0 .45rem;border-radius:3px;background:#e9e9ec;color:var(--muted);margin-left:.5rem;font-weight:normal}
table.examples{border-collapse:collapse;width:100%;table-layout:fixed}
col.c-seq{width:3.5rem}col.c-req{width:44%}col.c-status{width:4.2rem}
table.examples td{border-top:1px solid var(--line);padding:.3rem .5rem .3rem 0;vertical-align:top}
td.seq{color:var(--muted);font-variant-numeric:tabular-nums}
td.req{overflow-wrap:anywhere}
td.msg{overflow-wrap:anywhere}
.op{color:var(--muted);font-size:.8rem}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace}
code.ptr{background:#f3f4f6;border:1px solid var(--line);border-radius:3px;padding:0 .3rem}
.method{display:inline-block;min-width:3.4rem;font:600 11px ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--muted)}
.chip{display:inline-block;padding:0 .4rem;border-radius:3px;font:600 12px ui-monospace,SFMono-Regular,Menlo,monospace}
.chip small{font-weight:normal;margin-left:.15rem}
.s2{background:var(--ok);color:var(--ok-ink)}.s3{background:#dbe9f8;color:#1c4f8a}.s4{background:var(--warn);color:var(--warn-ink)}.s5{background:var(--bad);color:var(--bad-ink)}
.more,.none{color:var(--muted)}
.table-wrap{background:#fff;border:1px solid var(--line);border-radius:8px;overflow:auto}
table.used{border-collapse:collapse;width:100%}
table.used th,table.used td{padding:.3rem .7rem;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
table.used thead th{font-size:.8rem;color:var(--muted);font-weight:600;background:#fafbfc}
table.used tbody th{font-weight:600}
table.used tr.bad th{color:var(--bad-ink)}
.num{text-align:right!important;font-variant-numeric:tabular-nums}.badnum{color:var(--bad-ink);font-weight:600}.warnnum{color:var(--warn-ink)}
td.host{color:var(--muted)}
details.unused{background:#fff;border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.4rem .9rem}
details.unused summary{cursor:pointer;font-weight:600}
details.unused ul{columns:2 32rem;margin:.4rem 0;padding-left:0;list-style:none}
details.unused li{break-inside:avoid;padding:.05rem 0}`;

const pluralS = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/**
 * A single self-contained page (inline styles, no script, nothing fetched): the headline and verdict, the violations
 * and warnings by rule with their example requests, the operations used with the statuses seen, and those not used.
 */
export function renderHtml(report: ConformanceReport): string {
  const failing = (groups: RuleGroup[]) => groups.filter((group) => !group.allowed).length;
  const failed = [
    ...(failing(report.violations) ? [`${pluralS(failing(report.violations), 'rule')} broken`] : []),
    ...(failing(report.warnings) ? [pluralS(failing(report.warnings), 'warning')] : []),
  ];
  const verdict = report.passed
    ? '<span class="verdict passed">passed</span>'
    : `<span class="verdict failed">${failed.join(' · ')}</span>`;
  const { first, last } = report.requests;
  const span =
    first && last
      ? ` · requests #${first.seq}–#${last.seq}, <time>${escapeHtml(first.time)}</time> to <time>${escapeHtml(last.time)}</time>`
      : '';
  const allowedNote = [
    ...(report.allowed.rules.length
      ? [`allowed rules: ${report.allowed.rules.map((rule) => `<code>${escapeHtml(rule)}</code>`).join(', ')}`]
      : []),
    ...(report.allowed.warnings ? ['warnings allowed'] : []),
  ];
  const unrouted = report.unrouted.requests
    ? `<div class="card totals"><div><b>${report.unrouted.requests}</b>matched no operation</div></div>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Client conformance: ${escapeHtml(report.headline)}</title>
<style>
${pageStyle}
</style></head><body>
<header>
<h1>${report.source === 'proxy' ? 'Conformance report of the proxied traffic' : 'Client conformance report'} ${verdict}</h1>
<p class="headline">${escapeHtml(report.headline)}</p>
<p class="meta">Generated <time>${escapeHtml(report.generatedAt)}</time> from ${pluralS(report.requests.count, 'request')}${span}${allowedNote.length ? ` · ${allowedNote.join(' · ')}` : ''}</p>
<div class="cards">
<div class="card totals"><div><b>${report.operations.used}/${report.operations.total}</b>operations used</div><div><b>${report.requests.count}</b>requests</div><div class="${report.totals.requestsWithViolations ? 'bad' : ''}"><b>${report.totals.requestsWithViolations}</b>with violations</div><div class="${report.totals.rulesBroken ? 'bad' : ''}"><b>${report.totals.rulesBroken}</b>rules broken</div><div class="${report.totals.requestsWithWarnings ? 'warn' : ''}"><b>${report.totals.requestsWithWarnings}</b>with warnings</div></div>
${unrouted}
</div>
</header>
<main>
<h2 id="violations">Violations <span class="sub">${report.source === 'proxy' ? 'rules the requests broke (the client’s) and the answers broke (the upstream’s, <code>answer-*</code>)' : 'rules the client broke: a correct client never meets these'}</span></h2>
${rulesBlock(report.violations, 'No request broke a rule.')}
<h2 id="warnings">Warnings <span class="sub">what the ${report.source === 'proxy' ? 'API' : 'mock'} tolerates, but a client should not rely on</span></h2>
${rulesBlock(report.warnings, 'No request drew a warning.')}
<h2 id="used">Operations used <span class="sub">${report.operations.used} of ${report.operations.total}</span></h2>
${usedTable(report)}
<h2 id="unused">Operations not used <span class="sub">${report.operations.unused}</span></h2>
${unusedList(report.unused)}
</main>
</body></html>
`;
}
