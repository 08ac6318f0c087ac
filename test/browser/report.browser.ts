import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadPrincipals } from '../../src/contract/principals.ts';
import { htmlReport } from '../../src/contract/reports/html.ts';
import { runSuite, type SuiteReport } from '../../src/contract/run.ts';
import { startServer } from '../../src/server/server.ts';
import { launchChromium, type Chromium } from './chromium.ts';

let chromium: Chromium;
let page: Page;
let report: SuiteReport;
let folder: string;
/** Every URL the page asked for besides its own file (there must be none: the report is read offline). */
const elsewhere: string[] = [];

beforeAll(async () => {
  // Two faults: Bearer-wrapped keys let through (checks with a raw credential) and observers' writes (checks of principals).
  const server = await startServer({ port: 0, dataPort: 0, faults: ['accept-bearer', 'observers-write'] });
  const target = `${server.urls.api} ${server.urls.data}`;
  try {
    const file = await loadPrincipals('fixtures/default.principals.json');
    report = await runSuite({ file, api: server.urls.api, data: server.urls.data });
  } finally {
    await server.close();
  }
  folder = await mkdtemp(join(tmpdir(), 'c3d-mock-report-'));
  const path = join(folder, 'contract-report.html');
  await writeFile(path, htmlReport(report, { target, when: new Date().toISOString() }));
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) elsewhere.push(request.url());
  });
  await page.goto(pathToFileURL(path).href);
});

afterAll(async () => {
  await chromium?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const failuresOf = (rule: string) =>
  report.results.filter((result) => result.outcome === 'failed' && result.rule === rule);
const visible = (selector: string) => page.locator(`${selector}:visible`);

test('the page opens from disk with the summary and the failures first, each with its reproduction', async () => {
  expect(report.failed).toBeGreaterThan(0);
  await expect.poll(() => page.locator('header h1 .verdict').textContent()).toBe(`${report.failed} failed`);
  expect(await page.locator('.totals').innerText()).toContain(`${report.results.length}\nchecks`);
  expect(await page.locator('.totals').innerText()).toContain(
    `${report.coverage.covered}/${report.coverage.total}\noperations covered`,
  );

  // Failures come before the grid, grouped by rule.
  const headings = await page.locator('main h2').allTextContents();
  expect(headings).toEqual(['Failures', 'Operations × principals']);
  const rules = [...new Set(report.results.filter((r) => r.outcome === 'failed').map((r) => r.rule))].sort();
  expect(
    (
      await page.locator('.rule-group').evaluateAll((groups) => groups.map((g) => (g as HTMLElement).dataset.rule))
    ).sort(),
  ).toEqual(rules);

  // The first failure of the biggest group is open: its request, answer and curl command are shown.
  const bearer = failuresOf('credentials.bearer');
  const first = page.locator('.rule-group[data-rule="credentials.bearer"] details.failure').first();
  expect(await first.getAttribute('open')).toBe('');
  const shown = await first.innerText();
  expect(shown).toContain(`${bearer[0]!.request!.method} ${bearer[0]!.request!.url}`);
  expect(shown).toContain('authorization: Bearer orgkey-ac3e…');
  expect(shown).toContain(`expected 401, got ${bearer[0]!.status}`);
  expect(await first.locator('pre.curl').textContent()).toBe(bearer[0]!.curl);
  expect(await first.locator('.vars').innerText()).toContain('C3D_AUTHORIZATION the "authorization" of principal');

  await page.screenshot({ path: await chromium.screenshotPath('contract-report'), fullPage: false });
});

test('the copy button copies the curl command', async () => {
  await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const first = page.locator('details.failure').first();
  await first.locator('button.copy').click();
  await expect.poll(() => first.locator('button.copy').textContent()).toBe('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await first.locator('pre.curl').textContent());
});

test('the filter by rule, principal and status shows only what matches', async () => {
  const forbidden = failuresOf('roles.forbidden');
  await page.selectOption('#f-rule', 'roles.forbidden');
  expect(await visible('details.failure').count()).toBe(Math.min(forbidden.length, 200));
  expect(
    await visible('.rule-group').evaluateAll((groups) => groups.map((g) => (g as HTMLElement).dataset.rule)),
  ).toEqual(['roles.forbidden']);

  await page.selectOption('#f-principal', 'observer@acme.example');
  const observers = forbidden.filter((result) => result.principal === 'observer@acme.example');
  expect(observers.length).toBeGreaterThan(0);
  expect(await visible('details.failure').count()).toBe(observers.length);
  for (const who of await visible('details.failure .who').allTextContents()) expect(who).toBe('observer@acme.example');
  // The grid keeps that principal's column alone, and the operations where it broke the rule.
  expect(await visible('.grid thead th[data-col]').allTextContents()).toEqual(['observer@acme.example']);
  const rows = await visible('.grid tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.op));
  expect(rows.sort()).toEqual(
    [
      ...new Set(
        report.results
          .filter((r) => r.principal === 'observer@acme.example' && r.rule === 'roles.forbidden')
          .map((r) => r.operationId),
      ),
    ].sort(),
  );
  expect(await page.locator('#shown').textContent()).toBe(
    `${observers.length} failure${observers.length === 1 ? '' : 's'} and ${rows.length} operation${rows.length === 1 ? '' : 's'} shown`,
  );
  await page.locator('#failures').scrollIntoViewIfNeeded();
  await page.screenshot({ path: await chromium.screenshotPath('contract-report-filtered'), fullPage: false });

  // Status "passed": no failure is shown; the grid keeps the cells with passing checks.
  await page.selectOption('#f-outcome', 'passed');
  expect(await visible('details.failure').count()).toBe(0);
  expect(await visible('.grid tbody td.passed:not(.dim)').count()).toBeGreaterThan(0);

  await page.click('#f-reset');
  const all = await page.locator('details.failure').count();
  await expect.poll(() => visible('details.failure').count()).toBe(all);
  expect(elsewhere).toEqual([]);
});
