import type { Chain, Grant, Level } from '../auth/grants.ts';
import { decide } from '../auth/policy.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { PrincipalSpec, PrincipalsFile, Resources } from './principals.ts';

/** What a principal should get from an operation aimed at a tenant's resources: let through, or an error status. */
export type Verdict = 'allowed' | 401 | 403 | 404;

const chainOf = (resources: Resources, level: Level): Chain =>
  level === 'domain'
    ? { domainId: resources.domainId }
    : level === 'organization'
      ? { domainId: resources.domainId, organizationId: resources.organizationId }
      : { domainId: resources.domainId, organizationId: resources.organizationId, projectId: resources.projectId };

const levelKey = { domain: 'domainId', organization: 'organizationId', project: 'projectId' } as const;

/** A principal's grants, each placed by finding the tenant that holds its scope. */
export function grantsOf(file: PrincipalsFile, principal: PrincipalSpec): Grant[] {
  return principal.grants.map((grant) => {
    const tenant = Object.values(file.tenants).find((resources) => resources[levelKey[grant.scope]] === grant.id);
    const chain = tenant ? chainOf(tenant, grant.scope) : { [levelKey[grant.scope]]: grant.id };
    return { level: grant.scope, id: grant.id, access: grant.access, chain };
  });
}

/** The verdict of design §4 for one principal, one operation and one tenant's resources. */
export function verdict(file: PrincipalsFile, principal: PrincipalSpec, operation: CompiledOperation, resources: Resources): Verdict {
  if (operation.credentialKinds.size > 0 && !operation.credentialKinds.has(principal.kind)) return 401;
  if (operation.scope === 'public') return 'allowed';
  if (operation.scope === 'user') return principal.kind === 'sessionCookie' ? 'allowed' : 401;
  const target = operation.target;
  const level: Level = operation.scope as Level;
  const home = file.tenants[principal.tenant]!;
  // A target read from the credential is the principal's own, whatever tenant the case aims at.
  const chain = target?.from === 'credential' ? chainOf(home, level) : chainOf(resources, level);
  const cap = principal.kind === 'sessionCookie' ? 'admin' : 'write';
  const decision = decide({ scope: operation.scope, access: operation.access, grants: grantsOf(file, principal), cap, target: { level, chain } });
  if (decision.allow) return 'allowed';
  return decision.status;
}
