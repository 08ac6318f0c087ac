export type Key = string | number;
export type JsonRecord = Record<string, unknown>;

/** One stored entity: its API-shaped record (what responses show) and its internal fields (never shown). */
export interface Row<R extends JsonRecord = JsonRecord, I extends JsonRecord = JsonRecord, K extends Key = Key> {
  key: K;
  record: R;
  internal: I;
}

export interface TableDefinition {
  /** The record field holding the primary key. */
  key: string;
  keyType: 'number' | 'string';
  /** Record or internal fields to index for lookups by parent (e.g. `projectId`). */
  parents: string[];
  /** Internal fields to index as unique lookups (e.g. a key's secret). */
  unique?: string[];
  /** The component schema records must satisfy, or undefined for internal-only tables. */
  schema?: string;
}

const fieldOf = (row: Row, field: string): unknown => (field in row.record ? row.record[field] : row.internal[field]);

/**
 * A table: its rows by key, and the indexes its queries scan without: by each parent field and by each
 * unique field. Every write goes through here so the indexes never drift. Rows are plain objects, not the
 * entities of a data library (@mswjs/data costs two more objects and ~15 µs per row, and 0.6 s of every
 * start-up to load): a seed may hold a hundred thousand sessions.
 */
export class Table<R extends JsonRecord = JsonRecord, I extends JsonRecord = JsonRecord, K extends Key = Key> {
  private readonly rows = new Map<Key, Row<R, I, K>>();
  /** By parent field, then by its value: the rows holding it, in insertion order. */
  private readonly parentIndexes = new Map<string, Map<unknown, Set<Row<R, I, K>>>>();
  private readonly uniqueIndexes = new Map<string, Map<unknown, Key>>();
  /** The parent and unique fields: an update that sets none of them leaves the indexes as they are. */
  private readonly indexedFields: readonly string[];
  private highestNumericKey = 0;
  /** How many inserts, updates and deletes the table has seen (tests check that refused requests change nothing). */
  mutations = 0;
  /** Inserts, deletes and re-indexings: changes of which rows a parent's list holds, or of their order. */
  private layoutChanges = 0;
  /** Per field, how many updates have set it. */
  private readonly fieldChanges = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly definition: TableDefinition,
  ) {
    for (const field of definition.parents) this.parentIndexes.set(field, new Map());
    for (const field of definition.unique ?? []) this.uniqueIndexes.set(field, new Map());
    this.indexedFields = [...definition.parents, ...(definition.unique ?? [])];
  }

  get size(): number {
    return this.rows.size;
  }

  /** The row of a key; none for a value no key can be (undefined, null, an object…). */
  get(key: unknown): Row<R, I, K> | undefined {
    return typeof key === 'number' || typeof key === 'string' ? this.rows.get(key) : undefined;
  }

  findUnique(field: string, value: unknown): Row<R, I, K> | undefined {
    const key = this.uniqueIndexes.get(field)?.get(value);
    return key === undefined ? undefined : this.rows.get(key);
  }

  /** Rows whose parent field equals the value, in insertion order. */
  children(field: string, value: unknown): Row<R, I, K>[] {
    const index = this.parentIndexes.get(field);
    if (!index) throw new Error(`${this.name} has no index on ${field}`);
    const rows = index.get(value);
    return rows ? [...rows] : [];
  }

  all(): IterableIterator<Row<R, I, K>> {
    return this.rows.values();
  }

  /**
   * A number that changes whenever a row is inserted, deleted or re-indexed, or an update sets one of
   * `fields`: what is derived from those fields of a parent's rows stays valid while it is unchanged.
   */
  changeStamp(fields: readonly string[]): number {
    let stamp = this.layoutChanges;
    for (const field of fields) stamp += this.fieldChanges.get(field) ?? 0;
    return stamp;
  }

  /** The next free numeric key (one above the highest seen). */
  nextKey(): number {
    return this.highestNumericKey + 1;
  }

  // Casts kept: callers leave out internal fields only where none is required, and the key field holds a K
  // (seeds and `mock.db` check its type first); neither is visible through the generic parameters.
  insert(record: R, internal: I = {} as I): Row<R, I, K> {
    const keyField = this.definition.key;
    const key = (keyField in record ? record[keyField] : internal[keyField]) as K;
    if (key === undefined || key === null) throw new Error(`${this.name}: record has no ${this.definition.key}`);
    for (const [field, index] of this.uniqueIndexes) {
      const value = record[field] ?? internal[field];
      if (value !== undefined && index.has(value)) throw new Error(`${this.name}: ${field} is already taken`);
    }
    // Keys are never empty (0, '') nor taken twice.
    if (!key || this.rows.has(key))
      throw new Error(
        `${this.name}: ${this.definition.key} ${JSON.stringify(key)} is ${key ? 'already taken' : 'empty'}`,
      );
    const row: Row<R, I, K> = { key, record, internal };
    this.mutations++;
    this.layoutChanges++;
    this.rows.set(key, row);
    this.addToIndexes(row);
    if (typeof key === 'number' && key > this.highestNumericKey) this.highestNumericKey = key;
    return row;
  }

  /** Changes a row in place; a row whose indexed fields change is re-indexed (and moves to the end of its parent's list). */
  update(key: Key, change: { record?: Partial<R>; internal?: Partial<I> }): Row<R, I, K> {
    const row = this.rows.get(key);
    if (!row) throw new Error(`${this.name}: no row ${key}`);
    const moves = this.movesIndexes(row, change);
    if (moves) this.removeFromIndexes(row);
    this.mutations++;
    if (moves) this.layoutChanges++;
    this.countFieldChanges(row.record, change.record);
    this.countFieldChanges(row.internal, change.internal);
    Object.assign(row.record, change.record);
    Object.assign(row.internal, change.internal);
    if (moves) this.addToIndexes(row);
    return row;
  }

  delete(key: Key): boolean {
    const row = this.rows.get(key);
    if (!row) return false;
    this.removeFromIndexes(row);
    this.mutations++;
    this.layoutChanges++;
    this.rows.delete(key);
    return true;
  }

  /** Whether a change gives an indexed field a new value, so the row must be re-indexed. */
  private movesIndexes(row: Row<R, I, K>, change: { record?: Partial<R>; internal?: Partial<I> }): boolean {
    for (const field of this.indexedFields) {
      const inRecord = change.record !== undefined && field in change.record;
      if (!inRecord && !(change.internal !== undefined && field in change.internal)) continue;
      const probe: Row = {
        key: row.key,
        record: { ...row.record, ...change.record },
        internal: { ...row.internal, ...change.internal },
      };
      return this.indexedFields.some((indexed) => fieldOf(probe, indexed) !== fieldOf(row, indexed));
    }
    return false;
  }

  /** Counts the fields an update gives a new value (the same value, or the same array or object, is no change). */
  private countFieldChanges(current: JsonRecord, change: JsonRecord | undefined): void {
    for (const field in change) {
      if (change[field] !== current[field]) this.fieldChanges.set(field, (this.fieldChanges.get(field) ?? 0) + 1);
    }
  }

  private addToIndexes(row: Row<R, I, K>): void {
    for (const [field, index] of this.parentIndexes) {
      const value = fieldOf(row, field);
      let rows = index.get(value);
      if (!rows) index.set(value, (rows = new Set()));
      rows.add(row);
    }
    for (const [field, index] of this.uniqueIndexes) {
      const value = fieldOf(row, field);
      if (value !== undefined) index.set(value, row.key);
    }
  }

  private removeFromIndexes(row: Row<R, I, K>): void {
    for (const [field, index] of this.parentIndexes) index.get(fieldOf(row, field))?.delete(row);
    for (const [field, index] of this.uniqueIndexes) {
      const value = fieldOf(row, field);
      if (index.get(value) === row.key) index.delete(value);
    }
  }
}
