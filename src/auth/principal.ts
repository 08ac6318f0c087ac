import type { Level } from '../spec/access.ts';
import type { CredentialKind } from '../spec/credential-kinds.ts';
import type { Access } from '../spec/metadata.ts';
import { locate, type Located } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';
import type { CredentialHooks } from './credential-hooks.ts';
import { roleAccess, type Grant } from './grants.ts';

/** Who is calling, and what it may touch. */
export interface Principal {
  kind: CredentialKind;
  /** For the audit log: what made the request, without its secret. */
  label: string;
  userId?: number;
  /** The id of the key used (organization, domain or developer key). */
  apiKeyId?: number;
  grants: Grant[];
  /** Keys never reach admin. */
  cap: Access;
  /** The key's own organization or project, for operations whose target is the credential. */
  home?: Located;
  /** Cookie sessions: the login token and the CSRF token that non-GET requests must repeat. */
  loginToken?: string;
  csrf?: string;
}

/** A login session's principal: its user and its login and CSRF tokens are always there. */
export type SessionPrincipal = Principal & { kind: 'sessionCookie'; userId: number; loginToken: string; csrf: string };

export type PrincipalResolution = { ok: true; principal: Principal } | { ok: false; message: string };

/** A grant on a domain, organization or project that exists, with its ancestry. */
export const grantFor = (store: Store, level: Level, id: number, access: Access): Grant | undefined => {
  const located = locate(store, level, id);
  return located && { level, id, access, chain: located.chain };
};

/** The grants a user holds through its role assignments. */
export function userGrants(store: Store, userId: number, hooks: CredentialHooks): Grant[] {
  return store.tables.roleAssignments.children('userId', userId).flatMap((row) => {
    const { scopeType, scopeId, role } = row.record;
    const access = hooks.roleAccess(roleAccess[role], role);
    return grantFor(store, scopeType, scopeId, access) ?? [];
  });
}
