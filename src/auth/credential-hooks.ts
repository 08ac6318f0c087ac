import type { KeyKind } from '../spec/credential-kinds.ts';
import type { Access } from '../spec/metadata.ts';
import type { JsonRecord, Key, Row, Table } from '../store/table.ts';
import type { roleAccess } from './grants.ts';

/** Where a fault may bend the credential rules; each hook takes what the rules give and returns what is used. */
export interface CredentialHooks {
  /** The key formats `Authorization` is parsed against. */
  keyFormats(formats: ReadonlyMap<KeyKind, RegExp>): ReadonlyMap<KeyKind, RegExp>;
  /** The `Authorization` header as sent. */
  authorization(header: string): string;
  /** The row a key secret names in its table (undefined: nobody issued it). */
  keyRow<R extends JsonRecord, I extends JsonRecord, K extends Key>(
    row: Row<R, I, K> | undefined,
    table: Table<R, I, K>,
  ): Row<R, I, K> | undefined;
  /** Whether a key's row is revoked. */
  keyRevoked(revoked: boolean): boolean;
  /** The access a key's row gives. */
  keyAccess(access: Access): Access;
  /** The access a role gives. */
  roleAccess(access: Access, role: keyof typeof roleAccess): Access;
}

export const ruleKeepingCredentialHooks: CredentialHooks = {
  keyFormats: (formats) => formats,
  authorization: (header) => header,
  keyRow: (row) => row,
  keyRevoked: (revoked) => revoked,
  keyAccess: (access) => access,
  roleAccess: (access) => access,
};
