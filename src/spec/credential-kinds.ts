import type { OpenAPI3 } from 'openapi-typescript';
import { isOneOf, keysOf, stringAt } from '../guards.ts';

/**
 * The credential kinds, each a security scheme of the documents by the same name. A key kind is sent as the
 * whole `Authorization` value, in the exact format of its scheme's `x-c3d-format`; the login session travels
 * in a cookie, and its writes repeat the CSRF token in a header (the `csrfHeader` scheme, which is not a kind).
 * Only data is here, so the typed client, the Postman export and the contract suite import no store: how the
 * mock resolves each kind is in `src/auth/credentials/`.
 */
export const credentialKinds = {
  /**
   * `table`: the store table a key kind's rows live in, each row's `secret` the whole `Authorization` value.
   * `schemeWord`: what the typed client puts before the key as the dashboard shows it.
   */
  orgKey: { carrier: 'authorization', table: 'apiKeys', schemeWord: '' },
  legacyOrgKey: { carrier: 'authorization', table: 'apiKeys', schemeWord: 'APIKEY:ORGANIZATION ' },
  domainKey: { carrier: 'authorization', table: 'domainKeys', schemeWord: 'APIKEY:DOMAIN ' },
  sessionCookie: { carrier: 'cookie', cookie: 'c3d_session_v5', csrfHeader: 'c3d-csrf' },
  developerKey: { carrier: 'authorization', table: 'developerKeys', schemeWord: 'APIKEY:DEVELOPER ' },
  dataKey: { carrier: 'authorization', table: 'dataKeys', schemeWord: 'APIKEY:DATA ' },
} as const;

export type CredentialKind = keyof typeof credentialKinds;

/** The credential kinds sent in `Authorization` (every kind but the login cookie). */
export type KeyKind = {
  [K in CredentialKind]: (typeof credentialKinds)[K]['carrier'] extends 'authorization' ? K : never;
}[CredentialKind];

/** The login cookie's kind. */
export type CookieKind = Exclude<CredentialKind, KeyKind>;

export const credentialKindNames = keysOf(credentialKinds);

export const keyKindNames = credentialKindNames.filter(
  (kind): kind is KeyKind => credentialKinds[kind].carrier === 'authorization',
);

export const isCredentialKind = (name: string): name is CredentialKind => Object.hasOwn(credentialKinds, name);

/** The store tables keys live in. */
export type KeyTable = (typeof credentialKinds)[KeyKind]['table'];

/** The login session's cookie and the header its writes repeat the CSRF token in. */
export const loginSession = credentialKinds.sessionCookie;

/** Each key kind's exact wire format, read from its security scheme's `x-c3d-format`. */
export function keyFormats(docs: OpenAPI3[]): Map<KeyKind, RegExp> {
  const formats = new Map<KeyKind, RegExp>();
  for (const doc of docs) {
    for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
      const format = stringAt(scheme, 'x-c3d-format');
      if (format !== undefined && isOneOf(keyKindNames, name)) formats.set(name, new RegExp(format));
    }
  }
  return formats;
}
