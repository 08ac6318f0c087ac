import { locate } from '../../store/ancestry.ts';
import { grantFor } from '../principal.ts';
import { findKey, isUsable, keyAccess, unknownKey } from './key-rows.ts';
import type { KeyKindModule } from './kind.ts';

/** A domain key: a row of `domainKeys`, granting its domain (and every organization in it) read or write. */
export const domainKey: KeyKindModule = {
  cap: 'write',
  audit: { actor: 'domainKey', keyId: true },
  resolve(secret, { store, hooks }) {
    const row = findKey(store.tables.domainKeys, secret, hooks);
    if (!isUsable(row, hooks)) return unknownKey;
    const grant = grantFor(store, 'domain', row.record.domainId, keyAccess(row, hooks));
    if (!grant) return unknownKey;
    return {
      ok: true,
      principal: {
        label: `domain key ${row.record.name}`,
        apiKeyId: row.key,
        grants: [grant],
        home: locate(store, 'domain', grant.id),
      },
    };
  },
};
