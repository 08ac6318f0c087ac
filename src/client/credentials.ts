import { isOneOf } from '../guards.ts';
import { credentialKinds, keyKindNames, loginSession, type KeyKind } from '../spec/credential-kinds.ts';

/** One option per key kind, named after it (`{ orgKey }`, `{ dataKey }`, …), holding the key as the dashboard shows it. */
type KeyCredential = { [K in KeyKind]: { [Option in K]: string } }[KeyKind];

/**
 * The credential kinds a client can present, each as the dashboard shows the key. The client adds the
 * scheme word each kind needs: an `orgkey-…` value goes alone, the others after `APIKEY:<KIND> `.
 */
export type ClientCredential =
  | KeyCredential
  /** A login session (`POST /sessions`): `csrf` from its answer; `cookie` is the `c3d_session_v5` token, needed where fetch keeps no cookies (Node). */
  | { session: { csrf: string; cookie?: string } };

/** The headers that present `credential` on a request with this method. */
export function credentialHeaders(credential: ClientCredential, method: string): Record<string, string> {
  if ('session' in credential) {
    const { csrf, cookie } = credential.session;
    return {
      ...(cookie ? { cookie: `${loginSession.cookie}=${cookie}` } : {}),
      ...(method.toUpperCase() === 'GET' ? {} : { [loginSession.csrfHeader]: csrf }),
    };
  }
  const [entry] = Object.entries(credential);
  if (!entry || !isOneOf(keyKindNames, entry[0])) throw new TypeError('A credential names one key kind');
  const [kind, key] = entry;
  return { authorization: `${credentialKinds[kind].schemeWord}${key}` };
}
