import { locate } from '../../store/ancestry.ts';
import type { Grant } from '../grants.ts';
import { findKey, unknownKey } from './key-rows.ts';
import type { KeyKindModule } from './kind.ts';

/**
 * An application (data) key: a row of `dataKeys`, writing its one project while `valid`. What the SDKs send
 * with it is telemetry, not an administrative change: it is not audited.
 */
export const dataKey: KeyKindModule = {
  cap: 'write',
  resolve(secret, { store, hooks }) {
    const row = findKey(store.tables.dataKeys, secret, hooks);
    if (row?.record.valid !== true) return unknownKey;
    const home = locate(store, 'project', row.record.projectId);
    if (!home) return unknownKey;
    const grant: Grant = { level: 'project', id: home.chain.projectId, access: 'write', chain: home.chain };
    return { ok: true, principal: { label: `application key of project ${grant.id}`, grants: [grant], home } };
  },
};
