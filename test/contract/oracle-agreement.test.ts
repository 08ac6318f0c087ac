import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialCap } from '../../src/auth/credentials/registry.ts';
import type { Chain, Grant } from '../../src/spec/access.ts';
import { decide } from '../../src/auth/policy.ts';
import { verdict, type Verdict } from '../../src/contract/expectations.ts';
import type { OperationRules } from '../../src/contract/oracle.ts';
import type { PrincipalSpec, PrincipalsFile, Resources } from '../../src/contract/principals.ts';
import { faultHooks, type FaultName } from '../../src/core/faults.ts';
import { chainKey, levels, type Level } from '../../src/spec/access.ts';
import { credentialKindNames, type CredentialKind } from '../../src/spec/credential-kinds.ts';
import { accessLevels, type Access, type Scope } from '../../src/spec/metadata.ts';
import { chains, principals as tablePrincipals, rows } from '../auth/policy-table.ts';

/**
 * The contract suite judges by its own oracle, written apart from the mock's policy; these tests hold the
 * two to the same verdicts, so that one can only change with the other, on purpose.
 */

const credentialKinds: readonly CredentialKind[] = credentialKindNames;

/** A tenancy as a principals file describes it: one tenant per project, with its organization and domain. */
type Tenancy = Record<string, Resources>;

const chainOf = (resources: Resources, level: Level): Chain =>
  Object.fromEntries(
    levels.slice(0, levels.indexOf(level) + 1).map((above) => [chainKey[above], resources[chainKey[above]]]),
  );

/** A principals-file grant as the mock holds it: placed through the store (here the tenancy); one on nothing that exists is dropped. */
function mockGrant(tenancy: Tenancy, grant: PrincipalSpec['grants'][number]): Grant[] {
  const tenant = Object.values(tenancy).find((resources) => resources[chainKey[grant.scope]] === grant.id);
  return tenant
    ? [{ level: grant.scope, id: grant.id, access: grant.access, chain: chainOf(tenant, grant.scope) }]
    : [];
}

const operationFor = (
  scope: Scope,
  access: Access,
  kinds: Iterable<CredentialKind>,
  from: 'path' | 'credential',
): OperationRules => ({
  scope,
  access,
  credentialKinds: new Set(kinds),
  target:
    scope === 'public' || scope === 'user'
      ? undefined
      : from === 'credential'
        ? { from: 'credential' }
        : { from: 'path', name: chainKey[scope], kind: scope },
});

interface Situation {
  tenancy: Tenancy;
  principal: PrincipalSpec;
  operation: OperationRules;
  /** The tenant the request is aimed at. */
  aimed: string;
  /** The operation is one of the `apiKeys` routes: no rule of its own, but the mock's pipeline says so to its policy. */
  onApiKeys: boolean;
}

/** The mock's verdict: its policy on the grants, cap and target the pipeline would give it. */
function mockVerdict(
  { tenancy, principal, operation, aimed, onApiKeys }: Situation,
  faults: ReadonlySet<FaultName> = new Set(),
): Verdict {
  const target =
    operation.target && operation.scope !== 'public' && operation.scope !== 'user'
      ? {
          level: operation.scope,
          chain: chainOf(tenancy[operation.target.from === 'credential' ? principal.tenant : aimed]!, operation.scope),
        }
      : undefined;
  const decision = decide({
    scope: operation.scope,
    access: operation.access,
    grants: principal.grants.flatMap((grant) => mockGrant(tenancy, grant)),
    cap: credentialCap(principal.kind),
    target,
    onApiKeys,
    hooks: faultHooks(faults).policy,
  });
  return decision.allow ? 'allowed' : decision.status;
}

const oracleVerdict = ({ tenancy, principal, operation, aimed }: Situation): Verdict =>
  verdict(
    { tenants: tenancy, principals: [principal] } satisfies PrincipalsFile,
    principal,
    operation,
    tenancy[aimed]!,
  );

/**
 * Random tenancies (two domains, up to four organizations, one to six projects), a principal of any kind
 * with up to four grants of any access on any domain, organization or project (or on an id no tenant
 * holds), and an operation of any scope, access and target source (a path id, or the credential's own
 * home), aimed at any tenant. The operation always takes the principal's credential kind, as the 401 of
 * a kind it does not take is decided before the policy; a `user` operation takes only a login session and a
 * `public` one none, as the documents' rules require.
 */
const situations: fc.Arbitrary<Situation> = fc
  .record({
    organizationDomains: fc.array(fc.constantFrom(1, 2), { minLength: 4, maxLength: 4 }),
    projectOrganizations: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 6 }),
    kind: fc.oneof(
      { arbitrary: fc.constant<CredentialKind>('sessionCookie'), weight: 1 },
      { arbitrary: fc.constantFrom(...credentialKinds), weight: 1 },
    ),
    home: fc.nat(),
    grants: fc.array(
      fc.record({
        scope: fc.constantFrom(...levels),
        pick: fc.nat(),
        access: fc.constantFrom(...accessLevels),
        unknown: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    scope: fc.oneof(
      { arbitrary: fc.constantFrom<Scope>('domain', 'organization', 'project'), weight: 9 },
      { arbitrary: fc.constantFrom<Scope>('user', 'public'), weight: 1 },
    ),
    access: fc.constantFrom(...accessLevels),
    from: fc.constantFrom('path' as const, 'credential' as const),
    otherKinds: fc.subarray([...credentialKinds]),
    aimed: fc.nat(),
    onApiKeys: fc.boolean(),
  })
  .map((drawn) => {
    const tenancy: Tenancy = Object.fromEntries(
      drawn.projectOrganizations.map((organization, index) => {
        const organizationId = 101 + organization;
        return [
          `tenant ${index}`,
          { domainId: drawn.organizationDomains[organization]!, organizationId, projectId: 1001 + index },
        ];
      }),
    );
    const tenants = Object.keys(tenancy);
    const idsAt = (level: Level) => [...new Set(Object.values(tenancy).map((resources) => resources[chainKey[level]]))];
    const kind = drawn.scope === 'user' ? 'sessionCookie' : drawn.kind;
    const principal: PrincipalSpec = {
      name: 'caller',
      kind,
      credential: kind === 'sessionCookie' ? { email: 'caller@example.com', password: 'x' } : { authorization: 'x' },
      tenant: tenants[drawn.home % tenants.length]!,
      grants: drawn.grants.map(({ scope, pick, access, unknown }) => {
        const ids = idsAt(scope);
        return { scope, id: unknown ? 9_000_000 + pick : ids[pick % ids.length]!, access };
      }),
    };
    const kinds =
      drawn.scope === 'public' ? [] : drawn.scope === 'user' ? ['sessionCookie' as const] : [kind, ...drawn.otherKinds];
    return {
      tenancy,
      principal,
      operation: operationFor(drawn.scope, drawn.access, kinds, drawn.from),
      aimed: tenants[drawn.aimed % tenants.length]!,
      onApiKeys: drawn.onApiKeys,
    };
  });

/** The written-out tenancy of the policy's own table, as a principals file's tenants: one per project. */
const tableTenancy: Tenancy = Object.fromEntries(
  Object.entries(chains)
    .filter(([, { level }]) => level === 'project')
    .map(([name, { chain }]) => [
      name,
      { domainId: chain.domainId!, organizationId: chain.organizationId!, projectId: chain.projectId! },
    ]),
);

describe("the suite's oracle and the mock's policy give the same verdicts", () => {
  it('on generated principals, grants, tenancies and operations', () => {
    const reached = new Map<Verdict, number>();
    fc.assert(
      fc.property(situations, (situation) => {
        const expected = oracleVerdict(situation);
        expect(expected).toBe(mockVerdict(situation));
        reached.set(expected, (reached.get(expected) ?? 0) + 1);
      }),
      { numRuns: 3000 },
    );
    // Each verdict is a sizeable share of the draws (about a fifth to a half each), so none is agreed on by chance alone.
    expect([...reached.keys()].sort()).toEqual([403, 404, 'allowed']);
    for (const count of reached.values()) expect(count).toBeGreaterThan(300);
  });

  it.each(rows)(
    'on the written-out table: $principal on $target needing $access → $expected',
    ({ principal: name, target, access, expected }) => {
      const { kind, grants, cap } = tablePrincipals[name]!;
      expect(credentialCap(kind)).toBe(cap);
      const { level, chain } = chains[target]!;
      const aimed = Object.keys(tableTenancy).find((tenant) =>
        levels
          .slice(0, levels.indexOf(level) + 1)
          .every((above) => tableTenancy[tenant]![chainKey[above]] === chain[chainKey[above]]),
      )!;
      const principal: PrincipalSpec = {
        name,
        kind,
        credential: kind === 'sessionCookie' ? { email: 'caller@example.com', password: 'x' } : { authorization: 'x' },
        tenant: aimed,
        grants: grants.map((grant) => ({ scope: grant.level, id: grant.id, access: grant.access })),
      };
      const situation = {
        tenancy: tableTenancy,
        principal,
        operation: operationFor(level, access, [kind], 'path'),
        aimed,
        onApiKeys: false,
      };
      const written: Verdict = expected === 200 ? 'allowed' : (expected as 403 | 404);
      expect(oracleVerdict(situation)).toBe(written);
      expect(mockVerdict(situation)).toBe(written);
    },
  );

  it('a credential kind the operation does not list is 401 to the oracle, whatever the grants', () => {
    const situation: Situation = {
      tenancy: tableTenancy,
      principal: {
        name: 'data key',
        kind: 'dataKey',
        credential: { authorization: 'x' },
        tenant: 'project 1001',
        grants: [{ scope: 'project', id: 1001, access: 'write' }],
      },
      operation: operationFor('project', 'read', ['orgKey', 'sessionCookie'], 'path'),
      aimed: 'project 1001',
      onApiKeys: false,
    };
    expect(oracleVerdict(situation)).toBe(401);
  });

  it.each<FaultName>(['grant-below-404', 'members-manage-keys'])(
    'tells them apart when the mock runs with its policy fault %s',
    (fault) => {
      const run = fc.check(
        fc.property(situations, (situation) => oracleVerdict(situation) === mockVerdict(situation, new Set([fault]))),
        { numRuns: 3000, seed: 1 },
      );
      expect(run.failed).toBe(true);
    },
  );
});
