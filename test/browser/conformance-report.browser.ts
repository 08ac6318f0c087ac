import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { conformanceReport, renderReport, type ConformanceReport } from '../../src/journal/report/index.ts';
import { startServer } from '../../src/server/server.ts';
import { cleanSteps, mistakes, otherRules, runScript, scriptMaxBodyBytes } from '../journal/script.ts';
import { launchChromium, type Chromium } from './chromium.ts';

let chromium: Chromium;
let page: Page;
let report: ConformanceReport;
let folder: string;
/** Every URL the page asked for besides its own file (there must be none: the report is read offline). */
const elsewhere: string[] = [];

beforeAll(async () => {
  // The scripted partner: three correct calls, thirteen common mistakes, and one request for every other rule.
  const server = await startServer({ port: 0, dataPort: 0, maxBodyBytes: scriptMaxBodyBytes });
  try {
    await runScript([...cleanSteps, ...mistakes, ...otherRules], server.urls);
    report = conformanceReport(server.mock.journal.entries());
  } finally {
    await server.close();
  }
  folder = await mkdtemp(join(tmpdir(), 'c3d-mock-conformance-'));
  const path = join(folder, 'conformance-report.html');
  await writeFile(path, renderReport(report, 'html'));
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

test('the page opens from disk with the headline, the verdict and the rules broken, each with its examples', async () => {
  expect(await page.locator('.headline').textContent()).toBe(report.headline);
  // Node's fetch always sends Accept: missing-accept is the one rule the script cannot break over HTTP.
  expect(report.headline).toBe(
    'used 5 of 134 operations; 21 requests broke 19 rules; 2 requests drew warnings of 2 rules',
  );
  expect(await page.locator('h1 .verdict').textContent()).toBe('19 rules broken · 2 warnings');
  // Violations first, then warnings, then the operations used and not used.
  expect(await page.locator('main h2').evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent?.trim()))).toEqual([
    'Violations',
    'Warnings',
    'Operations used',
    'Operations not used',
  ]);
  const shown = await page
    .locator('section.rule.violation')
    .evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.rule));
  expect(shown).toEqual(report.violations.map((group) => group.rule));
  // A rule's examples: the request, its status and what was wrong, with the pointer.
  const body = page.locator('section.rule[data-rule="body-schema"]');
  expect(await body.locator('tr').count()).toBe(2);
  expect(await body.innerText()).toContain('/colour');
  expect(await body.innerText()).toContain('PUT /v0/projects/1001');
  // The operations used, with the statuses seen.
  const row = page.locator('table.used tr', { has: page.locator('th', { hasText: /^getProject$/ }) });
  expect(await row.locator('.chip').allTextContents()).toEqual(
    Object.entries(report.used.find((operation) => operation.operationId === 'getProject')!.statuses).map(
      ([status, count]) => (count > 1 ? `${status}×${count}` : status),
    ),
  );
  await page.screenshot({ path: await chromium.screenshotPath('conformance-report'), fullPage: false });
  await page.locator('#used').scrollIntoViewIfNeeded();
  await page.screenshot({ path: await chromium.screenshotPath('conformance-report-operations'), fullPage: false });
  expect(elsewhere).toEqual([]);
});
