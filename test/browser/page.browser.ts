import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { build, preview, type PreviewServer } from 'vite';
import { launchChromium, type Chromium } from './chromium.ts';

// The page in test/browser/app, built by Vite, with the worker script that `msw init` writes: MSW's
// setupWorker mocks the real hosts with the package's handlers, and the page calls them with the typed client.
const app = join(import.meta.dirname, 'app');
let scratch: string;
let server: PreviewServer;
let chromium: Chromium;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'c3d-mock-page-'));
  const publicDir = join(scratch, 'public');
  await promisify(execFile)(join(process.cwd(), 'node_modules/.bin/msw'), ['init', publicDir, '--no-save']);
  expect(await readdir(publicDir)).toEqual(['mockServiceWorker.js']);
  const outDir = join(scratch, 'dist');
  await build({
    root: app,
    publicDir,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
  server = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 4173 },
  });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()));
  await rm(scratch, { recursive: true, force: true });
});

test('a viewer logs in against the mocked real host, sees its project, is refused a write and gets a forced 503; mock.db makes an empty project and revokes a key', async () => {
  const page = await chromium.context.newPage();
  const url = server.resolvedUrls!.local[0]!;
  await page.goto(url);
  await page.locator('#state', { hasText: /^(done|failed)/ }).waitFor();
  expect(await page.textContent('#state')).toBe('done');
  expect(await page.textContent('#user')).toBe('viewer@acme.example (observer of project 1001)');
  expect(await page.locator('#projects li').allTextContents()).toEqual(['1001 Acme Training']);
  expect(await page.textContent('#write')).toBe('403 Forbidden: this operation needs write access');
  expect(await page.textContent('#fault')).toBe('503 Injected server error (c3d-mock)');
  // README scenarios 1 and 5, in the page's store.
  expect(await page.textContent('#empty')).toBe('2002 Empty: sessions 200 count 0, scenes 200 []');
  expect(await page.textContent('#revoked')).toBe(
    '200, then 401 Unknown or revoked key. Accepted: Authorization: orgkey-<key> | ' +
      'Authorization: APIKEY:ORGANIZATION <key> | Authorization: APIKEY:DOMAIN <key> | ' +
      'the c3d_session_v5 cookie (log in with POST /v0/sessions)',
  );
  await page.screenshot({ path: await chromium.screenshotPath('msw-page') });
});
