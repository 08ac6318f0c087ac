import { fail } from '../../http/errors.ts';
import type { JsonRecord, Key, Row, Table } from '../../store/table.ts';

/** The project a row belongs to: its record's `projectId`, or the internal one where the record has none (media). */
export const projectOf = (row: Row): unknown => row.record.projectId ?? row.internal.projectId;

/** The row with this id when it belongs to the project; otherwise 404, as if another project's ids did not exist. */
export function findInProject<R extends JsonRecord, I extends JsonRecord, K extends Key>(
  table: Table<R, I, K>,
  id: Key,
  projectId: Key,
): Row<R, I, K> {
  const row = table.get(id);
  if (!row || projectOf(row) !== projectId) return fail(404, 'Not found');
  return row;
}

/** The rows of a table that belong to the project, by id (the parent index reorders rows as they are updated). */
export const inProject = <R extends JsonRecord, I extends JsonRecord, K extends Key>(
  table: Table<R, I, K>,
  projectId: Key,
): Row<R, I, K>[] =>
  table.children('projectId', projectId).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
