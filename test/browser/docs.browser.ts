import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';
import { launchChromium, type Chromium } from './chromium.ts';

let server: RunningServer;
let chromium: Chromium;
let page: Page;
let apiOrigin: string;
let dataOrigin: string;
/** Every URL the page asked for outside the mock's two origins (there must be none: the machine may be offline). */
const elsewhere: string[] = [];

beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, validateResponses: true });
  apiOrigin = new URL(server.urls.api).origin;
  dataOrigin = new URL(server.urls.data).origin;
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== apiOrigin && url.origin !== dataOrigin)
      elsewhere.push(request.url());
  });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

test('the docs page runs a dashboard API operation against the mock with the pre-filled key', async () => {
  await page.goto(`${apiOrigin}/docs`);
  await expect.poll(() => page.locator('.info .title').textContent()).toContain('Cognitive3D dashboard API');
  await expect.poll(() => page.locator('.servers select option').first().textContent()).toContain(`${apiOrigin}/v0`);
  await page.screenshot({ path: await chromium.screenshotPath('docs'), fullPage: false });

  const operation = page.locator('#operations-Projects-getProject');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.locator('input[placeholder="projectId"]').fill('1001');
  const sent = page.waitForRequest((request) => request.url().startsWith(`${apiOrigin}/v0/projects/1001?`));
  await operation.getByRole('button', { name: 'Execute' }).click();

  // Swagger UI sends the last pre-filled scheme the operation lists (orgKey, legacyOrgKey, domainKey): the domain key.
  expect((await sent).headers().authorization).toBe(keys.domain);
  const response = operation.locator('.live-responses-table .response');
  await expect.poll(() => response.locator('.response-col_status').textContent()).toBe('200');
  const body = JSON.parse((await response.locator('.response-col_description pre').first().textContent()) ?? '');
  expect(body).toMatchObject({ id: 1001, name: 'Acme Training' });
  await response.scrollIntoViewIfNeeded();
  await page.screenshot({ path: await chromium.screenshotPath('docs-response'), fullPage: false });
});

test('the selector loads the data collector document, whose operations call the other port through CORS', async () => {
  await page.locator('.topbar select').selectOption({ label: 'Data collector API' });
  await expect.poll(() => page.locator('.info .title').textContent()).toContain('Cognitive3D data collector API');
  // The document lists the data port first, so this page on the API port calls across origins.
  await expect.poll(() => page.locator('.servers select option').first().textContent()).toContain(`${dataOrigin}/v0`);

  const operation = page.locator('#operations-SceneUploads-collectorListScenes');
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  const sent = page.waitForRequest((request) => request.url() === `${dataOrigin}/v0/scenes`);
  await operation.getByRole('button', { name: 'Execute' }).click();

  expect((await sent).headers().authorization).toBe(keys.developer);
  const response = operation.locator('.live-responses-table .response');
  await expect.poll(() => response.locator('.response-col_status').textContent()).toBe('200');
  const scenes = JSON.parse((await response.locator('.response-col_description pre').first().textContent()) ?? '');
  expect(scenes.map((scene: { sceneName: string }) => scene.sceneName)).toContain('Warehouse');
  await response.scrollIntoViewIfNeeded();
  await page.screenshot({ path: await chromium.screenshotPath('docs-data'), fullPage: false });
  expect(elsewhere).toEqual([]);
});
