import type { CompiledOperation } from '../../spec/compile.ts';
import type { ContractCase, RequestSpec } from '../model.ts';
import { verdict } from '../expectations.ts';
import { firstTenant, tenantOf, type PrincipalSpec, type Resources } from '../principals.ts';
import { hasChild, isWrite, type CaseContext } from './context.ts';

/** A key of the same shape that no server issued: each hex digit of the secret flipped. */
const forged = (authorization: string) =>
  authorization.replace(/[0-9a-f]{32}$/, (hex) => [...hex].map((d) => (15 - parseInt(d, 16)).toString(16)).join(''));

/** Strict-mode variants: the exact case and spacing of each format. */
function strictVariants(authorization: string): [string, string][] {
  const variants: [string, string][] = [];
  if (/^APIKEY:[A-Z]+ .+$/.test(authorization)) {
    const schemeWord = /^APIKEY:[A-Z]+ /;
    variants.push(['lower-case scheme word', authorization.replace(schemeWord, (word) => word.toLowerCase())]);
    variants.push(['two spaces after the scheme word', authorization.replace(schemeWord, '$& ')]);
  } else {
    variants.push(['upper-case prefix', authorization.replace(/^orgkey-/, 'ORGKEY-')]);
  }
  variants.push(['upper-case key', authorization.replace(/[0-9a-f]{32}$/, (hex) => hex.toUpperCase())]);
  return variants;
}

const keyOf = (principal: PrincipalSpec) =>
  'authorization' in principal.credential ? principal.credential.authorization : undefined;

/**
 * Credential formats, on every operation that takes credentials: missing, empty, garbage, `Bearer`-wrapped,
 * of the wrong kind, forged or revoked credentials are 401; a cookie write without its CSRF token is 403;
 * each documented format is let through where its grants allow. Writes carry a body the schema refuses, so a
 * server that wrongly lets a credential through still changes nothing.
 */
export function credentialCases({ file, operations, aimer, strict }: CaseContext): ContractCase[] {
  const cases: ContractCase[] = [];
  const keyed = file.principals.flatMap((principal) => {
    const key = keyOf(principal);
    return key === undefined ? [] : [{ kind: principal.kind, key }];
  });
  const acceptedFormats = new Set<string>();
  for (const operation of operations) {
    if (operation.credentialKinds.size === 0) continue;
    const allowed = file.principals.find(
      (p) => operation.credentialKinds.has(p.kind) && verdict(file, p, operation, tenantOf(file, p)) === 'allowed',
    );
    const resources = allowed ? tenantOf(file, allowed) : firstTenant(file);
    const write = isWrite(operation);
    const variant =
      write && operation.body
        ? 'invalid-body'
        : write && hasChild(operation)
          ? 'missing-child'
          : write
            ? 'missing-target'
            : 'example';
    const request = aimer.aim(operation, resources, variant);
    if ('unaimable' in request) continue;
    const refuse = (rule: string, title: string, authorization: string | undefined) =>
      cases.push({
        group: 'credentials',
        rule,
        title: `${operation.operationId}: ${title}`,
        operation,
        request,
        caller: authorization === undefined ? { none: true } : { authorization },
        expect: { statuses: [401], proves: 'denied' },
        writes: false,
      });
    refuse('credentials.missing', 'no credential', undefined);
    refuse('credentials.empty', 'an empty Authorization header', '');
    refuse('credentials.garbage', 'a garbage Authorization header', 'let-me-in');
    const accepted = keyed.filter((p) => operation.credentialKinds.has(p.kind));
    const wrongKind = keyed.find((p) => !operation.credentialKinds.has(p.kind));
    const sample = accepted[0];
    if (sample) {
      refuse('credentials.bearer', `Bearer-wrapped ${sample.kind}`, `Bearer ${sample.key}`);
      refuse('credentials.forged', `a well-shaped ${sample.kind} no server issued`, forged(sample.key));
      if (strict)
        for (const [name, value] of strictVariants(sample.key)) refuse('credentials.strict-format', name, value);
    }
    if (wrongKind) refuse('credentials.wrong-kind', `a ${wrongKind.kind} (not accepted here)`, wrongKind.key);
    for (const revoked of file.revoked ?? []) {
      if (operation.credentialKinds.has(revoked.kind))
        refuse('credentials.revoked', `a revoked or expired ${revoked.kind}`, revoked.authorization);
    }
    // Logging out without the token is checked in the login-session flow, on a session of its own:
    // here a server that skipped the check would end the session every other case of the user relies on.
    const endsSession = operation.scope === 'user' && variant === 'missing-target';
    if (operation.method !== 'get' && operation.credentialKinds.has('sessionCookie') && !endsSession) {
      const csrf = csrfCase(file, operation, resources, request);
      if (csrf) cases.push(csrf);
    }
    if (!write) cases.push(...acceptedCases({ file, operations, aimer, strict }, operation, acceptedFormats));
  }
  return cases;
}

/** A cookie write without its CSRF token, by a user let through to make it: 403. */
function csrfCase(
  file: CaseContext['file'],
  operation: CompiledOperation,
  resources: Resources,
  request: RequestSpec,
): ContractCase | undefined {
  const user = file.principals.find(
    (p) => p.kind === 'sessionCookie' && verdict(file, p, operation, resources) === 'allowed',
  );
  if (!user) return undefined;
  return {
    group: 'credentials',
    rule: 'credentials.csrf',
    title: `${operation.operationId}: ${user.name}'s cookie without c3d-csrf`,
    operation,
    principal: user.name,
    request,
    caller: { principal: user.name, withoutCsrf: true },
    expect: { statuses: [403], proves: 'denied' },
    writes: false,
  };
}

/**
 * Each documented format, let through once where its grants allow, on a read: the first read that a principal
 * of a format not yet `accepted` may make on its own tenant.
 */
function acceptedCases(
  { file, aimer }: CaseContext,
  operation: CompiledOperation,
  accepted: Set<string>,
): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const principal of file.principals) {
    const format = principal.kind;
    if (accepted.has(format) || !operation.credentialKinds.has(format)) continue;
    const ownResources = tenantOf(file, principal);
    if (verdict(file, principal, operation, ownResources) !== 'allowed') continue;
    const own = aimer.aim(operation, ownResources, 'example');
    if ('unaimable' in own) continue;
    accepted.add(format);
    cases.push({
      group: 'credentials',
      rule: 'credentials.accepted',
      title: `${operation.operationId}: ${format} accepted (${principal.name})`,
      operation,
      principal: principal.name,
      request: own,
      caller: { principal: principal.name },
      expect: { statuses: ['2xx'], proves: 'allowed' },
      writes: false,
    });
  }
  return cases;
}
