import type { Finding } from '../../journal/types.ts';
import type { CookieKind, CredentialKind, KeyKind } from '../../spec/credential-kinds.ts';
import type { Access } from '../../spec/metadata.ts';
import type { Store } from '../../store/store.ts';
import type { CredentialHooks } from '../credential-hooks.ts';
import type { PrincipalResolution } from '../principal.ts';
import { dataKey } from './dataKey.ts';
import { developerKey } from './developerKey.ts';
import { domainKey } from './domainKey.ts';
import type { CookieKindModule, CsrfCheck, KeyKindModule, ResolveContext } from './kind.ts';
import { legacyOrgKey } from './legacyOrgKey.ts';
import type { Credential } from './parse.ts';
import { orgKey } from './orgKey.ts';
import { sessionCookie } from './sessionCookie.ts';

/** Every credential kind of `src/spec/credential-kinds.ts`, with its module: the type requires one for each. */
export const credentialModules: { [K in KeyKind]: KeyKindModule } & { [K in CookieKind]: CookieKindModule } = {
  orgKey,
  legacyOrgKey,
  domainKey,
  sessionCookie,
  developerKey,
  dataKey,
};

/** The most a credential of this kind may ever use: a login session its roles' access, a key never above write. */
export const credentialCap = (kind: CredentialKind): Access => credentialModules[kind].cap;

/** The CSRF check every request other than GET made with this kind must pass; undefined: none. */
export const csrfCheck = (kind: CredentialKind): CsrfCheck | undefined => credentialModules[kind].csrf;

/** What the journal warns of every request sent with this kind; undefined: nothing. */
export const credentialWarning = (kind: CredentialKind): Finding | undefined => credentialModules[kind].warning;

/** Resolves a well-formed credential against the store; 401 material when it is unknown, revoked or expired. */
export function resolvePrincipal(
  store: Store,
  credential: Credential,
  now: number,
  hooks: CredentialHooks,
): PrincipalResolution {
  return resolveAs(credential, { store, now, hooks });
}

/** Resolves a credential with a context of the caller's own (the docs page: no faults, the key left unused). */
export function resolveAs({ kind, secret }: Credential, context: ResolveContext): PrincipalResolution {
  const { cap } = credentialModules[kind];
  const resolved = credentialModules[kind].resolve(secret, context);
  return resolved.ok ? { ok: true, principal: { kind, ...resolved.principal, cap } } : resolved;
}
