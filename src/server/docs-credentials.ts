import { keyFormats } from '../auth/formats.ts';
import { userGrants } from '../auth/principal.ts';
import { decide } from '../auth/policy.ts';
import { accessRank, type KeyKind } from '../spec/access.ts';
import { documentNames } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';
import type { Access } from '../spec/metadata.ts';
import { locate } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';

/** The `Authorization` value pre-filled for each key scheme of the documents. */
export type PrefilledCredentials = Partial<Record<KeyKind, string>>;

interface Candidate {
  secret: string;
  /** What the key may do at most: the access it grants (a developer key: its user's, capped at write). */
  access: Access;
}

const keyTables = ['apiKeys', 'domainKeys', 'developerKeys', 'dataKeys'] as const;
const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));

/** The secrets of every key the store holds now: taken at start, they tell the seeded keys from keys created later. */
export function keySecrets(store: Store): Set<string> {
  const secrets = new Set<string>();
  for (const table of keyTables)
    for (const row of store.tables[table].all()) secrets.add(row.internal.secret as string);
  return secrets;
}

/** The keys that would be accepted now, with the access each gives. */
function* usableKeys(store: Store, now: number): Generator<Candidate> {
  const { tables } = store;
  const secret = (row: { internal: Record<string, unknown> }) => row.internal.secret as string;
  for (const row of tables.apiKeys.all()) {
    if (row.record.revoked !== true && locate(store, 'organization', row.internal.organizationId))
      yield { secret: secret(row), access: row.record.access as Access };
  }
  for (const row of tables.domainKeys.all()) {
    if (row.record.revoked !== true && locate(store, 'domain', row.record.domainId))
      yield { secret: secret(row), access: row.record.access as Access };
  }
  for (const row of tables.developerKeys.all()) {
    const home = locate(store, 'project', row.record.projectId);
    if ((row.record.expiresAt as number) <= now || !home) continue;
    const decision = decide({
      scope: 'project',
      access: 'read',
      grants: userGrants(store, row.record.userId as number, new Set()),
      cap: 'write',
      target: home,
    });
    if (decision.allow && decision.access) yield { secret: secret(row), access: decision.access };
  }
  for (const row of tables.dataKeys.all()) {
    if (row.record.valid === true && locate(store, 'project', row.record.projectId))
      yield { secret: secret(row), access: 'write' };
  }
}

/**
 * For each key scheme, a key of the seed that the mock accepts now, of the most capable principal of
 * that kind (the highest access; the first in id order among equals). Keys created after the start are
 * never offered: their secret was answered once, to their creator. A kind without such a key is left out.
 */
export function prefilledCredentials(store: Store, seeded: ReadonlySet<string>, now: number): PrefilledCredentials {
  const best = new Map<KeyKind, Candidate>();
  for (const candidate of usableKeys(store, now)) {
    if (!seeded.has(candidate.secret)) continue;
    const kind = [...formats].find(([, format]) => format.test(candidate.secret))?.[0];
    if (!kind) continue;
    const current = best.get(kind);
    if (!current || accessRank[candidate.access] > accessRank[current.access]) best.set(kind, candidate);
  }
  return Object.fromEntries([...best].map(([kind, candidate]) => [kind, candidate.secret]));
}
