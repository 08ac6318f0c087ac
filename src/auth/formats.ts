import type { OpenAPI3 } from 'openapi-typescript';
import type { KeyKind } from '../spec/access.ts';

/** Each key kind's exact wire format, read from its security scheme's `x-c3d-format`. */
export function keyFormats(docs: OpenAPI3[]): Map<KeyKind, RegExp> {
  const formats = new Map<KeyKind, RegExp>();
  for (const doc of docs) {
    for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
      const format = (scheme as Record<string, unknown>)['x-c3d-format'];
      if (typeof format === 'string') formats.set(name as KeyKind, new RegExp(format));
    }
  }
  return formats;
}

/** The wire formats an operation accepts, for the 401 message: never the secret itself. */
export const formatHints: Record<string, string> = {
  orgKey: 'Authorization: orgkey-<key>',
  legacyOrgKey: 'Authorization: APIKEY:ORGANIZATION <key>',
  domainKey: 'Authorization: APIKEY:DOMAIN <key>',
  sessionCookie: 'the c3d_session_v5 cookie (log in with POST /v0/sessions)',
  developerKey: 'Authorization: APIKEY:DEVELOPER <key>',
  dataKey: 'Authorization: APIKEY:DATA <key>',
};
