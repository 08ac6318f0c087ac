import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';

const rename = (api: string, name: string) =>
  fetch(`${api}/projects/1001`, {
    method: 'PUT',
    headers: { authorization: keys.acmeWrite, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
const projectName = async (api: string) =>
  (
    (await (await fetch(`${api}/projects/1001`, { headers: { authorization: keys.acmeRead } })).json()) as {
      name: string;
    }
  ).name;
const savedName = async (file: string) =>
  (JSON.parse(await readFile(file, 'utf8')) as { projects: { id: number; name: string }[] }).projects.find(
    (p) => p.id === 1001,
  )!.name;

describe('--state-file', () => {
  it('saves changes shortly after they happen, and a restart starts from them', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'c3d-state-')), 'state.json');
    const first = await startServer({ port: 0, dataPort: 0, stateFile: file });
    expect(await savedName(file)).toBe('Acme Training');
    expect((await rename(first.urls.api, 'Saved in the background')).status).toBe(200);
    await expect.poll(() => savedName(file), { timeout: 2000 }).toBe('Saved in the background');
    await first.close();

    const second = await startServer({ port: 0, dataPort: 0, stateFile: file });
    expect(await projectName(second.urls.api)).toBe('Saved in the background');
    await second.close();
  });

  it("moves the seed's dates once, when the state file is first written; a restart on a later day keeps them", async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'c3d-state-')), 'state.json');
    const newestDate = async () =>
      (JSON.parse(await readFile(file, 'utf8')) as { sessions: { id: number; date: string }[] }).sessions.find(
        (s) => s.id === 100500912,
      )!.date;
    const first = await startServer({ port: 0, dataPort: 0, stateFile: file, clock: '2026-12-01T10:00:00Z' });
    expect(first.mock.seedShiftMs).toBe(314 * 86_400_000);
    expect(await newestDate()).toBe('2026-11-30T13:17:50.820Z');
    await first.close();
    const second = await startServer({ port: 0, dataPort: 0, stateFile: file, clock: '2027-03-01T10:00:00Z' });
    expect(second.mock.seedShiftMs).toBe(0);
    expect(second.mock.store.tables.sessions.get(100500912)!.record.date).toBe('2026-11-30T13:17:50.820Z');
    await second.close();
  });

  it('refuses a corrupt or truncated state file with a clear message, and leaves it as it is', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'c3d-state-')), 'state.json');
    await writeFile(file, '{"projects": [{"id": 1001, "na');
    await expect(startServer({ port: 0, dataPort: 0, stateFile: file })).rejects.toThrow(
      `${file}: the state file is corrupt or truncated`,
    );
    expect(await readFile(file, 'utf8')).toBe('{"projects": [{"id": 1001, "na');
    await writeFile(file, '{"projects": [{"id": 1001}]}');
    await expect(startServer({ port: 0, dataPort: 0, stateFile: file })).rejects.toThrow(
      `${file}: projects[0] (id 1001): field organizationId is missing`,
    );
  });

  it('kill -TERM, then restart: nothing is lost', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'c3d-state-')), 'state.json');
    const start = () =>
      new Promise<{ api: string; stop: () => Promise<number | null> }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--data-port', '0', '--state-file', file],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const api = /dashboard API\s+(\S+)/.exec(output)?.[1];
          if (api)
            resolve({
              api,
              stop: () =>
                new Promise((done) => {
                  child.kill('SIGTERM');
                  child.once('exit', done);
                }),
            });
        });
        child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
      });
    const first = await start();
    expect((await rename(first.api, 'Survives SIGTERM')).status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(await savedName(file)).toBe('Survives SIGTERM');
    const second = await start();
    expect(await projectName(second.api)).toBe('Survives SIGTERM');
    await second.stop();
  }, 60_000);
});
