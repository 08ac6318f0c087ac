import type { CaseResult } from '../model.ts';
import type { SuiteReport } from '../run.ts';

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);

/** Failures rendered in full per rule; the rest are counted (the JSON report holds them all). */
const failuresShownPerRule = 200;

type Outcome = CaseResult['outcome'];
const worst = (outcomes: Set<Outcome>): Outcome =>
  outcomes.has('failed') ? 'failed' : outcomes.has('passed') ? 'passed' : 'skipped';
const unique = <T>(values: T[]) => [...new Set(values)];

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Checks sent with a raw credential (or none) belong to no principal; they get a column and a filter value of their own. */
const noPrincipal = '(no principal)';
const principalOf = (result: CaseResult) => result.principal ?? noPrincipal;

const block = (label: string, lines: string[]) =>
  lines.length ? `<div class="block"><h5>${label}</h5><pre>${lines.map(escapeHtml).join('\n')}</pre></div>` : '';

/** One failure: what was expected and what came back, the request and answer, and the curl command that sends it again. */
function failure(result: CaseResult, index: number, open: boolean): string {
  const { request, answer } = result;
  const requestLines = request
    ? [
        `${request.method} ${request.url}`,
        ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
        ...(request.bodyExcerpt ? ['', request.bodyExcerpt] : []),
      ]
    : [];
  const answerLines = answer
    ? [
        `HTTP ${answer.status}`,
        ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
        ...(answer.bodyExcerpt ? ['', answer.bodyExcerpt] : []),
      ]
    : result.bodyHead
      ? [result.bodyHead]
      : [];
  const variables = Object.entries(result.curlVariables ?? {});
  const curl = result.curl
    ? `<div class="block"><h5>Reproduce <button type="button" class="copy" data-copy="curl-${index}">Copy</button></h5><pre class="curl" id="curl-${index}">${escapeHtml(result.curl)}</pre>${
        variables.length
          ? `<ul class="vars">${variables
              .map(([name, means]) => `<li><code>${escapeHtml(name)}</code> ${escapeHtml(means)}</li>`)
              .join('')}</ul>`
          : ''
      }</div>`
    : '';
  const got = result.status === undefined ? 'no answer' : `got ${result.status}`;
  // The summary line already says what was expected and what came; a message saying only that is not repeated.
  const message =
    result.message && result.message !== `expected ${result.expected}, ${got}`
      ? `<p class="message">${escapeHtml(result.message)}</p>`
      : '';
  return `<details class="failure" data-rule="${escapeHtml(result.rule)}" data-principal="${escapeHtml(principalOf(result))}" data-outcome="failed"${open ? ' open' : ''}>
<summary><span class="op">${escapeHtml(result.operationId)}</span><span class="who">${escapeHtml(result.principal ?? 'no principal')}</span><span class="verdict">expected ${escapeHtml(result.expected)}, ${escapeHtml(got)}</span><span class="title">${escapeHtml(result.title)}</span></summary>
${message}<div class="repro">${block('Request', requestLines)}${block('Answer', answerLines)}</div>${curl}
</details>`;
}

/** The failures, grouped by rule, the rules with most failures first. */
function failureSections(failed: CaseResult[]): string {
  if (failed.length === 0) return '<p class="none-failed">No check failed.</p>';
  const byRule = [...groupBy(failed, (result) => result.rule)].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  );
  let index = 0;
  return byRule
    .map(([rule, results]) => {
      const shown = results
        .slice(0, failuresShownPerRule)
        .map((result, position) => failure(result, index++, position === 0));
      const more = results.length - shown.length;
      return `<section class="rule-group" data-rule="${escapeHtml(rule)}" data-failed="${results.length}"><h3><code>${escapeHtml(rule)}</code> <span class="count">${results.length} failed</span></h3>
${shown.join('\n')}${more > 0 ? `<p class="more">… and ${more} more failures of this rule in the JSON report.</p>` : ''}</section>`;
    })
    .join('\n');
}

/** Operations × principals: each cell coloured by its worst outcome, with the statuses seen and its checks on hover. */
function grid(results: CaseResult[]): string {
  const principals = unique(results.map(principalOf)).sort(
    (a, b) => Number(a === noPrincipal) - Number(b === noPrincipal),
  );
  const operations = unique(results.map((result) => result.operationId));
  const cells = groupBy(results, (result) => `${result.operationId}\n${principalOf(result)}`);
  const cell = (operationId: string, principal: string) => {
    const checks = cells.get(`${operationId}\n${principal}`);
    if (!checks) return `<td class="none" data-col="${escapeHtml(principal)}"></td>`;
    const outcomes = new Set(checks.map((check) => check.outcome));
    const statuses = unique(checks.map((check) => check.status).filter((status) => status !== undefined)).join(' ');
    const tip = checks
      .map(
        (check) =>
          `${check.outcome.toUpperCase()} ${check.rule}: ${check.title} (expected ${check.expected}, got ${check.status ?? '-'})${check.message ? ` — ${check.message}` : ''}`,
      )
      .join('\n');
    return `<td class="${worst(outcomes)}" data-col="${escapeHtml(principal)}" data-rules="${escapeHtml(unique(checks.map((check) => check.rule)).join(' '))}" data-outcomes="${[...outcomes].join(' ')}" title="${escapeHtml(tip)}">${escapeHtml(statuses)}</td>`;
  };
  return `<table class="grid"><thead><tr><th class="corner">operation</th>${principals.map((p) => `<th class="p" data-col="${escapeHtml(p)}"><span>${escapeHtml(p)}</span></th>`).join('')}</tr></thead>
<tbody>${operations.map((op) => `<tr data-op="${escapeHtml(op)}"><th>${escapeHtml(op)}</th>${principals.map((p) => cell(op, p)).join('')}</tr>`).join('\n')}</tbody></table>`;
}

const options = (values: string[]) =>
  values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`).join('');

/** The preflight's outcome: what is wrong (so no case ran), or that it passed, with what it did not check. */
function preflightBox(preflight: SuiteReport['preflight']): string {
  if (!preflight) return '';
  const items = [
    ...preflight.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`),
    ...preflight.notes.map((note) => `<li class="note">${escapeHtml(note)}</li>`),
  ];
  const heading = preflight.passed
    ? 'Preflight passed'
    : 'Preflight failed: no case ran. Correct these, or run with --skip-preflight';
  return `<section class="preflight ${preflight.passed ? 'passed' : 'failed'}" id="preflight"><h2>${heading}</h2>${items.length ? `<ul>${items.join('')}</ul>` : ''}</section>`;
}

/** The page's styles: inline, so that the file shows the same wherever it is opened. */
const pageStyle = `:root{--ok:#d7f0d8;--ok-ink:#1d6b2a;--bad:#f8d2d0;--bad-ink:#a11d17;--skip:#e9e9ec;--line:#d9dce1;--ink:#1f2328;--muted:#5b6270;--bg:#f6f7f9}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.4rem}
header .verdict{display:inline-block;padding:.1rem .6rem;border-radius:1rem;font-size:.85rem;font-weight:600;vertical-align:middle;margin-left:.5rem}
.verdict.passed{background:var(--ok);color:var(--ok-ink)}.verdict.failed{background:var(--bad);color:var(--bad-ink)}
.meta{color:var(--muted);margin:.2rem 0 .8rem}
.meta code{color:var(--ink)}
.cards{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem}
.totals{display:flex;gap:1.5rem}.totals div{font-size:.8rem;color:var(--muted)}.totals b{display:block;font-size:1.4rem;color:var(--ink)}
.totals .bad b{color:var(--bad-ink)}
table.summary{border-collapse:collapse}table.summary th,table.summary td{padding:.15rem .7rem;text-align:right;border-bottom:1px solid var(--line)}
table.summary th:first-child{text-align:left}table.summary td.bad{color:var(--bad-ink);font-weight:600}
main{padding:1rem 2rem 3rem}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:.6rem 0;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.filters label{font-size:.85rem;color:var(--muted)}
.filters select{margin-left:.3rem;font:inherit;padding:.15rem .3rem;max-width:22rem}
.filters button{font:inherit;padding:.15rem .7rem}
#shown{color:var(--muted);font-size:.85rem}
.rule-group{margin:0 0 1.2rem}
.rule-group h3{font-size:1rem;margin:.8rem 0 .4rem}.rule-group h3 .count{color:var(--bad-ink);font-weight:normal;font-size:.85rem;margin-left:.4rem}
details.failure{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad-ink);border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
details.failure summary{cursor:pointer;display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:baseline}
summary .op{font-weight:600}summary .who{color:var(--muted)}summary .verdict{color:var(--bad-ink)}summary .title{flex-basis:100%;color:var(--muted);font-size:.85rem}
.message{margin:.5rem 0;padding:.3rem .6rem;background:#fff6f5;border-radius:4px}
.repro{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
@media (max-width:900px){.repro{grid-template-columns:1fr}}
.block h5{margin:.5rem 0 .2rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
pre{margin:0;background:#f3f4f6;border:1px solid var(--line);border-radius:4px;padding:.5rem .6rem;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;overflow-wrap:anywhere;max-height:18rem;overflow:auto}
pre.curl{background:#1f2328;color:#e6edf3;border-color:#1f2328}
button.copy{font:inherit;font-size:.75rem;text-transform:none;letter-spacing:0;margin-left:.5rem;padding:0 .5rem;cursor:pointer}
.vars{margin:.3rem 0 0;padding-left:1.2rem;font-size:.85rem;color:var(--muted)}.vars code{color:var(--ink)}
.more,.none-failed{color:var(--muted)}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.4rem;border-radius:3px;font-size:.8rem}
.grid-wrap{overflow:auto;background:#fff;border:1px solid var(--line);border-radius:8px;max-height:80vh}
table.grid{border-collapse:separate;border-spacing:0;font-size:12px}
.grid th,.grid td{border-right:1px solid var(--line);border-bottom:1px solid var(--line);padding:2px 6px}
.grid thead th{position:sticky;top:0;background:#fff;z-index:1}
.grid tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;font-weight:normal;white-space:nowrap}
.grid thead th.corner{left:0;z-index:3;text-align:left;vertical-align:bottom}
.grid tbody tr:hover th{background:#eef2f7}
.grid th.p{vertical-align:bottom;height:11rem;width:4.2rem;min-width:4.2rem}.grid th.p span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
.grid td{width:4.2rem;min-width:4.2rem;max-width:4.2rem;text-align:center;font-size:11px;line-height:1.2}
.passed{background:var(--ok)}.failed{background:var(--bad);color:var(--bad-ink);font-weight:600}.skipped{background:var(--skip)}.none{background:#fff}
.grid td.dim{opacity:.18}
ul.left{margin:.3rem 0;padding-left:1.2rem}
.preflight{background:#fff;border:1px solid var(--line);border-left:4px solid var(--ok-ink);border-radius:6px;padding:.5rem .9rem;margin:.6rem 0}
.preflight.failed{border-left-color:var(--bad-ink);background:#fff6f5}
.preflight h2{font-size:1rem;margin:0 0 .3rem}.preflight ul{margin:.2rem 0;padding-left:1.2rem}.preflight .note{color:var(--muted)}`;

/** The filters by rule, principal and status: plain inline script, with no network. */
const filterScript = `(function () {
  var all = function (selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); };
  var rule = document.getElementById('f-rule'), principal = document.getElementById('f-principal'), outcome = document.getElementById('f-outcome');
  function apply() {
    var r = rule.value, p = principal.value, o = outcome.value, failures = 0, rows = 0;
    all('details.failure').forEach(function (el) {
      var show = (!r || el.dataset.rule === r) && (!p || el.dataset.principal === p) && (!o || o === 'failed');
      el.hidden = !show;
      if (show) failures++;
    });
    all('.rule-group').forEach(function (el) {
      var shown = all('details.failure:not([hidden])', el).length, total = el.dataset.failed;
      el.hidden = shown === 0;
      el.querySelector('.count').textContent = total + ' failed' + (shown < all('details.failure', el).length ? ', ' + shown + ' shown' : '');
    });
    all('.grid thead th[data-col]').forEach(function (el) { el.hidden = !!p && el.dataset.col !== p; });
    all('.grid tbody tr').forEach(function (row) {
      var any = false;
      all('td', row).forEach(function (cell) {
        cell.hidden = !!p && cell.dataset.col !== p;
        var rules = (cell.dataset.rules || '').split(' '), outcomes = (cell.dataset.outcomes || '').split(' ');
        var match = !cell.classList.contains('none') && (!r || rules.indexOf(r) >= 0) && (!o || outcomes.indexOf(o) >= 0);
        cell.classList.toggle('dim', (!!r || !!o) && !match);
        if (match && !cell.hidden) any = true;
      });
      row.hidden = (!!r || !!p || !!o) && !any;
      if (!row.hidden) rows++;
    });
    document.getElementById('shown').textContent = failures + ' failure' + (failures === 1 ? '' : 's') + ' and ' + rows + ' operation' + (rows === 1 ? '' : 's') + ' shown';
  }
  [rule, principal, outcome].forEach(function (el) { el.addEventListener('change', apply); });
  document.getElementById('filters').addEventListener('reset', function () { setTimeout(apply, 0); });
  all('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
      var fallback = function () {
        var area = document.createElement('textarea');
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand('copy'); done(); } finally { area.remove(); }
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback); else fallback();
    });
  });
  apply();
})();`;

/**
 * A single self-contained page a person reads from disk: a summary, the failures grouped by rule with their
 * reproductions (request, answer, curl to copy), and the operations × principals grid; a filter by rule,
 * principal and status (plain inline script, no network).
 */
export function htmlReport(report: SuiteReport, meta: { target: string; when: string }): string {
  const { results, coverage } = report;
  const failed = results.filter((result) => result.outcome === 'failed');
  const count = (outcome: Outcome) => results.filter((result) => result.outcome === outcome).length;
  const summaryRows = Object.entries(report.summary)
    .map(
      ([group, s]) =>
        `<tr><th>${escapeHtml(group)}</th><td>${s.passed}</td><td class="${s.failed ? 'bad' : ''}">${s.failed}</td><td>${s.skipped}</td></tr>`,
    )
    .join('');
  const rules = unique(results.map((result) => result.rule)).sort();
  const principals = unique(results.map(principalOf)).sort(
    (a, b) => Number(a === noPrincipal) - Number(b === noPrincipal),
  );
  const left = report.leftOnTarget ?? [];
  const notRun = report.preflight?.passed === false;
  const verdict = report.failed === 0 && !notRun ? 'passed' : 'failed';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Contract suite: ${report.failed} failed of ${results.length}</title>
<style>
${pageStyle}
</style></head><body>
<header>
<h1>Contract suite report <span class="verdict ${verdict}">${notRun ? 'the suite could not run' : report.failed === 0 ? 'all checks passed' : `${report.failed} failed`}</span></h1>
<p class="meta">Target ${meta.target
    .split(' ')
    .map((url) => `<code>${escapeHtml(url)}</code>`)
    .join(' and ')} · run at <time>${escapeHtml(meta.when)}</time></p>
${preflightBox(report.preflight)}
<div class="cards">
<div class="card totals"><div><b>${results.length}</b>checks</div><div><b>${count('passed')}</b>passed</div><div class="${report.failed ? 'bad' : ''}"><b>${report.failed}</b>failed</div><div><b>${count('skipped')}</b>skipped</div><div><b>${coverage.covered}/${coverage.total}</b>operations covered</div></div>
<div class="card"><table class="summary"><thead><tr><th>group</th><th>passed</th><th>failed</th><th>skipped</th></tr></thead><tbody>${summaryRows}</tbody></table></div>
</div>
${coverage.missing.length ? `<p class="meta">Not covered (no caller both let through and kept out): ${coverage.missing.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ')}</p>` : ''}
${left.length ? `<details class="meta"><summary>Left on the target: ${left.length} thing${left.length === 1 ? '' : 's'} the API gives no way to remove</summary><ul class="left">${left.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul></details>` : ''}
</header>
<main>
<form class="filters" id="filters" onsubmit="return false">
<label>Rule<select id="f-rule"><option value="">all rules</option>${options(rules)}</select></label>
<label>Principal<select id="f-principal"><option value="">all principals</option>${options(principals)}</select></label>
<label>Status<select id="f-outcome"><option value="">any</option><option value="failed">failed</option><option value="passed">passed</option><option value="skipped">skipped</option></select></label>
<button type="reset" id="f-reset">Clear</button>
<span id="shown"></span>
</form>
<h2 id="failures">Failures</h2>
<p class="meta">Each failure shows the request as sent and the answer, credentials masked to their format and first characters. Its curl command reads the credentials from the shell variables listed under it.</p>
${failureSections(failed)}
<h2 id="grid">Operations × principals</h2>
<p class="meta legend">Each cell: the statuses seen, coloured by the worst outcome of that principal's checks on that operation (hover for the checks). <span class="passed">passed</span><span class="failed">failed</span><span class="skipped">skipped</span></p>
<div class="grid-wrap">${grid(results)}</div>
</main>
<script>
${filterScript}
</script>
</body></html>
`;
}
