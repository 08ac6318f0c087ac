import { describe, expect, it } from 'vitest';
import { faultHooks, faultNames, ruleKeepingHooks, type FaultName } from '../../src/core/faults.ts';
import { keys, startMock } from '../support/mock.ts';
import { png } from '../support/files.ts';

/** For each fault: a request whose answer shows the rule kept without the fault and broken with it. */
const probes: Record<
  FaultName,
  { run(t: ReturnType<typeof startMock>): Promise<unknown>; kept: unknown; broken: unknown }
> = {
  'accept-bearer': {
    run: async (t) => (await t.api('GET', '/projects/1001', { as: `Bearer ${keys.acmeRead}` })).status,
    kept: 401,
    broken: 200,
  },
  'accept-any-key': {
    run: async (t) => (await t.api('GET', '/projects/1001', { as: 'orgkey-ffffffffffffffffffffffffffffffff' })).status,
    kept: 401,
    broken: 200,
  },
  'read-keys-write': {
    run: async (t) => (await t.api('PUT', '/projects/1001', { as: keys.acmeRead, json: { name: 'x' } })).status,
    kept: 403,
    broken: 200,
  },
  'observers-write': {
    run: async (t) =>
      (await t.api('PUT', '/projects/1001', { as: await t.login('observer@acme.example'), json: { name: 'x' } }))
        .status,
    kept: 403,
    broken: 200,
  },
  'cross-tenant-leak': {
    run: async (t) => (await t.api('GET', '/projects/2001', { as: keys.acmeRead })).status,
    kept: 404,
    broken: 200,
  },
  'json-as-text': {
    run: async (t) => (await t.api('GET', '/projects/1001', { as: keys.acmeRead })).headers.get('content-type'),
    kept: 'application/json; charset=utf-8',
    broken: 'text/plain; charset=utf-8',
  },
  'lose-upload-type': {
    run: async (t) => {
      await t.api('PUT', '/projects/1001/media/701/files/floor_plan.png', {
        as: keys.acmeWrite,
        body: png,
        contentType: 'image/png',
      });
      return (await t.api('GET', '/projects/1001/media/701/files/floor_plan.png', { as: keys.acmeRead })).headers.get(
        'content-type',
      );
    },
    kept: 'image/png',
    broken: 'application/octet-stream',
  },
  'skip-415': {
    run: async (t) =>
      (await t.api('PUT', '/projects/1001', { as: keys.acmeWrite, body: '{"name":"x"}', contentType: 'text/plain' }))
        .status,
    kept: 415,
    broken: 200,
  },
  'drop-required-field': {
    run: async (t) => 'id' in (await t.api('GET', '/projects/1001', { as: keys.acmeRead })).body,
    kept: true,
    broken: false,
  },
  'reject-legacy': {
    run: async (t) => (await t.api('GET', '/projects/1001', { as: keys.acmeLegacy })).status,
    kept: 200,
    broken: 401,
  },
  'accept-revoked': {
    run: async (t) => (await t.api('GET', '/projects/1001', { as: keys.acmeRevoked })).status,
    kept: 401,
    broken: 200,
  },
  'skip-csrf': {
    run: async (t) =>
      (
        await t.api('PUT', '/projects/1001', {
          as: await t.login('member@acme.example'),
          json: { name: 'x' },
          withoutCsrf: true,
        })
      ).status,
    kept: 403,
    broken: 200,
  },
  'grant-below-404': {
    // A project admin on its project's organization (a grant below the target), and an observer's write (a grant too low).
    run: async (t) => [
      (await t.api('GET', '/organizations/101', { as: await t.login('lead@acme.example') })).status,
      (await t.api('PUT', '/projects/1001', { as: await t.login('observer@acme.example'), json: { name: 'x' } }))
        .status,
    ],
    kept: [403, 403],
    broken: [404, 403],
  },
  'members-manage-keys': {
    // An organization member on the API keys, on another admin route, and an observer on the API keys.
    run: async (t) => {
      const member = await t.login('member@acme.example');
      return [
        (await t.api('GET', '/organizations/101/apiKeys', { as: member })).status,
        (
          await t.api('POST', '/organizations/101/apiKeys', {
            as: member,
            json: { name: 'made by a member', access: 'read' },
          })
        ).status,
        (await t.api('DELETE', '/organizations/101/apiKeys/2', { as: member })).status,
        (await t.api('GET', '/organizations/101/auditLog', { as: member })).status,
        (await t.api('GET', '/organizations/101/apiKeys', { as: await t.login('observer@acme.example') })).status,
      ];
    },
    kept: [403, 403, 403, 403, 403],
    broken: [200, 200, 204, 403, 403],
  },
  'drop-page-item': {
    // The audit log's first page of 2 holds both records; the count stays whole.
    run: async (t) => {
      await t.api('PUT', '/projects/1001', { as: keys.acmeWrite, json: { name: 'Renamed once' } });
      await t.api('PUT', '/projects/1001', { as: keys.acmeWrite, json: { name: 'Renamed twice' } });
      const page = (
        await t.api('GET', '/organizations/101/auditLog?limit=2', { as: await t.login('owner@acme.example') })
      ).body;
      return [page.count >= 2, page.results.length];
    },
    kept: [true, 2],
    broken: [true, 1],
  },
  'drop-request-time': {
    run: async (t) => (await t.data('GET', '/scenes', { as: keys.developer })).headers.has('cvr-request-time'),
    kept: true,
    broken: false,
  },
};

describe('faults break exactly their rule', () => {
  it('every fault has a probe', () => {
    expect(Object.keys(probes).sort()).toEqual([...faultNames].sort());
  });

  it.each(faultNames)('%s', async (fault) => {
    const probe = probes[fault];
    expect(await probe.run(startMock({ validateResponses: false }))).toEqual(probe.kept);
    expect(await probe.run(startMock({ validateResponses: false, faults: [fault] }))).toEqual(probe.broken);
  });

  it('each fault replaces hooks of one layer only; with none, every layer keeps its rules', () => {
    const layers = Object.keys(ruleKeepingHooks) as (keyof typeof ruleKeepingHooks)[];
    expect(layers.filter((layer) => faultHooks(new Set())[layer] !== ruleKeepingHooks[layer])).toEqual([]);
    for (const fault of faultNames) {
      const hooks = faultHooks(new Set([fault]));
      expect(
        layers.filter((layer) => hooks[layer] !== ruleKeepingHooks[layer]),
        fault,
      ).toHaveLength(1);
    }
  });

  it('refuses an unknown fault name', () => {
    expect(() => startMock({ faults: ['accept-everything'] })).toThrow(
      'unknown fault accept-everything; faults: accept-bearer',
    );
  });
});
