import type { FaultName } from '../core/faults.ts';
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
  /** The operation is one of the `apiKeys` routes (read only by the `members-manage-keys` fault). */
  onApiKeys?: boolean;
  /** Rules broken on purpose: `grant-below-404` and `members-manage-keys` act here. */
  faults?: ReadonlySet<FaultName>;
}

export type Decision = { allow: true; access?: Access } | { allow: false; status: 403 | 404; message: string };

const rank = (level: Level) => levels.indexOf(level);
const noFaults: ReadonlySet<FaultName> = new Set();

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
  const faults = input.faults ?? noFaults;
  if (input.scope === 'public' || input.scope === 'user') return { allow: true };
  const target = input.target;
  if (!target) return { allow: false, status: 404, message: 'Not found' };
  let best: Access | undefined;
  let visible = false;
  for (const grant of input.grants) {
    const access = coveringAccess(grant, target.level, target.chain);
    if (access && (!best || accessRank[access] > accessRank[best])) best = access;
    if (access || (isDescendant(grant, target.level, target.chain) && !faults.has('grant-below-404'))) visible = true;
  }
  if (!visible) return { allow: false, status: 404, message: 'Not found' };
  const effective = best ? minAccess(best, input.cap) : undefined;
  if (!effective || accessRank[effective] < accessRank[input.access]) {
    if (faults.has('members-manage-keys') && input.onApiKeys && input.cap === 'admin' && effective === 'write')
      return { allow: true, access: effective };
    return { allow: false, status: 403, message: `Forbidden: this operation needs ${input.access} access` };
  }
  return { allow: true, access: effective };
}
