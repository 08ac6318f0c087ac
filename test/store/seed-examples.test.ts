import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { exampleLines, seedExamples } from '../../src/store/seed-examples.ts';
import type { SeedData } from '../../src/store/store.ts';

const urls = { api: 'http://127.0.0.1:4010/v0', data: 'http://127.0.0.1:4011/v0' };
const linesFor = (seed?: SeedData) => {
  const mock = createMock({ seed, clock: '2026-01-21' });
  return exampleLines(seedExamples(mock.store, mock.now()), urls);
};

/** The default seed with its Acme keys and developer keys gone, and Globex's key first. */
function globexOnly(): SeedData {
  const seed = structuredClone(embeddedSeed) as SeedData;
  seed.apiKeys = seed.apiKeys!.filter((key) => key.organizationId === 102);
  seed.developerKeys = [];
  return seed;
}

describe("the banner's examples come from the seed served", () => {
  it('the default seed: its first write key on a project of its organization, a developer key, the users', () => {
    expect(linesFor()).toEqual([
      'try:',
      "  curl -H 'Authorization: orgkey-ac3e0000000000000000000000000001' http://127.0.0.1:4010/v0/projects/1001",
      "  curl -H 'Authorization: APIKEY:DEVELOPER de000000000000000000000000000001' http://127.0.0.1:4011/v0/scenes",
      '  users (password c3d-mock-password): owner@acme.example, member@acme.example, observer@acme.example, lead@acme.example, …',
    ]);
  });

  it('another seed: its own key and project; a revoked or read key, an expired developer key are never offered', () => {
    const seed = globexOnly();
    seed.users = seed.users!.map((user, index) => ({ ...user, password: `password-${index}` }));
    seed.developerKeys = [structuredClone(embeddedSeed.developerKeys![1]!)];
    expect(linesFor(seed)).toEqual([
      'try:',
      "  curl -H 'Authorization: orgkey-610be000000000000000000000000001' http://127.0.0.1:4010/v0/projects/2001",
      // Several passwords: the line names none.
      '  users: owner@acme.example, member@acme.example, observer@acme.example, lead@acme.example, …',
    ]);
    seed.apiKeys = seed.apiKeys!.map((key) => ({ ...key, revoked: true }));
    seed.users = seed.users!.map(({ password: _, ...user }) => user);
    expect(linesFor(seed)).toEqual([]);
  });

  it('an organization without projects: its key reads the organization', () => {
    const seed = globexOnly();
    seed.organizations!.push({ id: 103, name: 'Initech', domainId: 1 });
    seed.apiKeys!.unshift({ ...seed.apiKeys![0]!, id: 9, organizationId: 103, secret: `orgkey-${'1'.repeat(32)}` });
    expect(linesFor(seed)[1]).toBe(
      `  curl -H 'Authorization: orgkey-${'1'.repeat(32)}' http://127.0.0.1:4010/v0/organizations/103`,
    );
  });

  it('c3d-mock --seed prints the examples of that seed', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'c3d-banner-'));
    const file = join(directory, 'globex.json');
    writeFileSync(file, JSON.stringify(globexOnly()));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', '--seed', file, '--port', '0', '--data-port', '0', '--quiet'],
      { cwd: new URL('../..', import.meta.url).pathname },
    );
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk;
          if (/try:\n.*\n/.test(text)) resolve(text);
        });
        child.stderr.on('data', (chunk: Buffer) => (text += chunk));
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
      });
      expect(banner).toContain(`seed: ${file}`);
      expect(banner).toMatch(
        /try:\n {2}curl -H 'Authorization: orgkey-610be000000000000000000000000001' \S+\/v0\/projects\/2001\n/,
      );
      expect(banner).not.toContain('ac3e0000');
    } finally {
      child.kill();
    }
  }, 30_000);
});
