import { fromEntries, recordAt } from '../guards.ts';
import { filled } from './db-fill.ts';
import { fieldOf, select, sortRows, type LooseOrder, type LooseWhere } from './db-query.ts';
import type { Db } from './db-types.ts';
import { splitFlat } from './flat-records.ts';
import { recordCheck, recordSchemaOf, referenceFields, referenceProblem } from './seed.ts';
import { derived, type Store } from './store.ts';
import type { JsonRecord, Row, Table } from './table.ts';
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
  const { schema } = recordSchemaOf(definition.schema);
  const fields = new Set([...Object.keys(recordAt(schema, 'properties') ?? {}), ...definition.internal]);
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

/** A table as the implementation sees it, its record types left out. */
const looseTable = (store: Store, name: TableName): Table => store.tables[name];

/** The scope type of a role assignment whose scope is a record of the table. */
const scopeTypes: Partial<Record<TableName, string>> = {
  domains: 'domain',
  organizations: 'organization',
  projects: 'project',
};

/** A record of any table that refers to this one (by a reference field, or a role assignment's scope), if any. */
function referrerOf(store: Store, name: TableName, row: Row): Referrer | undefined {
  for (const other of tableNames) {
    const table = looseTable(store, other);
    if (table.size === 0) continue;
    for (const [field, target] of referenceFields) {
      if (target !== name || (other === name && field === tableDefinitions[other].key)) continue;
      const referring = tableDefinitions[other].parents.includes(field)
        ? table.children(field, row.key)[0]
        : firstWith(table, field, row.key);
      if (referring) return { table: other, row: referring, field };
    }
  }
  const scopeType = scopeTypes[name];
  const assignment = scopeType && store.tables.roleAssignments.children('scope', `${scopeType}:${row.key}`)[0];
  return assignment ? { table: 'roleAssignments', row: assignment, field: 'scopeId' } : undefined;
}

/** A query as the implementation sees it: the typed API (`DbTable`) checks the fields, this does not. */
interface LooseQuery {
  where?: LooseWhere;
  orderBy?: LooseOrder;
  skip?: number;
  take?: number;
  strict?: boolean;
}
type LooseChange = LooseQuery & { data: JsonRecord };

/** One table's API without its record types: `createTable` implements it once for every table. */
interface LooseDbTable {
  create(record: JsonRecord): JsonRecord;
  createMany(records: readonly JsonRecord[]): JsonRecord[];
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
const tableOf = (context: TableContext) => looseTable(context.store, context.name);

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

/** The key a record is stored under (not checked yet: `check` refuses a record without a valid one). */
const storeKey = ({ definition, derive }: TableContext, flat: JsonRecord): unknown =>
  derive?.(flat)[definition.key] ?? flat[definition.key];

/** A value given to `update` as a function of the field's previous value (and the whole record). */
type Updater = (previous: unknown, record: JsonRecord) => unknown;
const isUpdater = (value: unknown): value is Updater => typeof value === 'function';

/** Per unique field, the values the records of one batch take, and the key of the record taking each. */
type BatchValues = Map<string, Map<unknown, unknown>>;

/** Refuses a record the seed validation would refuse, or whose unique fields another record holds. */
function check(context: TableContext, flat: JsonRecord, key: unknown, batch: BatchValues): void {
  const { store, name, definition, fields } = context;
  for (const field in flat) {
    if (!fields.has(field)) refuse(context, flat, `field ${field} is not a field of ${name}`);
  }
  const has = (target: TableName, key: unknown) => looseTable(store, target).get(key) !== undefined;
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
  const { where } = query;
  const skip = query.skip ?? 0;
  const take = Math.min(query.take ?? Number.POSITIVE_INFINITY, limit ?? Number.POSITIVE_INFINITY);
  if (!query.orderBy) return select(tableOf(context), where, skip + take).slice(skip);
  return sortRows(select(tableOf(context), where), query.orderBy).slice(skip, skip + take);
}

function createRows(context: TableContext, records: readonly JsonRecord[]): JsonRecord[] {
  const { store, name, options, definition, internalFields, derive } = context;
  const current = tableOf(context);
  const now = options.now();
  const keyField = definition.key;
  const givenKeys = new Set(records.map((record) => record[keyField]));
  let next = current.nextKey();
  const flats = records.map((given) => {
    let key = next;
    if (given[keyField] === undefined && definition.keyType === 'number') {
      while (givenKeys.has(key)) key++;
      next = key + 1;
    }
    return filled(name, given, { table: current, projects: looseTable(store, 'projects') }, now, key);
  });
  const batch: BatchValues = new Map();
  const keys = new Set<unknown>();
  for (const flat of flats) {
    const key = storeKey(context, flat);
    if (current.get(key) || keys.has(key))
      refuse(context, flat, `field ${idField(name)} ${JSON.stringify(flat[idField(name)])} is already taken`);
    keys.add(key);
    check(context, flat, key, batch);
  }
  const rows = flats.map((flat) => {
    const { record, internal } = splitFlat(structuredClone(flat), internalFields, true);
    return current.insert(record, derive ? Object.assign(derive(flat), internal) : internal);
  });
  return rows.map((row) => flatOf(context, row));
}

function updateRows(context: TableContext, rows: Row[], data: Record<string, unknown>): JsonRecord[] {
  const { name, internalFields, derive } = context;
  const current = tableOf(context);
  const batch: BatchValues = new Map();
  const changes = rows.map((row) => {
    const previous = flatOf(context, row);
    const next: JsonRecord = { ...previous };
    for (const field in data) {
      const value = data[field];
      const resolved = isUpdater(value) ? value(structuredClone(previous[field]), structuredClone(previous)) : value;
      if (resolved !== undefined) next[field] = structuredClone(resolved);
    }
    if (storeKey(context, next) !== row.key) {
      const changed = [idField(name), 'projectId'].find((field) => next[field] !== previous[field]);
      refuse(context, previous, `field ${changed} cannot change (it makes the record's key)`);
    }
    check(context, next, row.key, batch);
    return { row, next };
  });
  const updated = changes.map(({ row, next }) => {
    const record: JsonRecord = {};
    const internal: JsonRecord = derive ? derive(next) : {};
    for (const field in data) {
      if (next[field] === undefined) continue;
      (internalFields.has(field) ? internal : record)[field] = next[field];
    }
    return current.update(row.key, { record, internal });
  });
  return updated.map((row) => flatOf(context, row));
}

function deleteRows(context: TableContext, rows: Row[]): JsonRecord[] {
  const deleted = rows.map((row) => flatOf(context, row));
  for (const row of rows) {
    const referrer = referrerOf(context.store, context.name, row);
    if (!referrer) continue;
    const id = idField(referrer.table);
    refuse(
      context,
      flatOf(context, row),
      `${referrer.table} (${id} ${JSON.stringify(fieldOf(referrer.row, id))}) refers to it (field ${referrer.field}): delete or change that first`,
    );
  }
  for (const row of rows) tableOf(context).delete(row.key);
  return deleted;
}

/** The answer of a batch of one record (a batch answers one record for each it is given). */
function onlyAnswer(answers: JsonRecord[]): JsonRecord {
  const [answer] = answers;
  if (answer === undefined) throw new Error('mock.db: a batch of one record answered none');
  return answer;
}

function createTable(store: Store, name: TableName, options: DbOptions): LooseDbTable {
  const context = tableContext(store, name, options);
  const copies = (rows: Row[]) => rows.map((row) => flatOf(context, row));
  const api: LooseDbTable = {
    create: (record) => onlyAnswer(createRows(context, [record])),
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
    count: (query) => (query?.where ? select(tableOf(context), query.where).length : tableOf(context).size),
    update: (query) => {
      const [row] = pick(context, query, 1);
      if (!row) return query.strict ? nothingFound(context, 'update', query) : null;
      return onlyAnswer(updateRows(context, [row], query.data));
    },
    updateMany: (query) => {
      const rows = pick(context, query);
      if (rows.length === 0) return query.strict ? nothingFound(context, 'updateMany', query) : null;
      return updateRows(context, rows, query.data);
    },
    delete: (query) => {
      const [row] = pick(context, query, 1);
      if (!row) return query.strict ? nothingFound(context, 'delete', query) : null;
      return onlyAnswer(deleteRows(context, [row]));
    },
    deleteMany: (query) => {
      const rows = pick(context, query);
      if (rows.length === 0) return query.strict ? nothingFound(context, 'deleteMany', query) : null;
      return deleteRows(context, rows);
    },
  };
  return api;
}

/**
 * The typed API over the loose tables. Kept cast: `DbTable<K>` only narrows what each `LooseDbTable` method takes
 * and answers to table K's records, which a mapped type over every table cannot follow.
 */
const typedDb = (tables: Record<TableName, LooseDbTable>): Db => tables as Db;

/**
 * `mock.db`: the model API of @mswjs/data (create, findFirst, findMany, update, delete…) over the store's own
 * tables. Tables are looked up on every call, so the db follows `reset` and `restore`. Every write goes
 * through `Table` (indexes stay right) and is checked as a seed is: a refused one changes nothing.
 */
export function createDb(store: Store, options: DbOptions): Db {
  return typedDb(fromEntries(tableNames.map((name) => [name, createTable(store, name, options)])));
}
