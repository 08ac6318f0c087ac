import { locate } from '../../store/ancestry.ts';
import { grantFor } from '../principal.ts';
import { findKey, isUsable, keyAccess, unknownKey } from './key-rows.ts';
import type { KeyKindModule } from './kind.ts';

/** An organization key: a row of `apiKeys`, granting its organization read or write; each use is recorded. */
export const orgKey: KeyKindModule = {
  cap: 'write',
  audit: { actor: 'orgKey', keyId: true },
  resolve(secret, { store, now, hooks, inspectOnly }) {
    const row = findKey(store.tables.apiKeys, secret, hooks);
    if (!isUsable(row, hooks)) return unknownKey;
    const organizationId = row.internal.organizationId;
    if (organizationId === undefined) return unknownKey;
    const grant = grantFor(store, 'organization', organizationId, keyAccess(row, hooks));
    if (!grant) return unknownKey;
    const home = locate(store, 'organization', organizationId);
    if (!inspectOnly) store.tables.apiKeys.update(row.key, { record: { lastUsedAt: now } });
    const label = `API key ${row.record.name} (${row.record.prefix}…)`;
    return { ok: true, principal: { label, apiKeyId: row.key, grants: [grant], home } };
  },
};
