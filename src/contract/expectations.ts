import { isOneOf } from '../guards.ts';
import { chainKey, levels, type Level } from '../spec/access.ts';
import { judge, type Caller, type OperationRules, type Place, type Verdict } from './oracle.ts';
import { tenantOf, type PrincipalSpec, type PrincipalsFile, type Resources } from './principals.ts';

export type { Verdict };

const isLevel = (scope: string): scope is Level => isOneOf(levels, scope);

/** Where a tenant's resource of one level sits: its ids from the domain down. */
const placeIn = (resources: Resources, level: Level): Place =>
  levels.slice(0, levels.indexOf(level) + 1).map((above) => resources[chainKey[above]]);

/** A principal as the oracle sees it: each grant placed by finding a tenant that holds its scope's id. */
function callerOf(file: PrincipalsFile, principal: PrincipalSpec): Caller {
  const grants = principal.grants.map((grant) => {
    const tenant = Object.values(file.tenants).find((resources) => resources[chainKey[grant.scope]] === grant.id);
    return { place: tenant && placeIn(tenant, grant.scope), access: grant.access };
  });
  return { kind: principal.kind, grants };
}

/**
 * The verdict of the suite's oracle for one principal, one operation and one tenant's resources. A target
 * read from the credential is the principal's own, whatever tenant the case aims at.
 */
export function verdict(
  file: PrincipalsFile,
  principal: PrincipalSpec,
  operation: OperationRules,
  resources: Resources,
): Verdict {
  const aimed = operation.target?.from === 'credential' ? tenantOf(file, principal) : resources;
  const target = operation.target && isLevel(operation.scope) ? placeIn(aimed, operation.scope) : undefined;
  return judge(callerOf(file, principal), operation, target);
}
