import { accessRank, type Level } from '../spec/access.ts';
import type { CredentialKind } from '../spec/compile.ts';
import type { Access } from '../spec/metadata.ts';

/** Where an entity sits: the ids of its domain, organization and project, as far down as it goes. */
export interface Chain {
  domainId?: number;
  organizationId?: number;
  projectId?: number;
}

/** Access held at one scope (and, by cascade, everything below it). */
export interface Grant {
  level: Level;
  id: number;
  access: Access;
  /** The scope's own ancestry, including itself. */
  chain: Chain;
}

export const roleAccess = { admin: 'admin', member: 'write', observer: 'read' } as const satisfies Record<
  string,
  Access
>;

export const minAccess = (a: Access, b: Access): Access => (accessRank[a] <= accessRank[b] ? a : b);

/** The most a credential may ever use: a login session its roles' access, a key never above write. */
export const credentialCap = (kind: CredentialKind): Access => (kind === 'sessionCookie' ? 'admin' : 'write');
