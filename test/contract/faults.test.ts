import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrincipals } from '../../src/contract/principals.ts';
import { runSuite } from '../../src/contract/run.ts';
import { faultNames, type FaultName } from '../../src/core/faults.ts';
import { startServer } from '../../src/server/server.ts';

/** The rule each fault breaks: the suite run against the mock with that fault must fail it. */
const brokenRule: Record<FaultName, string> = {
  'accept-bearer': 'credentials.bearer',
  'accept-any-key': 'credentials.forged',
  'read-keys-write': 'roles.forbidden',
  'observers-write': 'roles.forbidden',
  'cross-tenant-leak': 'roles.cross-tenant',
  'json-as-text': 'content-types.json-answer',
  'lose-upload-type': 'content-types.raw-round-trip',
  'skip-415': 'content-types.json-request',
  'drop-required-field': 'schema.body',
  'reject-legacy': 'credentials.accepted',
  'accept-revoked': 'credentials.revoked',
  'skip-csrf': 'credentials.csrf',
  'drop-page-item': 'pagination.consistent',
  'drop-request-time': 'schema.headers',
  'grant-below-404': 'roles.forbidden',
  'members-manage-keys': 'roles.forbidden',
};

const failedRules = new Map<FaultName, string[]>();

describe('the contract suite catches every fault of the mock', () => {
  it.each(faultNames)(
    '%s',
    async (fault) => {
      const server = await startServer({ port: 0, dataPort: 0, faults: [fault] });
      try {
        const file = await loadPrincipals('fixtures/default.principals.json');
        const report = await runSuite({ file, api: server.urls.api, data: server.urls.data });
        const rules = [...new Set(report.results.filter((r) => r.outcome === 'failed').map((r) => r.rule))].sort();
        failedRules.set(fault, rules);
        expect(rules).toContain(brokenRule[fault]);
      } finally {
        await server.close();
      }
    },
    120_000,
  );

  afterAll(async () => {
    if (failedRules.size !== faultNames.length) return;
    const table = [
      '| fault | rules the suite reports broken (the one the fault targets first) |',
      '|---|---|',
      ...faultNames.map((fault) => {
        const rules = failedRules.get(fault)!;
        const ordered = [brokenRule[fault], ...rules.filter((rule) => rule !== brokenRule[fault])];
        return `| \`${fault}\` | ${ordered.map((rule) => `\`${rule}\``).join(', ')} |`;
      }),
    ].join('\n');
    const readme = await readFile('README.md', 'utf8');
    const current = /<!-- fault-table:start -->\n([\s\S]*?)\n<!-- fault-table:end -->/.exec(readme)?.[1];
    console.log(`fault → failing rules, from this run:\n${table}`);
    expect(current, 'the README table of faults and failing rules is stale: paste the table printed above').toBe(table);
  });
});
