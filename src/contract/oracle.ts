import { accessRank } from '../spec/access.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { CredentialKind } from '../spec/credential-kinds.ts';
import type { Access } from '../spec/metadata.ts';

/**
 * The suite's own reading of who may run what, written from the rules the documents state, never from an
 * implementation's code, so that a server (the mock included) that breaks one of them is caught:
 *
 * - an operation takes only the credential kinds its `security` lists, anything else is 401; a `public`
 *   operation takes anyone, a `user` one only a login session (the caller's own account);
 * - a grant holds on its scope and on everything below it (domain → organization → project);
 * - a caller that holds nothing on the target, above it or below it cannot tell it exists: 404;
 * - a caller that sees the target (a grant below it, or one whose access is too low) but cannot use enough
 *   access there for `x-c3d-access` gets 403; a key never uses more than `write`, whatever it was granted;
 * - anyone else is let through.
 */

/** What a principal should get from an operation aimed at a tenant's resources: let through, or an error status. */
export type Verdict = 'allowed' | 401 | 403 | 404;

/**
 * A place in the tenancy, as its ids from the domain down: `[domain]`, `[domain, organization]` or
 * `[domain, organization, project]`. One place is inside another when the other's ids start it.
 */
export type Place = readonly number[];

/** Access held on a place; a grant whose place is unknown reaches nothing. */
export interface HeldGrant {
  place: Place | undefined;
  access: Access;
}

export interface Caller {
  kind: CredentialKind;
  grants: readonly HeldGrant[];
}

/** What of an operation the verdict reads: its `security` list and its `x-c3d-*` metadata. */
export type OperationRules = Pick<CompiledOperation, 'credentialKinds' | 'scope' | 'access' | 'target'>;

/** The most access any key may use. */
const keyCeiling: Access = 'write';

const isWithin = (place: Place, outer: Place) =>
  outer.length <= place.length && outer.every((id, index) => place[index] === id);

/**
 * The verdict for a caller running an operation on a target place (undefined when the operation's target
 * cannot be placed: nobody sees what is not there).
 */
export function judge(caller: Caller, operation: OperationRules, target: Place | undefined): Verdict {
  if (operation.credentialKinds.size > 0 && !operation.credentialKinds.has(caller.kind)) return 401;
  if (operation.scope === 'public') return 'allowed';
  if (operation.scope === 'user') return caller.kind === 'sessionCookie' ? 'allowed' : 401;
  if (target === undefined) return 404;
  const placed = caller.grants.filter((grant): grant is { place: Place; access: Access } => grant.place !== undefined);
  const onOrAbove = placed.filter((grant) => isWithin(target, grant.place));
  const below = placed.some((grant) => grant.place.length > target.length && isWithin(grant.place, target));
  if (onOrAbove.length === 0 && !below) return 404;
  const held = Math.max(0, ...onOrAbove.map((grant) => accessRank[grant.access]));
  const usable = caller.kind === 'sessionCookie' ? held : Math.min(held, accessRank[keyCeiling]);
  return usable >= accessRank[operation.access] ? 'allowed' : 403;
}
