import { loginSession, type CredentialKind, type KeyKind } from '../../spec/credential-kinds.ts';

/** A credential as the request presents it; `secret` is the whole header value or the cookie's token. */
export interface Credential {
  kind: CredentialKind;
  secret: string;
}

export type CredentialParse = { ok: true; credential: Credential } | { ok: false; reason: 'missing' | 'malformed' };

const sessionCookieName = loginSession.cookie;
const cookieToken = /^[0-9a-f]{32}$/;

/**
 * Reads the credential of a request, strictly: the `Authorization` header when present (it must match one
 * key format exactly: case, spacing and length), otherwise the login session cookie.
 */
export function parseCredential(
  authorization: string | null,
  cookieHeader: string | null,
  formats: ReadonlyMap<KeyKind, RegExp>,
): CredentialParse {
  if (authorization !== null) {
    for (const [kind, format] of formats) {
      if (format.test(authorization)) return { ok: true, credential: { kind, secret: authorization } };
    }
    return { ok: false, reason: 'malformed' };
  }
  const token = readCookie(cookieHeader, sessionCookieName);
  if (token === undefined) return { ok: false, reason: 'missing' };
  if (!cookieToken.test(token)) return { ok: false, reason: 'malformed' };
  return { ok: true, credential: { kind: 'sessionCookie', secret: token } };
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
