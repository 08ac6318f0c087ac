import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, type Caller, type SendOptions } from '../support/mock.ts';
import { openHarness, transports, type Harness } from '../support/transports.ts';

/** One read, one write and one admin operation at each scope. */
const operations: Record<string, { method: string; path: string; options?: SendOptions }> = {
  'project read': { method: 'GET', path: '/projects/1001' },
  'project write': { method: 'PUT', path: '/projects/1001', options: { json: { name: 'Renamed' } } },
  'project admin': { method: 'DELETE', path: '/projects/1001' },
  'org read': { method: 'GET', path: '/organizations/101' },
  'org write': {
    method: 'POST',
    path: '/organizations/101/tags',
    options: { json: { title: 'qa', description: 'QA runs', colourHex: '00aa88', projectIds: ['1001'] } },
  },
  'org admin': { method: 'GET', path: '/organizations/101/auditLog' },
  'domain read': { method: 'GET', path: '/domains/1' },
  'domain admin': { method: 'PUT', path: '/domains/1', options: { json: { name: 'Renamed domain' } } },
};
const columns = Object.keys(operations);

// Every seeded principal × those operations: the expected status, written out. Credentials are judged first (401),
// then whether the caller sees the target at all (404), then whether it may do this to it (403).
const table = `
principal             | project read | project write | project admin | org read | org write | org admin | domain read | domain admin
owner@acme.example    | 200 | 200 | 204 | 200 | 200 | 200 | 403 | 403
member@acme.example   | 200 | 200 | 403 | 200 | 200 | 403 | 403 | 403
observer@acme.example | 200 | 403 | 403 | 200 | 403 | 403 | 403 | 403
lead@acme.example     | 200 | 200 | 204 | 403 | 403 | 403 | 403 | 403
dev@acme.example      | 200 | 200 | 403 | 403 | 403 | 403 | 403 | 403
viewer@acme.example   | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403
owner@globex.example  | 404 | 404 | 404 | 404 | 404 | 404 | 403 | 403
ops@domain.example    | 200 | 200 | 204 | 200 | 200 | 200 | 200 | 200
nobody@acme.example   | 404 | 404 | 404 | 404 | 404 | 404 | 404 | 404
acmeWrite             | 200 | 200 | 403 | 200 | 200 | 403 | 403 | 403
acmeRead              | 200 | 403 | 403 | 200 | 403 | 403 | 403 | 403
acmeLegacy            | 200 | 200 | 403 | 200 | 200 | 403 | 403 | 403
globexWrite           | 404 | 404 | 404 | 404 | 404 | 404 | 403 | 403
domain                | 200 | 200 | 403 | 200 | 200 | 403 | 200 | 403
`;

const cases = table
  .trim()
  .split('\n')
  .slice(1)
  .flatMap((line) => {
    const [principal, ...statuses] = line.split('|').map((cell) => cell.trim());
    return statuses.map((status, index) => ({
      principal: principal!,
      operation: columns[index]!,
      expected: Number(status),
    }));
  });

async function callerFor(t: Harness, principal: string): Promise<Caller> {
  return principal.includes('@') ? t.login(principal) : keys[principal as keyof typeof keys];
}

describe.each(transports)('role matrix, over %s', (transport) => {
  let t: Harness;
  beforeAll(async () => {
    t = await openHarness(transport);
  });
  afterAll(() => t.close());
  beforeEach(() => t.mock.reset());

  it.each(cases)('$principal → $operation: $expected', async ({ principal, operation, expected }) => {
    const { method, path, options } = operations[operation]!;
    const answer = await t.api(method, path, { ...options, as: await callerFor(t, principal) });
    expect(answer.status).toBe(expected);
    if (expected >= 400) expect(answer.body.code).toBe(expected);
  });

  it('a cross-tenant read and write answer 404 and hold nothing of the other tenant', async () => {
    for (const [method, path, options] of [
      ['GET', '/projects/2001', {}],
      ['PUT', '/projects/2001', { json: { name: 'Hijacked' } }],
      ['GET', '/organizations/102', {}],
    ] as const) {
      const answer = await t.api(method, path, { ...options, as: keys.acmeWrite });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ code: 404, message: 'Not found' });
      expect(answer.text).not.toMatch(/Globex/);
    }
    expect(t.mock.store.tables.projects.get(2001)!.record.name).toBe('Globex Sim');
  });
});
