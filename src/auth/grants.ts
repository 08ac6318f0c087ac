import { accessRank } from '../spec/access.ts';
import type { Access } from '../spec/metadata.ts';

export type { Chain, Grant } from '../spec/access.ts';

export const roleAccess = { admin: 'admin', member: 'write', observer: 'read' } as const satisfies Record<
  string,
  Access
>;

export const minAccess = (a: Access, b: Access): Access => (accessRank[a] <= accessRank[b] ? a : b);
