import { ruleKeepingCredentialHooks } from '../auth/credential-hooks.ts';
import { resolveAs } from '../auth/credentials/registry.ts';
import { accessRank } from '../spec/access.ts';
import { credentialKinds, keyFormats, keyKindNames, type KeyKind } from '../spec/credential-kinds.ts';
import { documentNames } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';
import type { Access } from '../spec/metadata.ts';
import type { Store } from '../store/store.ts';

/** The `Authorization` value pre-filled for each key scheme of the documents. */
export type PrefilledCredentials = Partial<Record<KeyKind, string>>;

const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));
const keyTables = [...new Set(keyKindNames.map((kind) => credentialKinds[kind].table))];

/** The secrets of every key the store holds now: taken at start, they tell the seeded keys from keys created later. */
export function keySecrets(store: Store): Set<string> {
  const secrets = new Set<string>();
  for (const table of keyTables)
    for (const { internal } of store.tables[table].all())
      if (internal.secret !== undefined) secrets.add(internal.secret);
  return secrets;
}

/** The most a key gives now, resolved as the mock resolves it (without marking it used); undefined when refused. */
function accessOf(kind: KeyKind, secret: string, store: Store, now: number): Access | undefined {
  const resolved = resolveAs({ kind, secret }, { store, now, hooks: ruleKeepingCredentialHooks, inspectOnly: true });
  if (!resolved.ok) return undefined;
  return resolved.principal.grants
    .map((grant) => grant.access)
    .reduce<Access | undefined>(
      (best, access) => (!best || accessRank[access] > accessRank[best] ? access : best),
      undefined,
    );
}

/**
 * For each key scheme, a key of the seed that the mock accepts now, of the most capable principal of
 * that kind (the highest access; the first in id order among equals). Keys created after the start are
 * never offered: their secret was answered once, to their creator. A kind without such a key is left out.
 */
export function prefilledCredentials(store: Store, seeded: ReadonlySet<string>, now: number): PrefilledCredentials {
  const best = new Map<KeyKind, { secret: string; access: Access }>();
  for (const table of keyTables) {
    for (const row of store.tables[table].all()) {
      const { secret } = row.internal;
      if (secret === undefined || !seeded.has(secret)) continue;
      const kind = [...formats].find(([, format]) => format.test(secret))?.[0];
      const access = kind && accessOf(kind, secret, store, now);
      if (!kind || !access) continue;
      const current = best.get(kind);
      if (!current || accessRank[access] > accessRank[current.access]) best.set(kind, { secret, access });
    }
  }
  return Object.fromEntries([...best].map(([kind, candidate]) => [kind, candidate.secret]));
}
