import type { Access, Scope } from '../spec/metadata.ts';
import { accessRank, chainKey, levels, type Level } from '../spec/access.ts';
import { minAccess, type Chain, type Grant } from './grants.ts';

export interface PolicyInput {
  scope: Scope;
  access: Access;
  /** The caller's grants and the highest access its credential may ever use (keys: write). */
  grants: readonly Grant[];
  cap: Access;
  /** The target's level and ancestry, for domain, organization and project scopes. */
  target?: { level: Level; chain: Chain };
  /** The operation is one of the `apiKeys` routes (read only by a policy hook). */
  onApiKeys?: boolean;
  hooks?: PolicyHooks;
}

export type Decision = { allow: true; access?: Access } | { allow: false; status: 403 | 404; message: string };

/** Where a fault may bend the policy; each hook takes what the rules give and returns what is decided. */
export interface PolicyHooks {
  /** Whether a grant below the target lets the caller see it (so it gets 403, not 404). */
  seenFromBelow(seen: boolean): boolean;
  /** A 403 for access too low, given the access the caller holds on the target. */
  forbidden(decision: Decision, input: PolicyInput, held: Access | undefined): Decision;
}

export const ruleKeepingPolicyHooks: PolicyHooks = {
  seenFromBelow: (seen) => seen,
  forbidden: (decision) => decision,
};

const rank = (level: Level) => levels.indexOf(level);

/** The access a grant gives on the target: by cascade when it is held on the target or an ancestor. */
function coveringAccess(grant: Grant, level: Level, chain: Chain): Access | undefined {
  if (rank(grant.level) > rank(level)) return undefined;
  return chain[chainKey[grant.level]] === grant.id ? grant.access : undefined;
}

/** A grant below the target, inside it: the caller sees the target but holds nothing on it. */
function isDescendant(grant: Grant, level: Level, chain: Chain): boolean {
  return rank(grant.level) > rank(level) && grant.chain[chainKey[level]] === chain[chainKey[level]];
}

/**
 * Decides whether an authenticated caller may run an operation on a target: 404 when it can see nothing of
 * the target, 403 when it sees it but its access is too low.
 * Credentials (401) are decided before, request validation (400/415) after.
 */
export function decide(input: PolicyInput): Decision {
  const hooks = input.hooks ?? ruleKeepingPolicyHooks;
  if (input.scope === 'public' || input.scope === 'user') return { allow: true };
  const target = input.target;
  if (!target) return { allow: false, status: 404, message: 'Not found' };
  let best: Access | undefined;
  let visible = false;
  for (const grant of input.grants) {
    const access = coveringAccess(grant, target.level, target.chain);
    if (access && (!best || accessRank[access] > accessRank[best])) best = access;
    if (access || (isDescendant(grant, target.level, target.chain) && hooks.seenFromBelow(true))) visible = true;
  }
  if (!visible) return { allow: false, status: 404, message: 'Not found' };
  const effective = best ? minAccess(best, input.cap) : undefined;
  if (!effective || accessRank[effective] < accessRank[input.access]) {
    const forbidden: Decision = {
      allow: false,
      status: 403,
      message: `Forbidden: this operation needs ${input.access} access`,
    };
    return hooks.forbidden(forbidden, input, effective);
  }
  return { allow: true, access: effective };
}
