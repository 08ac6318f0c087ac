import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/journal/types.ts';
import { parseServerArgs } from '../../src/server/cli-options.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';
import { expectJudged } from './expect.ts';
import { cleanSteps, mistakes, otherRules, runScript, scriptMaxBodyBytes, seedSecrets } from './script.ts';

/** A GET without any header but those given (fetch always adds `Accept: *\/*`). */
const rawGet = (url: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

describe('the request journal over HTTP', () => {
  let server: RunningServer;
  let root: string;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      dataPort: 0,
      maxBodyBytes: scriptMaxBodyBytes,
      log: 'json',
      logWrite: (line) => lines.push(line),
    });
    root = server.urls.api.replace(/\/v0$/, '');
  });
  afterAll(() => server.close());

  it('records exactly the rules of each scripted mistake, and none for the correct calls', async () => {
    await fetch(`${root}/__mock/requests`, { method: 'DELETE' });
    const { sent, requests } = await runScript([...cleanSteps, ...mistakes, ...otherRules], server.urls);
    const entries = server.mock.journal.entries();
    expect(entries).toHaveLength(requests);
    expectJudged(entries, sent);
    expect(await rawGet(`${server.urls.api}/projects/1001`, { authorization: keys.acmeRead })).toBe(200);
    expect(
      server.mock.journal
        .entries()
        .at(-1)!
        .warnings.map((finding) => finding.rule),
    ).toEqual(['missing-accept']);
    const serialised = JSON.stringify(server.mock.journal.entries()) + lines.join('\n');
    const tokens = [...server.mock.store.tables.loginSessions.all()].flatMap((row) => [
      String(row.key),
      String(row.record.csrf),
    ]);
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [...seedSecrets, ...tokens]) expect(serialised).not.toContain(secret);
  });

  it('GET /__mock/requests lists the journal, newest last, filtered; DELETE clears it', async () => {
    await fetch(`${root}/__mock/requests`, { method: 'DELETE' });
    await runScript([...cleanSteps, ...mistakes], server.urls);
    const list = async (query = '') => {
      const answer = await fetch(`${root}/__mock/requests${query}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      return (await answer.json()) as JournalEntry[];
    };
    const all = await list();
    expect(all).toEqual(server.mock.journal.entries());
    expect(all.map((entry) => entry.seq)).toEqual([...all.map((entry) => entry.seq)].sort((a, b) => a - b));
    expect((await list('?operation=sendEventBatch')).map((entry) => entry.status)).toEqual([200, 400]);
    expect((await list('?status=401')).map((entry) => entry.rule)).toEqual([
      'credential-malformed',
      'credential-wrong-kind',
      'credential-revoked',
    ]);
    expect((await list('?status=2xx')).every((entry) => entry.status < 300)).toBe(true);
    const broken = await list('?violations=true');
    expect(broken.map((entry) => entry.violations[0]!.rule)).toEqual(
      mistakes.flatMap((step) => step.violations.slice(0, 1)),
    );
    expect(await list(`?since=${encodeURIComponent(all.at(-1)!.time)}&violations=true`)).toEqual(
      broken.filter((entry) => entry.time >= all.at(-1)!.time),
    );
    expect(await list('?host=data')).toHaveLength(2);

    for (const [query, message] of [
      ['?status=teapot', 'status must be a status (404) or a class (4xx), not "teapot"'],
      ['?since=yesterday', 'since must be an ISO-8601 time (2026-01-21T09:30:00Z), not "yesterday"'],
      ['?violations=yes', 'violations must be true or false, not "yes"'],
      ['?colour=red', 'Unknown filter colour: the filters are operation, status, violations, since, host'],
    ]) {
      const answer = await fetch(`${root}/__mock/requests${query}`);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({ code: 400, message });
    }

    const cleared = await fetch(`${server.urls.data.replace(/\/v0$/, '')}/__mock/requests`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ cleared: all.length });
    expect(await list()).toEqual([]);
    // The control routes are not journaled themselves.
    expect(server.mock.journal.entries()).toEqual([]);
  });

  it('refuses web pages (Origin) on the journal routes, and leaves the journal', async () => {
    await fetch(`${server.urls.api}/projects/1001`, { headers: { authorization: keys.acmeRead } });
    const before = server.mock.journal.entries().length;
    const answer = await fetch(`${root}/__mock/requests`, {
      method: 'DELETE',
      headers: { origin: 'https://attacker.example' },
    });
    expect(answer.status).toBe(403);
    expect(server.mock.journal.entries()).toHaveLength(before);
  });

  it('logs one JSON object per request: the journal entry, and the server’s own answers in its shape', async () => {
    lines.length = 0;
    await fetch(`${server.urls.api}/projects/1001`, { headers: { authorization: keys.acmeRead } });
    await fetch(`${root}/docs/`);
    await fetch(`${server.urls.api}/projects/1001`, {
      headers: { authorization: keys.acmeRead, 'x-c3d-mock-error': '503' },
    });
    const logged = lines.map((line) => JSON.parse(line) as JournalEntry);
    expect(logged[0]).toEqual(server.mock.journal.entries().at(-1));
    expect(logged.map((entry) => [entry.path, entry.status, entry.seq > 0])).toEqual([
      ['/v0/projects/1001', 200, true],
      ['/docs/', 200, false],
      ['/v0/projects/1001', 503, false],
    ]);
    expect(logged[2]!.reason).toBe('Injected server error (c3d-mock)');
  });
});

describe('control routes from another address', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

  it.skipIf(!external)('answer 404 to a caller that is not on loopback, and leave the journal', async () => {
    const server = await startServer({ host: '0.0.0.0', port: 0, dataPort: 0 });
    try {
      const port = new URL(server.urls.api).port;
      await fetch(`http://${external}:${port}/v0/projects/1001`, { headers: { authorization: keys.acmeRead } });
      expect(server.mock.journal.entries()).toHaveLength(1);
      for (const method of ['GET', 'DELETE']) {
        const answer = await fetch(`http://${external}:${port}/__mock/requests`, { method });
        expect(answer.status).toBe(404);
      }
      expect(server.mock.journal.entries()).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/__mock/requests`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('the journal and log flags', () => {
  it('read --journal-size, --log and --quiet, and refuse what they cannot mean', () => {
    const options = (argv: string[]) => {
      const parsed = parseServerArgs(argv);
      if (parsed.help) throw new Error('help');
      return parsed.options;
    };
    expect(options([])).toMatchObject({ log: 'text' });
    expect(options(['--journal-size', '0', '--quiet'])).toMatchObject({ journalSize: 0, log: 'none' });
    expect(options(['--journal-size', '50', '--log', 'json'])).toMatchObject({ journalSize: 50, log: 'json' });
    expect(() => options(['--journal-size', 'many'])).toThrow(
      '--journal-size must be a whole number of entries, not "many"',
    );
    expect(() => options(['--log', 'xml'])).toThrow('--log must be text or json, not "xml"');
    expect(() => options(['--quiet', '--log', 'json'])).toThrow('--quiet and --log cannot be used together');
  });
});

describe('the request log', () => {
  it('startServer logs nothing unless asked', async () => {
    const lines: string[] = [];
    const server = await startServer({ port: 0, dataPort: 0, logWrite: (line) => lines.push(line) });
    try {
      await fetch(`${server.urls.api}/projects/1001`, { headers: { authorization: keys.acmeRead } });
      expect(lines).toEqual([]);
      expect(server.mock.journal.entries()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('text: one line per request, with the reason and the rules for anything but 2xx', async () => {
    const lines: string[] = [];
    const server = await startServer({ port: 0, dataPort: 0, log: 'text', logWrite: (line) => lines.push(line) });
    try {
      await fetch(`${server.urls.api}/projects/1001`, {
        headers: { authorization: keys.acmeWrite, accept: 'application/json' },
      });
      await fetch(`${server.urls.api}/projects/1001?expand=1`, {
        headers: { authorization: `Bearer ${keys.acmeWrite}` },
      });
      await fetch(`${server.urls.data}/scenes`, { headers: { authorization: keys.acmeLegacy } });
    } finally {
      await server.close();
    }
    expect(lines).toHaveLength(3);
    const time = String.raw`\d\d:\d\d:\d\d\.\d{3}`;
    expect(lines[0]).toMatch(
      new RegExp(`^${time} api GET /v0/projects/1001 200 getProject \\[API key CI write \\(ac3e0000…\\)\\] [\\d.]+ms$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${time} api GET /v0/projects/1001\\?expand=1 401 getProject \\[Bearer orgkey-<32 hex>\\] [\\d.]+ms: Malformed credential\\. Accepted: .+ violations: credential-malformed warnings: unknown-query-parameter$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^${time} data GET /v0/scenes 401 collectorListScenes \\[APIKEY:ORGANIZATION <32 hex>\\] [\\d.]+ms: This operation does not accept .+ violations: credential-wrong-kind warnings: legacy-key-format$`,
      ),
    );
    expect(lines.join('\n')).not.toMatch(/\x1b\[/);
  });

  /** Starts the command, makes one request, and answers what it printed after the banner. */
  const cli = (flags: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--data-port', '0', ...flags],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      let asked = false;
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const api = /dashboard API\s+(\S+)/.exec(output)?.[1];
        if (!api || asked || !/\ntry:/.test(output)) return;
        asked = true;
        fetch(`${api}/projects/1001/`, { headers: { authorization: keys.acmeRead } })
          .then(() => new Promise((done) => setTimeout(done, 300)))
          .then(() => child.kill('SIGTERM'), reject);
      });
      child.once('exit', () => {
        const after = output.slice(output.indexOf('users (password'));
        resolve(
          after
            .split('\n')
            .slice(1)
            .filter((line) => line.trim() !== '' && !/SIGTERM: stopping/.test(line)),
        );
      });
    });

  it('the c3d-mock command logs text by default, JSON with --log json, nothing with --quiet', async () => {
    const [text, json, quiet] = await Promise.all([cli([]), cli(['--log', 'json']), cli(['--quiet'])]);
    expect(text).toHaveLength(1);
    expect(text[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} api GET \/v0\/projects\/1001\/ 404 - \[-\] [\d.]+ms: No route for GET \/v0\/projects\/1001\/ violations: trailing-slash$/,
    );
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0]!)).toMatchObject({
      seq: 1,
      method: 'GET',
      path: '/v0/projects/1001/',
      status: 404,
      rule: 'trailing-slash',
      violations: [{ rule: 'trailing-slash' }],
    });
    expect(quiet).toEqual([]);
  }, 60_000);
});
