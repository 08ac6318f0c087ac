import type { Access } from '../../spec/metadata.ts';
import type { Row, Table } from '../../store/table.ts';
import type { CredentialHooks } from '../credential-hooks.ts';

export const unknownKey = { ok: false, message: 'Unknown or revoked key' } as const;

/** The key row of a secret; undefined for a secret nobody issued. */
export const findKey = (table: Table, secret: string, hooks: CredentialHooks): Row | undefined =>
  hooks.keyRow(table.findUnique('secret', secret), table);

/** A key that was not revoked. */
export const isUsable = (row: Row | undefined, hooks: CredentialHooks): row is Row =>
  row !== undefined && !hooks.keyRevoked(row.record.revoked === true);

/** The access a key's row grants. */
export const keyAccess = (row: Row, hooks: CredentialHooks): Access => hooks.keyAccess(row.record.access as Access);
