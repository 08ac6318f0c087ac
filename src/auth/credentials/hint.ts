import { fromEntries, isOneOf } from '../../guards.ts';
import { credentialKindNames, keyKindNames, type CredentialKind, type KeyKind } from '../../spec/credential-kinds.ts';
import { credentialModules } from './registry.ts';

/**
 * How the 401 message names a key format, never a secret: the scheme's `x-c3d-format` with its anchors
 * dropped and the secret's digits shown as `<key>` (`^APIKEY:DATA [0-9a-f]{32}$` → `Authorization: APIKEY:DATA <key>`).
 */
export const keyFormatHint = (format: RegExp): string =>
  `Authorization: ${format.source.replace(/^\^|\$$/g, '').replace(/\[[^\]]*\]\{\d+\}/, '<key>')}`;

/** Each kind's name in the 401 message: a key kind's from its format, the login cookie's its own. */
export function credentialHints(formats: ReadonlyMap<KeyKind, RegExp>): Record<CredentialKind, string> {
  const hintOf = (kind: CredentialKind): string => {
    const module = credentialModules[kind];
    if ('hint' in module) return module.hint;
    const format = isOneOf(keyKindNames, kind) ? formats.get(kind) : undefined;
    return format ? keyFormatHint(format) : kind;
  };
  return fromEntries(credentialKindNames.map((kind) => [kind, hintOf(kind)] as const));
}
