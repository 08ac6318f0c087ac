import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; another build can be named by `CHROMIUM_PATH`. Playwright never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests leave their screenshots. */
export const screenshotDir = join(process.cwd(), 'reports', 'browser');

// Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed network refuses.
const flags = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  screenshotPath(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Headless Chromium over a fresh, empty profile that is deleted on close. */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'c3d-mock-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
  });
  return {
    context,
    screenshotPath: async (name) => {
      await mkdir(screenshotDir, { recursive: true });
      return join(screenshotDir, `${name}.png`);
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
