import { filled } from './db-fill.ts';
import { fieldOf, select, sortRows, type LooseOrder, type LooseWhere } from './db-query.ts';
import type { Db, DbTable } from './db-types.ts';
import { splitFlat } from './flat-records.ts';
import { recordCheck, recordSchemaOf, referenceFields, referenceProblem } from './seed.ts';
import { derived, type Store } from './store.ts';
import type { JsonRecord, Key, Row, Table } from './table.ts';
import { tableDefinitions, tableNames, type TableName } from './tables.ts';

/** A `mock.db` call refused: the message names the table, the record and the field; nothing was changed. */
export class DbError extends Error {
  override name = 'DbError';
}

export interface DbOptions {
  /** The mock's clock (epoch ms): `create` stamps `createdAt`/`updatedAt` with it. */
  now: () => number;
}

const derivedFields = (name: TableName): ReadonlySet<string> => new Set(Object.keys(derived[name]?.({}) ?? {}));

/** The field that names a record in messages (a question set's store key is derived from its `id`). */
const idField = (name: TableName) => (name === 'questionSets' ? 'id' : tableDefinitions[name].key);

/** The fields a table's records may have: its schema's, its internal ones (derived and composed ones excepted). */
function storedFields(name: TableName): ReadonlySet<string> {
  const definition = tableDefinitions[name];
  const { schema } = recordSchemaOf(definition.schema!);
  const fields = new Set([...Object.keys((schema.properties ?? {}) as object), ...definition.internal]);
  for (const field of derivedFields(name)) fields.delete(field);
  for (const field of Object.keys(definition.composed ?? {})) fields.delete(field);
  return fields;
}

/** The first row whose (unindexed) field holds the value. */
function firstWith(table: Table, field: string, value: unknown): Row | undefined {
  for (const candidate of table.all()) if (fieldOf(candidate, field) === value) return candidate;
  return undefined;
}

type Referrer = { table: TableName; row: Row; field: string };

/** A record of any table that refers to this one (by a reference field, or a role assignment's scope), if any. */
function referrerOf(store: Store, name: TableName, row: Row): Referrer | undefined {
  for (const other of tableNames) {
    const table = store.tables[other] as Table;
    if (table.size === 0) continue;
    for (const [field, target] of referenceFields) {
      if (target !== name || (other === name && field === tableDefinitions[other].key)) continue;
      const referring = tableDefinitions[other].parents.includes(field)
        ? table.children(field, row.key)[0]
        : firstWith(table, field, row.key);
      if (referring) return { table: other, row: referring, field };
    }
  }
  const scopeType = { domains: 'domain', organizations: 'organization', projects: 'project' }[name as string];
  const assignment = scopeType && store.tables.roleAssignments.children('scope', `${scopeType}:${row.key}`)[0];
  return assignment ? { table: 'roleAssignments', row: assignment, field: 'scopeId' } : undefined;
}

/** A query as the implementation sees it: the typed API (`DbTable`) checks the fields, this does not. */
interface LooseQuery {
  where?: object;
  orderBy?: object;
  skip?: number;
  take?: number;
  strict?: boolean;
}
type LooseChange = LooseQuery & { data: object };

/** One table's API without its record types: `createTable` implements it once for every table. */
interface LooseDbTable {
  create(record: object): JsonRecord;
  createMany(records: readonly object[]): JsonRecord[];
  findFirst(query: LooseQuery): JsonRecord | null;
  findMany(query: LooseQuery): JsonRecord[];
  getAll(): JsonRecord[];
  count(query?: LooseQuery): number;
  update(query: LooseChange): JsonRecord | null;
  updateMany(query: LooseChange): JsonRecord[] | null;
  delete(query: LooseQuery): JsonRecord | null;
  deleteMany(query: LooseQuery): JsonRecord[] | null;
}

/** One table as every operation on it sees it: its definition and field sets, computed once per table. */
interface TableContext {
  store: Store;
  name: TableName;
  options: DbOptions;
  definition: (typeof tableDefinitions)[TableName];
  internalFields: ReadonlySet<string>;
  /** Derived fields: kept with a row, never shown in its flat record. */
  hidden: ReadonlySet<string>;
  fields: ReadonlySet<string>;
  derive: (typeof derived)[TableName];
}

function tableContext(store: Store, name: TableName, options: DbOptions): TableContext {
  const definition = tableDefinitions[name];
  return {
    store,
    name,
    options,
    definition,
    internalFields: new Set<string>(definition.internal),
    hidden: derivedFields(name),
    fields: storedFields(name),
    derive: derived[name],
  };
}

/** The table now (looked up on every call, so the db follows `reset` and `restore`). */
const tableOf = (context: TableContext) => context.store.tables[context.name] as Table;

function refuse({ name }: TableContext, flat: JsonRecord, message: string): never {
  throw new DbError(`${name} (${idField(name)} ${JSON.stringify(flat[idField(name)])}): ${message}`);
}

function nothingFound({ name }: TableContext, operation: string, query: { where?: object }): never {
  throw new DbError(`${name}.${operation}: no record matches ${JSON.stringify(query.where ?? {})}`);
}

/** A row as a plain flat record: a copy, which the caller may change without touching the store. */
function flatOf({ hidden }: TableContext, row: Row): JsonRecord {
  const flat: JsonRecord = { ...row.record };
  for (const field in row.internal) if (!hidden.has(field)) flat[field] = row.internal[field];
  return structuredClone(flat);
}

const storeKey = ({ definition, derive }: TableContext, flat: JsonRecord): Key =>
  (derive?.(flat)[definition.key] ?? flat[definition.key]) as Key;

/** Refuses a record the seed validation would refuse, or whose unique fields another record holds. */
function check(context: TableContext, flat: JsonRecord, key: Key, batch: Map<string, Map<unknown, Key>>): void {
  const { store, name, definition, fields } = context;
  for (const field in flat) {
    if (!fields.has(field)) refuse(context, flat, `field ${field} is not a field of ${name}`);
  }
  const has = (target: TableName, key: unknown) => (store.tables[target] as Table).get(key as Key) !== undefined;
  const problem = recordCheck(name)(flat) ?? referenceProblem(name, flat, has, 'the store');
  if (problem) refuse(context, flat, problem);
  for (const field of definition.unique ?? []) {
    const value = flat[field];
    if (value === undefined) continue;
    const holder = tableOf(context).findUnique(field, value)?.key ?? batch.get(field)?.get(value);
    if (holder !== undefined && holder !== key)
      refuse(
        context,
        flat,
        `field ${field} ${JSON.stringify(value)} is already taken by ${name} ${JSON.stringify(holder)}`,
      );
    let taken = batch.get(field);
    if (!taken) batch.set(field, (taken = new Map()));
    taken.set(value, key);
  }
}

/** The rows a query picks: matching, ordered, then skipped and taken. */
function pick(context: TableContext, query: LooseQuery, limit?: number): Row[] {
  const where = query.where as LooseWhere | undefined;
  const skip = query.skip ?? 0;
  const take = Math.min(query.take ?? Number.POSITIVE_INFINITY, limit ?? Number.POSITIVE_INFINITY);
  if (!query.orderBy) return select(tableOf(context), where, skip + take).slice(skip);
  return sortRows(select(tableOf(context), where), query.orderBy as LooseOrder).slice(skip, skip + take);
}

function createRows(context: TableContext, records: readonly object[]): JsonRecord[] {
  const { store, name, options, definition, internalFields, derive } = context;
  const current = tableOf(context);
  const now = options.now();
  const keyField = definition.key;
  const givenKeys = new Set(records.map((record) => (record as JsonRecord)[keyField]));
  let next = current.nextKey();
  const flats = records.map((given) => {
    let key = next;
    if ((given as JsonRecord)[keyField] === undefined && definition.keyType === 'number') {
      while (givenKeys.has(key)) key++;
      next = key + 1;
    }
    return filled(name, given as JsonRecord, { table: current, projects: store.tables.projects as Table }, now, key);
  });
  const batch = new Map<string, Map<unknown, Key>>();
  const keys = new Set<Key>();
  for (const flat of flats) {
    const key = storeKey(context, flat);
    if (current.get(key) || keys.has(key))
      refuse(context, flat, `field ${idField(name)} ${JSON.stringify(flat[idField(name)])} is already taken`);
    keys.add(key);
    check(context, flat, key, batch);
  }
  for (const flat of flats) {
    const { record, internal } = splitFlat(structuredClone(flat), internalFields, true);
    current.insert(record, derive ? Object.assign(derive(flat), internal) : internal);
  }
  return flats.map((flat) => flatOf(context, current.get(storeKey(context, flat))!));
}

function updateRows(context: TableContext, rows: Row[], data: Record<string, unknown>): JsonRecord[] {
  const { name, internalFields, derive } = context;
  const current = tableOf(context);
  const batch = new Map<string, Map<unknown, Key>>();
  const changes = rows.map((row) => {
    const previous = flatOf(context, row);
    const next: JsonRecord = { ...previous };
    for (const field in data) {
      const value = data[field];
      const resolved =
        typeof value === 'function'
          ? (value as (previous: unknown, record: JsonRecord) => unknown)(
              structuredClone(previous[field]),
              structuredClone(previous),
            )
          : value;
      if (resolved !== undefined) next[field] = structuredClone(resolved);
    }
    if (storeKey(context, next) !== row.key) {
      const changed = [idField(name), 'projectId'].find((field) => next[field] !== previous[field]);
      refuse(context, previous, `field ${changed} cannot change (it makes the record's key)`);
    }
    check(context, next, row.key, batch);
    return { row, next };
  });
  for (const { row, next } of changes) {
    const record: JsonRecord = {};
    const internal: JsonRecord = derive ? derive(next) : {};
    for (const field in data) {
      if (next[field] === undefined) continue;
      (internalFields.has(field) ? internal : record)[field] = next[field];
    }
    current.update(row.key, { record, internal });
  }
  return changes.map(({ row }) => flatOf(context, current.get(row.key)!));
}

function deleteRows(context: TableContext, rows: Row[]): JsonRecord[] {
  const deleted = rows.map((row) => flatOf(context, row));
  rows.forEach((row, index) => {
    const referrer = referrerOf(context.store, context.name, row);
    if (!referrer) return;
    const id = idField(referrer.table);
    refuse(
      context,
      deleted[index]!,
      `${referrer.table} (${id} ${JSON.stringify(fieldOf(referrer.row, id))}) refers to it (field ${referrer.field}): delete or change that first`,
    );
  });
  for (const row of rows) tableOf(context).delete(row.key);
  return deleted;
}

function createTable<K extends TableName>(store: Store, name: K, options: DbOptions): DbTable<K> {
  const context = tableContext(store, name, options);
  const copies = (rows: Row[]) => rows.map((row) => flatOf(context, row));
  const api: LooseDbTable = {
    create: (record) => createRows(context, [record])[0]!,
    createMany: (records) => createRows(context, records),
    findFirst: (query) => {
      const [row] = pick(context, query, 1);
      if (!row && query.strict) nothingFound(context, 'findFirst', query);
      return row ? flatOf(context, row) : null;
    },
    findMany: (query) => {
      const rows = pick(context, query);
      if (rows.length === 0 && query.strict) nothingFound(context, 'findMany', query);
      return copies(rows);
    },
    getAll: () => copies([...tableOf(context).all()]),
    count: (query) =>
      query?.where ? select(tableOf(context), query.where as LooseWhere).length : tableOf(context).size,
    update: (query) => {
      const [row] = pick(context, query, 1);
      if (!row) return query.strict ? nothingFound(context, 'update', query) : null;
      return updateRows(context, [row], query.data as Record<string, unknown>)[0]!;
    },
    updateMany: (query) => {
      const rows = pick(context, query);
      if (rows.length === 0) return query.strict ? nothingFound(context, 'updateMany', query) : null;
      return updateRows(context, rows, query.data as Record<string, unknown>);
    },
    delete: (query) => {
      const [row] = pick(context, query, 1);
      if (!row) return query.strict ? nothingFound(context, 'delete', query) : null;
      return deleteRows(context, [row])[0]!;
    },
    deleteMany: (query) => {
      const rows = pick(context, query);
      if (rows.length === 0) return query.strict ? nothingFound(context, 'deleteMany', query) : null;
      return deleteRows(context, rows);
    },
  };
  return api as unknown as DbTable<K>;
}

/**
 * `mock.db`: the model API of @mswjs/data (create, findFirst, findMany, update, delete…) over the store's own
 * tables. Tables are looked up on every call, so the db follows `reset` and `restore`. Every write goes
 * through `Table` (indexes stay right) and is checked as a seed is: a refused one changes nothing.
 */
export function createDb(store: Store, options: DbOptions): Db {
  const db = {} as Record<TableName, DbTable<TableName>>;
  for (const name of tableNames) db[name] = createTable(store, name, options) as unknown as DbTable<TableName>;
  return db as unknown as Db;
}
