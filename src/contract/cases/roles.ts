import type { ContractCase, RequestSpec } from '../model.ts';
import { tenantOf, type Resources } from '../principals.ts';
import { verdict } from '../expectations.ts';
import type { Variant } from '../aim.ts';
import { hasChild, isWrite, type CaseContext } from './context.ts';

/**
 * The other tenant's identifying values a refusal must not show: its string ids (scene and session ids, file
 * and question-set names...), less those the request itself sent and those the caller's tenant shares.
 */
function secretsOf(other: Resources, own: Resources, request: RequestSpec): string[] {
  const sent = `${request.path} ${request.body && 'text' in request.body ? request.body.text : ''}`;
  const shared = new Set(Object.values(own).map(String));
  return [
    ...new Set(Object.values(other).filter((value): value is string => typeof value === 'string' && value.length >= 6)),
  ].filter((value) => !shared.has(value) && !sent.includes(value) && !sent.includes(encodeURIComponent(value)));
}

/**
 * The role matrix: every principal × every operation it can be aimed at, on its own tenant and on each
 * other tenant, expecting what its grants and the operation's metadata say. Writes carry a body the schema
 * refuses (or a child that does not exist), so a caller let through gets 400 (or 404) and nothing changes.
 */
export function roleCases({ file, operations, aimer, strict }: CaseContext): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const operation of operations) {
    if (operation.credentialKinds.size === 0) continue;
    for (const principal of file.principals) {
      if (!operation.credentialKinds.has(principal.kind)) continue;
      for (const [tenantName, resources] of Object.entries(file.tenants)) {
        const own = tenantName === principal.tenant;
        if (!own && (operation.target === undefined || operation.target.from === 'credential')) continue;
        const expected = verdict(file, principal, operation, resources);
        const write = isWrite(operation);
        let variant: Variant = 'example';
        // The one route the real API never serves answers 404 to a caller let through.
        let allowedStatus: number | '2xx' = operation.unserved ? 404 : '2xx';
        if (write && operation.body) {
          variant = 'invalid-body';
          allowedStatus = 400;
        } else if (write && hasChild(operation)) {
          variant = 'missing-child';
          allowedStatus = 404;
        } else if (write) {
          // A write on the target itself, with no body: let through it would change state, so only refusals
          // are checked here (the write flows cover the rest); an invisible target is aimed at one that does not exist.
          if (expected === 'allowed') continue;
          if (expected === 404) variant = 'missing-target';
        }
        if (operation.body && operation.body.kind !== 'json' && variant === 'example') continue;
        const request = aimer.aim(operation, resources, variant);
        if ('unaimable' in request) continue;
        const statuses: (number | '2xx')[] =
          expected === 'allowed' ? [allowedStatus] : expected === 404 && !strict && !own ? [404, 403] : [expected];
        const rule =
          expected === 'allowed'
            ? 'roles.allowed'
            : !own
              ? 'roles.cross-tenant'
              : expected === 403
                ? 'roles.forbidden'
                : expected === 404
                  ? 'roles.invisible'
                  : 'roles.wrong-kind';
        cases.push({
          group: 'roles',
          rule,
          title: `${principal.name} → ${operation.operationId} on ${tenantName}`,
          operation,
          principal: principal.name,
          request,
          caller: { principal: principal.name },
          expect: { statuses, proves: expected === 'allowed' ? 'allowed' : 'denied' },
          writes: write && expected === 'allowed' && allowedStatus === '2xx',
          mustNotContain:
            own || expected === 'allowed' ? undefined : secretsOf(resources, tenantOf(file, principal), request),
        });
      }
    }
  }
  return cases;
}
