import type { JsonRecord, Key, Row, Table } from '../../store/table.ts';

/**
 * The row a stored reference names where no operation can remove it while the reference lives (the user of a
 * live login session or developer key, the remote variable of a configuration). A missing one is a broken store, not a
 * request error.
 */
export function referencedRow<R extends JsonRecord, I extends JsonRecord, K extends Key>(
  table: Table<R, I, K>,
  key: Key | undefined,
): Row<R, I, K> {
  const row = table.get(key);
  if (row === undefined) throw new Error(`${table.name} ${key} is referenced but not stored`);
  return row;
}
