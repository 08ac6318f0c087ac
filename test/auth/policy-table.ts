import type { Chain, Grant } from '../../src/spec/access.ts';
import { chainKey, type Level } from '../../src/spec/access.ts';
import type { CredentialKind } from '../../src/spec/credential-kinds.ts';
import type { Access } from '../../src/spec/metadata.ts';

/**
 * The policy written out by hand: a small tenancy, principals on it, and the status each gets on each
 * place for an operation needing read, write or admin. The mock's policy and the contract suite's oracle
 * are both held to it.
 */

// The tenancy: domain 1 holds organizations 101 (projects 1001, 1002) and 102 (project 2001); domain 2 holds 201 (3001).
export const chains: Record<string, { level: Level; chain: Chain }> = {
  'domain 1': { level: 'domain', chain: { domainId: 1 } },
  'domain 2': { level: 'domain', chain: { domainId: 2 } },
  'org 101': { level: 'organization', chain: { domainId: 1, organizationId: 101 } },
  'org 102': { level: 'organization', chain: { domainId: 1, organizationId: 102 } },
  'project 1001': { level: 'project', chain: { domainId: 1, organizationId: 101, projectId: 1001 } },
  'project 1002': { level: 'project', chain: { domainId: 1, organizationId: 101, projectId: 1002 } },
  'project 2001': { level: 'project', chain: { domainId: 1, organizationId: 102, projectId: 2001 } },
  'project 3001': { level: 'project', chain: { domainId: 2, organizationId: 201, projectId: 3001 } },
};

export const grantOn = (scope: string, access: Access): Grant => {
  const { level, chain } = chains[scope]!;
  return { level, id: chain[chainKey[level]]!, access, chain };
};

export const principals: Record<string, { kind: CredentialKind; grants: Grant[]; cap: Access }> = {
  'org admin (user)': { kind: 'sessionCookie', grants: [grantOn('org 101', 'admin')], cap: 'admin' },
  'org member (user)': { kind: 'sessionCookie', grants: [grantOn('org 101', 'write')], cap: 'admin' },
  'org observer (user)': { kind: 'sessionCookie', grants: [grantOn('org 101', 'read')], cap: 'admin' },
  'project admin (user)': { kind: 'sessionCookie', grants: [grantOn('project 1001', 'admin')], cap: 'admin' },
  'project member (user)': { kind: 'sessionCookie', grants: [grantOn('project 1001', 'write')], cap: 'admin' },
  'project observer (user)': { kind: 'sessionCookie', grants: [grantOn('project 1001', 'read')], cap: 'admin' },
  'domain admin (user)': { kind: 'sessionCookie', grants: [grantOn('domain 1', 'admin')], cap: 'admin' },
  'org key, write': { kind: 'orgKey', grants: [grantOn('org 101', 'write')], cap: 'write' },
  'org key, read': { kind: 'orgKey', grants: [grantOn('org 101', 'read')], cap: 'write' },
  'domain key, write': { kind: 'domainKey', grants: [grantOn('domain 1', 'write')], cap: 'write' },
  'developer key (project admin)': { kind: 'developerKey', grants: [grantOn('project 1001', 'admin')], cap: 'write' },
  'data key': { kind: 'dataKey', grants: [grantOn('project 1001', 'write')], cap: 'write' },
  'no role (user)': { kind: 'sessionCookie', grants: [], cap: 'admin' },
};

// principal | target | expected status for an operation needing read, write, admin (200 = allowed). Written out, not computed.
const table = `
org admin (user)             | domain 1     | 403 403 403
org admin (user)             | org 101      | 200 200 200
org admin (user)             | project 1001 | 200 200 200
org admin (user)             | project 1002 | 200 200 200
org admin (user)             | org 102      | 404 404 404
org admin (user)             | project 2001 | 404 404 404
org admin (user)             | domain 2     | 404 404 404
org member (user)            | domain 1     | 403 403 403
org member (user)            | org 101      | 200 200 403
org member (user)            | project 1001 | 200 200 403
org member (user)            | project 1002 | 200 200 403
org member (user)            | project 2001 | 404 404 404
org observer (user)          | org 101      | 200 403 403
org observer (user)          | project 1001 | 200 403 403
org observer (user)          | project 1002 | 200 403 403
org observer (user)          | org 102      | 404 404 404
org observer (user)          | project 3001 | 404 404 404
project admin (user)         | domain 1     | 403 403 403
project admin (user)         | org 101      | 403 403 403
project admin (user)         | project 1001 | 200 200 200
project admin (user)         | project 1002 | 404 404 404
project admin (user)         | org 102      | 404 404 404
project admin (user)         | project 2001 | 404 404 404
project member (user)        | org 101      | 403 403 403
project member (user)        | project 1001 | 200 200 403
project member (user)        | project 1002 | 404 404 404
project member (user)        | project 2001 | 404 404 404
project observer (user)      | org 101      | 403 403 403
project observer (user)      | project 1001 | 200 403 403
project observer (user)      | project 1002 | 404 404 404
domain admin (user)          | domain 1     | 200 200 200
domain admin (user)          | org 101      | 200 200 200
domain admin (user)          | org 102      | 200 200 200
domain admin (user)          | project 2001 | 200 200 200
domain admin (user)          | domain 2     | 404 404 404
domain admin (user)          | project 3001 | 404 404 404
org key, write               | domain 1     | 403 403 403
org key, write               | org 101      | 200 200 403
org key, write               | project 1001 | 200 200 403
org key, write               | project 1002 | 200 200 403
org key, write               | org 102      | 404 404 404
org key, write               | project 2001 | 404 404 404
org key, read                | org 101      | 200 403 403
org key, read                | project 1001 | 200 403 403
org key, read                | project 2001 | 404 404 404
domain key, write            | domain 1     | 200 200 403
domain key, write            | org 102      | 200 200 403
domain key, write            | project 2001 | 200 200 403
domain key, write            | domain 2     | 404 404 404
developer key (project admin)| project 1001 | 200 200 403
developer key (project admin)| project 1002 | 404 404 404
developer key (project admin)| org 101      | 403 403 403
data key                     | project 1001 | 200 200 403
data key                     | project 2001 | 404 404 404
no role (user)               | org 101      | 404 404 404
no role (user)               | project 1001 | 404 404 404
no role (user)               | domain 1     | 404 404 404
`;

export const rows = table
  .trim()
  .split('\n')
  .flatMap((line) => {
    const [principal, target, statuses] = line.split('|').map((cell) => cell.trim()) as [string, string, string];
    return statuses.split(' ').map((status, index) => ({
      principal,
      target,
      access: (['read', 'write', 'admin'] as const)[index]!,
      expected: Number(status),
    }));
  });
