/**
 * The credential kinds a client can present, each as the dashboard shows the key. The client adds the
 * scheme word each kind needs: an `orgkey-…` value goes alone, the others after `APIKEY:<KIND> `.
 */
export type ClientCredential =
  | { orgKey: string }
  | { legacyOrgKey: string }
  | { domainKey: string }
  | { developerKey: string }
  | { dataKey: string }
  /** A login session (`POST /sessions`): `csrf` from its answer; `cookie` is the `c3d_session_v5` token, needed where fetch keeps no cookies (Node). */
  | { session: { csrf: string; cookie?: string } };

const keyPrefixes = {
  orgKey: '',
  legacyOrgKey: 'APIKEY:ORGANIZATION ',
  domainKey: 'APIKEY:DOMAIN ',
  developerKey: 'APIKEY:DEVELOPER ',
  dataKey: 'APIKEY:DATA ',
} as const;

/** The headers that present `credential` on a request with this method. */
export function credentialHeaders(credential: ClientCredential, method: string): Record<string, string> {
  if ('session' in credential) {
    const { csrf, cookie } = credential.session;
    return {
      ...(cookie ? { cookie: `c3d_session_v5=${cookie}` } : {}),
      ...(method.toUpperCase() === 'GET' ? {} : { 'c3d-csrf': csrf }),
    };
  }
  const kind = Object.keys(credential)[0] as keyof typeof keyPrefixes;
  return { authorization: `${keyPrefixes[kind]}${(credential as Record<string, string>)[kind]}` };
}
