import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadPrincipals,
  parsePrincipals,
  PrincipalsError,
  type PrincipalsFile,
} from '../../src/contract/principals.ts';
import { runSuite, type SuiteReport } from '../../src/contract/run.ts';
import type { RequestSpec } from '../../src/contract/model.ts';
import { compiledHosts } from '../../src/core/mock.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import type { SeedData } from '../../src/store/store.ts';
import { operationCount } from '../support/documents.ts';

let server: RunningServer;
let file: PrincipalsFile;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0 });
  file = await loadPrincipals('fixtures/default.principals.json');
});
afterAll(() => server.close());

describe('the contract suite against the mock (default seed)', () => {
  let report: SuiteReport;
  let before: Required<SeedData>;
  beforeAll(async () => {
    before = structuredClone(server.mock.snapshot()) as Required<SeedData>;
    report = await runSuite({ file, api: server.urls.api, data: server.urls.data });
  }, 120_000);

  it('passes every check', () => {
    const failures = report.results
      .filter((r) => r.outcome === 'failed')
      .map((r) => `${r.rule} ${r.title}: ${r.message}`);
    expect(failures).toEqual([]);
    console.log(`contract suite: ${report.results.length} checks passed`);
  });

  it('exercises every operation with a caller let through and one kept out', () => {
    expect(report.coverage).toEqual({ covered: operationCount, total: operationCount, missing: [] });
  });

  it('runs every rule group', () => {
    expect(Object.keys(report.summary).sort()).toEqual([
      'content-types',
      'credentials',
      'flows',
      'pagination',
      'roles',
      'schema',
    ]);
    for (const group of Object.values(report.summary)) expect(group.passed).toBeGreaterThan(0);
  });

  it('leaves every table as it found it, but for what the API cannot remove, and says what that is', () => {
    const after = server.mock.snapshot() as Required<SeedData>;
    const changed = (Object.keys(before) as (keyof SeedData)[]).filter(
      (table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]),
    );
    expect(changed.sort()).toEqual(['apiKeys', 'auditLog', 'sceneVersions', 'scenes']);
    expect(after.loginSessions).toEqual([]);

    const [scene, ...otherScenes] = after.scenes.filter((s) => !before.scenes.some((b) => b.id === s.id));
    expect(otherScenes).toEqual([]);
    expect(scene).toMatchObject({ sceneName: 'c3d contract scene', projectId: 1001 });
    expect(after.scenes.filter((s) => s.id !== scene!.id)).toEqual(before.scenes);
    expect(after.sceneVersions.filter((v) => v.sceneId === scene!.id).map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(after.sceneVersions.filter((v) => v.sceneId !== scene!.id)).toEqual(before.sceneVersions);

    // Keys: the seed's as they were but for lastUsedAt, and the flow's own key, revoked.
    const withoutUse = (keys: Required<SeedData>['apiKeys']) => keys.map(({ lastUsedAt: _, ...key }) => key);
    expect(withoutUse(after.apiKeys.slice(0, before.apiKeys.length))).toEqual(withoutUse(before.apiKeys));
    expect(after.apiKeys.slice(before.apiKeys.length)).toMatchObject([
      { id: 6, name: 'c3d contract key', revoked: true },
    ]);
    expect(before.auditLog).toEqual([]);
    expect(after.auditLog.length).toBeGreaterThan(0);

    expect(report.leftOnTarget).toEqual([
      `the scene "c3d contract scene" (${scene!.id}) with the versions uploaded, in project 1001: the API has no route to delete a scene`,
      'the revoked key "c3d contract key" (id 6) of organization 101: the API has no route to delete a key, and revoked keys stay listed as revoked',
      "an audit-log entry for each write the flows made: the audit log is the organization's record, with no route to delete an entry",
      'the lastUsedAt of each organization key the run used: every use of a key sets it',
    ]);
  });
});

describe('the contract suite against the mock on the Web path (a platform Request and Response each, as MSW answers)', () => {
  it('passes every check, as on the fast path', async () => {
    const web = await startServer({ port: 0, dataPort: 0, fastPath: false });
    try {
      const report = await runSuite({ file, api: web.urls.api, data: web.urls.data });
      expect(report.results.filter((result) => result.outcome === 'failed').map((result) => result.title)).toEqual([]);
      expect(report.coverage).toEqual({ covered: operationCount, total: operationCount, missing: [] });
    } finally {
      await web.close();
    }
  }, 120_000);
});

describe('--read-only', () => {
  it('sends only GETs, the read-only query POSTs, the logins and the logouts that end them', async () => {
    const sent: RequestSpec[] = [];
    const report = await runSuite({
      file,
      api: server.urls.api,
      data: server.urls.data,
      readOnly: true,
      onRequest: (request) => sent.push(request),
    });
    expect(report.failed).toBe(0);
    const readOnlyPosts = new Set(
      Object.values(compiledHosts())
        .flatMap((host) => host.operations)
        .filter((op) => op.method !== 'get' && op.access === 'read' && op.scope !== 'public')
        .map((op) => op.path),
    );
    const changing = sent.filter((request) => {
      if (request.method === 'GET') return false;
      if (request.method === 'POST' && request.path === '/sessions') return false;
      if (request.method === 'DELETE' && request.path === '/sessions/current') return false;
      const path = request.path.split('?')[0]!;
      return ![...readOnlyPosts].some((template) =>
        new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
      );
    });
    expect(changing).toEqual([]);
    const users = file.principals.filter((principal) => principal.kind === 'sessionCookie').length;
    expect(sent.filter((request) => request.method === 'DELETE').length).toBe(users);
    expect(server.mock.snapshot().loginSessions).toEqual([]);
    expect(sent.filter((request) => request.method === 'GET').length).toBeGreaterThan(1000);
    expect(sent.filter((request) => request.method === 'POST').length).toBeGreaterThan(100);
    console.log(
      `read-only run: ${sent.length} requests, methods ${[...new Set(sent.map((r) => r.method))].join(', ')}`,
    );
  }, 120_000);
});

describe('the principals file', () => {
  it('is refused with a message naming the field', () => {
    expect(() => parsePrincipals({ tenants: {}, principals: [] }, 'bad.json')).toThrow(
      new PrincipalsError('bad.json: /tenants: must NOT have fewer than 2 properties'),
    );
    const withoutKind = structuredClone(file) as unknown as { principals: Record<string, unknown>[] };
    delete withoutKind.principals[3]!.kind;
    expect(() => parsePrincipals(withoutKind, 'bad.json')).toThrow(
      new PrincipalsError('bad.json: /principals/3/kind: is required'),
    );
    const unknownTenant = structuredClone(file);
    unknownTenant.principals[0]!.tenant = 'initech';
    expect(() => parsePrincipals(unknownTenant, 'bad.json')).toThrow(
      new PrincipalsError('bad.json: /principals/0/tenant: no tenant named initech'),
    );
  });
});
