import type { Access } from '../spec/metadata.ts';

export type Level = 'domain' | 'organization' | 'project';
export const levels: readonly Level[] = ['domain', 'organization', 'project'];

/** Where an entity sits: the ids of its domain, organization and project, as far down as it goes. */
export interface Chain {
  domainId?: number;
  organizationId?: number;
  projectId?: number;
}

export const chainKey = { domain: 'domainId', organization: 'organizationId', project: 'projectId' } as const;

/** Access held at one scope (and, by cascade, everything below it). */
export interface Grant {
  level: Level;
  id: number;
  access: Access;
  /** The scope's own ancestry, including itself. */
  chain: Chain;
}

export const accessRank: Record<Access, number> = { read: 1, write: 2, admin: 3 };
export const roleAccess = { admin: 'admin', member: 'write', observer: 'read' } as const satisfies Record<string, Access>;

export const minAccess = (a: Access, b: Access): Access => (accessRank[a] <= accessRank[b] ? a : b);
