import type { CompiledOperation } from '../../../spec/compile.ts';
import type { PrincipalSpec, PrincipalsFile } from '../../principals.ts';

/** What every flow reads: the principals file, who takes the flows' steps, and which operations the documents list. */
export interface FlowContext {
  file: PrincipalsFile;
  /** A user with the admin role on an organization. */
  admin?: PrincipalSpec;
  /** An organization key (either format) that writes to its organization. */
  writer?: PrincipalSpec;
  /** A developer key that does more than read. */
  developer?: PrincipalSpec;
  /** Any user that logs in. */
  user?: PrincipalSpec;
  /** A user of the admin's tenant with no role at all, to be given one. */
  outsider?: PrincipalSpec;
  /** Whether the documents list every one of these operations. */
  present(...operationIds: string[]): boolean;
}

const hasGrant = (principal: PrincipalSpec, scope: string, access: string) =>
  principal.grants.some((g) => g.scope === scope && g.access === access);

export function flowContext(file: PrincipalsFile, operations: ReadonlyMap<string, CompiledOperation>): FlowContext {
  const { principals } = file;
  const admin = principals.find((p) => p.kind === 'sessionCookie' && hasGrant(p, 'organization', 'admin'));
  return {
    file,
    admin,
    writer: principals.find(
      (p) => (p.kind === 'orgKey' || p.kind === 'legacyOrgKey') && hasGrant(p, 'organization', 'write'),
    ),
    developer: principals.find((p) => p.kind === 'developerKey' && p.grants.some((g) => g.access !== 'read')),
    user: principals.find((p) => p.kind === 'sessionCookie'),
    outsider:
      admin &&
      principals.find(
        (p) =>
          p.kind === 'sessionCookie' && p.tenant === admin.tenant && p.grants.length === 0 && 'email' in p.credential,
      ),
    present: (...operationIds) => operationIds.every((id) => operations.has(id)),
  };
}
