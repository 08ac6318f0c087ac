import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The package as users get it: `npm pack`, installed from the tarball into an empty project, used from there.
const run = promisify(execFile);
let scratch: string;
let project: string;
let server: ChildProcess | undefined;
let urls: { api: string; data: string };

const bin = () => join(project, 'node_modules', '.bin', 'c3d-mock');

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'c3d-mock-pack-'));
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', scratch], {
    cwd: process.cwd(),
    maxBuffer: 16 << 20,
  });
  const tarball = join(scratch, packed.stdout.trim().split('\n').pop()!);
  project = join(scratch, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], {
    cwd: project,
    maxBuffer: 16 << 20,
  });
}, 600_000);

afterAll(async () => {
  server?.kill('SIGTERM');
  await rm(scratch, { recursive: true, force: true });
});

describe('the packed package, installed in a scratch project', () => {
  test('ships the compiled code, the documents and the fixtures, and no tests or sources', async () => {
    const installed = join(project, 'node_modules', 'c3d-mock');
    expect((await readdir(installed)).sort()).toEqual(['README.md', 'dist', 'fixtures', 'openapi', 'package.json']);
    expect((await readdir(join(installed, 'dist'))).sort()).toEqual(['fixtures', 'src']);
  });

  test('its bin starts the server on the embedded seed', async () => {
    server = spawn(bin(), ['--port', '0', '--data-port', '0'], { cwd: project });
    const banner = await new Promise<string>((resolve, reject) => {
      let text = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        text += chunk;
        if (/data-collector API\s+\S+/.test(text)) resolve(text);
      });
      server!.once('exit', (code) => reject(new Error(`exited with ${code}: ${text}`)));
    });
    urls = { api: /dashboard API\s+(\S+)/.exec(banner)![1]!, data: /data-collector API\s+(\S+)/.exec(banner)![1]! };
    const answer = await fetch(`${urls.api}/projects/1001`, {
      headers: { authorization: 'orgkey-ac3e0000000000000000000000000001' },
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { name: string }).name).toBe('Acme Training');
  }, 30_000);

  test('`c3d-mock verify` passes against that server', async () => {
    const principals = join(project, 'node_modules', 'c3d-mock', 'fixtures', 'default.principals.json');
    const { stdout } = await run(
      bin(),
      ['verify', '--principals', principals, '--api', urls.api, '--data', urls.data, '--out', join(scratch, 'reports')],
      { cwd: project, maxBuffer: 64 << 20 },
    );
    expect(stdout).toMatch(/\b0 failed\b/);
    expect((await readdir(join(scratch, 'reports'))).sort()).toEqual([
      'contract-junit.xml',
      'contract-report.html',
      'contract-report.json',
    ]);
  }, 120_000);

  test('a Node script mocks the real host with its handlers under setupServer and calls it with its typed client', async () => {
    await writeFile(
      join(project, 'script.mjs'),
      `import { setupServer } from 'msw/node';
import { createHandlers } from 'c3d-mock/msw';
import { createApiClient } from 'c3d-mock/client';
const { handlers } = createHandlers();
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
const client = createApiClient({ credential: { orgKey: 'orgkey-ac3e0000000000000000000000000002' } });
const read = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
const write = await client.PUT('/projects/{projectId}', { params: { path: { projectId: 1001 } }, body: { name: 'x' } });
console.log(JSON.stringify({ read: [read.response.status, read.data.name], write: [write.response.status, write.error.message] }));
server.close();
`,
    );
    const { stdout } = await run('node', ['script.mjs'], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({
      read: [200, 'Acme Training'],
      write: [403, 'Forbidden: this operation needs write access'],
    });
  }, 30_000);

  // `skipLibCheck`, as `tsc --init` sets it: some dependencies' declarations do not check under every option set.
  test('its types check in a TypeScript consumer', async () => {
    await writeFile(
      join(project, 'check.ts'),
      `import { createApiClient, type ApiPaths } from 'c3d-mock/client';
import { createMock } from 'c3d-mock';
import { startServer } from 'c3d-mock/server';
import { runSuite } from 'c3d-mock/contract';
import type { DataComponents } from 'c3d-mock/types';
const client = createApiClient({ fetch: createMock().hosts.api });
const project: ApiPaths['/projects/{projectId}']['get']['responses'][200]['content']['application/json'] | undefined = (await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } })).data;
// @ts-expect-error: not a path of the dashboard API, which the client's types must know
await client.GET('/no-such-path');
export const checked = [project?.name, startServer, runSuite] as const;
export type Scene = DataComponents['schemas'];
`,
    );
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(
      'node',
      [
        tsc,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--types',
        'node',
        '--typeRoots',
        join(process.cwd(), 'node_modules', '@types'),
        'check.ts',
      ],
      { cwd: project },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(result.stdout).toBe('');
  }, 60_000);
});
