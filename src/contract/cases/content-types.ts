import type { ContractCase } from '../model.ts';
import { verdict } from '../expectations.ts';
import { firstTenant, tenantOf } from '../principals.ts';
import type { CaseContext } from './context.ts';

/**
 * A JSON route given `text/plain` or a form answers 415. The body is one the schema refuses, so a server
 * that skips the check answers 400 instead, and nothing changes either way.
 */
export function contentTypeCases({ file, operations, aimer }: CaseContext): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const operation of operations) {
    if (operation.body?.kind !== 'json') continue;
    const principal = file.principals.find(
      (p) => operation.credentialKinds.has(p.kind) && verdict(file, p, operation, tenantOf(file, p)) === 'allowed',
    );
    if (operation.credentialKinds.size > 0 && !principal) continue;
    const resources = principal ? tenantOf(file, principal) : firstTenant(file);
    const request = aimer.aim(operation, resources, 'invalid-body');
    if ('unaimable' in request) continue;
    for (const [contentType, text] of [
      ['text/plain', '[]'],
      ['application/x-www-form-urlencoded', 'name=c3d-contract'],
    ] as const) {
      cases.push({
        group: 'content-types',
        rule: 'content-types.json-request',
        title: `${operation.operationId}: a ${contentType} body`,
        operation,
        principal: principal?.name,
        request: { ...request, body: { kind: 'text', contentType, text } },
        caller: principal ? { principal: principal.name } : { none: true },
        expect: { statuses: [415] },
        writes: false,
      });
    }
  }
  return cases;
}
