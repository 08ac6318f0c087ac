import type { Access } from '../../spec/metadata.ts';
import type { JsonRecord, Key, Row, Table } from '../../store/table.ts';
import type { CredentialHooks } from '../credential-hooks.ts';

export const unknownKey = { ok: false, message: 'Unknown or revoked key' } as const;

/** The key row of a secret; undefined for a secret nobody issued. */
export const findKey = <R extends JsonRecord, I extends JsonRecord, K extends Key>(
  table: Table<R, I, K>,
  secret: string,
  hooks: CredentialHooks,
): Row<R, I, K> | undefined => hooks.keyRow(table.findUnique('secret', secret), table);

/** A key that was not revoked. */
export const isUsable = <T extends Row<{ revoked?: boolean }>>(row: T | undefined, hooks: CredentialHooks): row is T =>
  row !== undefined && !hooks.keyRevoked(row.record.revoked === true);

/** The access a key's row grants. */
export const keyAccess = (row: Row<{ access: Access }>, hooks: CredentialHooks): Access =>
  hooks.keyAccess(row.record.access);
