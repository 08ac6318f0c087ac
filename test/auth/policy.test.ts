import { describe, expect, it } from 'vitest';
import { decide } from '../../src/auth/policy.ts';
import { chains, grantOn, principals, rows } from './policy-table.ts';

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
