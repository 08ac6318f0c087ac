import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrincipals, parsePrincipals, PrincipalsError, type PrincipalsFile } from '../../src/contract/principals.ts';
import { runSuite, type SuiteReport } from '../../src/contract/run.ts';
import type { RequestSpec } from '../../src/contract/model.ts';
import { compiledHosts } from '../../src/core/mock.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';

let server: RunningServer;
let file: PrincipalsFile;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0 });
  file = await loadPrincipals('fixtures/default.principals.json');
});
afterAll(() => server.close());

describe('the contract suite against the mock (default seed)', () => {
  let report: SuiteReport;
  beforeAll(async () => {
    report = await runSuite({ file, api: server.urls.api, data: server.urls.data });
  }, 120_000);

  it('passes every check', () => {
    const failures = report.results.filter((r) => r.outcome === 'failed').map((r) => `${r.rule} ${r.title}: ${r.message}`);
    expect(failures).toEqual([]);
    console.log(`contract suite: ${report.results.length} checks passed`);
  });

  it('exercises every operation with a caller let through and one kept out', () => {
    expect(report.coverage).toEqual({ covered: 134, total: 134, missing: [] });
  });

  it('runs every rule group', () => {
    expect(Object.keys(report.summary).sort()).toEqual(['content-types', 'credentials', 'flows', 'roles', 'schema']);
    for (const group of Object.values(report.summary)) expect(group.passed).toBeGreaterThan(0);
  });

  it('leaves the state as it found it, but for the scenes it uploaded (the API has no route to delete one)', () => {
    const tables = server.mock.store.tables;
    expect(tables.projects.size).toBe(3);
    expect(tables.media.size).toBe(4);
    expect([...tables.apiKeys.all()].filter((key) => key.record.revoked !== true).map((key) => key.key)).toEqual([1, 2, 4, 5]);
    expect(tables.scenes.size).toBe(4);
  });
});

describe('--read-only', () => {
  it('sends only GETs, the read-only query POSTs and the logins', async () => {
    const sent: RequestSpec[] = [];
    const report = await runSuite({ file, api: server.urls.api, data: server.urls.data, readOnly: true, onRequest: (request) => sent.push(request) });
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
      const path = request.path.split('?')[0]!;
      return ![...readOnlyPosts].some((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
    });
    expect(changing).toEqual([]);
    expect(sent.filter((request) => request.method === 'GET').length).toBeGreaterThan(1000);
    expect(sent.filter((request) => request.method === 'POST').length).toBeGreaterThan(100);
    console.log(`read-only run: ${sent.length} requests, methods ${[...new Set(sent.map((r) => r.method))].join(', ')}`);
  }, 120_000);
});

describe('the principals file', () => {
  it('is refused with a message naming the field', () => {
    expect(() => parsePrincipals({ tenants: {}, principals: [] }, 'bad.json')).toThrow(new PrincipalsError('bad.json: /tenants: must NOT have fewer than 2 properties'));
    const withoutKind = structuredClone(file) as unknown as { principals: Record<string, unknown>[] };
    delete withoutKind.principals[3]!.kind;
    expect(() => parsePrincipals(withoutKind, 'bad.json')).toThrow(new PrincipalsError('bad.json: /principals/3/kind: is required'));
    const unknownTenant = structuredClone(file);
    unknownTenant.principals[0]!.tenant = 'initech';
    expect(() => parsePrincipals(unknownTenant, 'bad.json')).toThrow(new PrincipalsError('bad.json: /principals/0/tenant: no tenant named initech'));
  });
});
