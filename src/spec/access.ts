import type { Access } from './metadata.ts';

/**
 * The words of the access model the documents speak in, shared by the mock and the contract suite.
 * The rules that use them (who gets 403, who 404) are written separately on each side.
 */

/** The scopes a grant can be held on, from the top of the tenancy down. */
export type Level = 'domain' | 'organization' | 'project';
export const levels: readonly Level[] = ['domain', 'organization', 'project'];

/** The name of the id of each level, as parameters, tenants' resources and ancestries spell it. */
export const chainKey = {
  domain: 'domainId',
  organization: 'organizationId',
  project: 'projectId',
} as const satisfies Record<Level, string>;

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

/** `x-c3d-access` in order: read < write < admin. */
export const accessRank: Record<Access, number> = { read: 1, write: 2, admin: 3 };
