import { describe, expect, it } from 'vitest';
import { chainKey, type Chain, type Grant, type Level } from '../../src/auth/grants.ts';
import { decide } from '../../src/auth/policy.ts';
import type { Access } from '../../src/spec/metadata.ts';

// The tenancy: domain 1 holds organizations 101 (projects 1001, 1002) and 102 (project 2001); domain 2 holds 201 (3001).
const chains: Record<string, { level: Level; chain: Chain }> = {
  'domain 1': { level: 'domain', chain: { domainId: 1 } },
  'domain 2': { level: 'domain', chain: { domainId: 2 } },
  'org 101': { level: 'organization', chain: { domainId: 1, organizationId: 101 } },
  'org 102': { level: 'organization', chain: { domainId: 1, organizationId: 102 } },
  'project 1001': { level: 'project', chain: { domainId: 1, organizationId: 101, projectId: 1001 } },
  'project 1002': { level: 'project', chain: { domainId: 1, organizationId: 101, projectId: 1002 } },
  'project 2001': { level: 'project', chain: { domainId: 1, organizationId: 102, projectId: 2001 } },
  'project 3001': { level: 'project', chain: { domainId: 2, organizationId: 201, projectId: 3001 } },
};

const grantOn = (scope: string, access: Access): Grant => {
  const { level, chain } = chains[scope]!;
  return { level, id: chain[chainKey[level]]!, access, chain };
};

const principals: Record<string, { grants: Grant[]; cap: Access }> = {
  'org admin (user)': { grants: [grantOn('org 101', 'admin')], cap: 'admin' },
  'org member (user)': { grants: [grantOn('org 101', 'write')], cap: 'admin' },
  'org observer (user)': { grants: [grantOn('org 101', 'read')], cap: 'admin' },
  'project admin (user)': { grants: [grantOn('project 1001', 'admin')], cap: 'admin' },
  'project member (user)': { grants: [grantOn('project 1001', 'write')], cap: 'admin' },
  'project observer (user)': { grants: [grantOn('project 1001', 'read')], cap: 'admin' },
  'domain admin (user)': { grants: [grantOn('domain 1', 'admin')], cap: 'admin' },
  'org key, write': { grants: [grantOn('org 101', 'write')], cap: 'write' },
  'org key, read': { grants: [grantOn('org 101', 'read')], cap: 'write' },
  'domain key, write': { grants: [grantOn('domain 1', 'write')], cap: 'write' },
  'developer key (project admin)': { grants: [grantOn('project 1001', 'admin')], cap: 'write' },
  'data key': { grants: [grantOn('project 1001', 'write')], cap: 'write' },
  'no role (user)': { grants: [], cap: 'admin' },
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

const rows = table
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

describe('policy', () => {
  it.each(rows)('$principal on $target needing $access → $expected', ({ principal, target, access, expected }) => {
    const { grants, cap } = principals[principal]!;
    const decision = decide({ scope: chains[target]!.level, access, grants, cap, target: chains[target] });
    expect(decision.allow ? 200 : decision.status).toBe(expected);
  });

  it('lets any caller through on public and user-scoped operations (credentials are checked before)', () => {
    expect(decide({ scope: 'public', access: 'read', grants: [], cap: 'admin' })).toEqual({ allow: true });
    expect(decide({ scope: 'user', access: 'write', grants: [], cap: 'admin' })).toEqual({ allow: true });
  });

  it('answers 404 with no hint when a scoped operation has no target', () => {
    expect(decide({ scope: 'project', access: 'read', grants: [grantOn('org 101', 'admin')], cap: 'admin' })).toEqual({
      allow: false,
      status: 404,
      message: 'Not found',
    });
  });

  it('names the access an operation needs in a 403', () => {
    const { grants, cap } = principals['org key, write']!;
    expect(decide({ scope: 'organization', access: 'admin', grants, cap, target: chains['org 101'] })).toEqual({
      allow: false,
      status: 403,
      message: 'Forbidden: this operation needs admin access',
    });
  });
});
