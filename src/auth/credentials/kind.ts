import type { components } from '../../generated/api.ts';
import type { Finding } from '../../journal/types.ts';
import type { Access } from '../../spec/metadata.ts';
import type { Store } from '../../store/store.ts';
import type { CredentialHooks } from '../credential-hooks.ts';
import type { Principal } from '../principal.ts';

export interface ResolveContext {
  store: Store;
  now: number;
  hooks: CredentialHooks;
  /** Looks the credential up without marking it used: the docs page choosing which keys to pre-fill. */
  inspectOnly?: boolean;
}

/** A kind's answer for one credential; the registry adds the kind and its cap to the principal. */
export type KindResolution = { ok: true; principal: Omit<Principal, 'kind' | 'cap'> } | { ok: false; message: string };

/**
 * What the mock does with one credential kind. Its name, scheme and wire format are the documents'
 * (`openapi/components/securitySchemes/<kind>.yaml`); its table and what the client needs are in
 * `src/spec/credential-kinds.ts`.
 */
export interface KeyKindModule {
  /** The most the credential may ever use, whatever its grants say. */
  cap: Access;
  /** A check every request other than GET made with this credential must pass; none: no check. */
  csrf?: CsrfCheck;
  /** What the journal warns of every request sent with this credential (a format kept for old keys); none: nothing. */
  warning?: Finding;
  /** Resolves a well-formed credential against the store: 401 material when it is unknown, revoked or expired. */
  resolve(secret: string, context: ResolveContext): KindResolution;
  /** The audit log's actor for this kind's writes, and whether the key's id is logged; none: not logged. */
  audit?: { actor: components['schemas']['AuditLogEntry']['actor']['kind']; keyId: boolean };
}

/** The header a request must repeat the principal's CSRF token in, and the 403's message when it does not. */
export interface CsrfCheck {
  /** Lower case. */
  header: string;
  refusal: string;
}

export interface CookieKindModule extends KeyKindModule {
  /** How the 401 message names the credential (a key kind's hint comes from its format). */
  hint: string;
}
