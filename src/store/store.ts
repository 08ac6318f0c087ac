import { factory } from '@mswjs/data';
import { modelOf, Table, type JsonRecord, type Key, type Row } from './table.ts';
import { tableDefinitions, tableNames, type TableName } from './tables.ts';

/** A seed or snapshot: each table's records as flat objects (record and internal fields together). */
export type SeedData = Partial<Record<TableName, JsonRecord[]>>;

export type Tables = { [K in TableName]: Table };

/** Internal fields the store derives from a record, so seeds never carry them. */
const derived: Partial<Record<TableName, (flat: JsonRecord) => JsonRecord>> = {
  roleAssignments: (r) => ({ scope: `${r.scopeType}:${r.scopeId}` }),
  questionSets: (r) => ({ key: `${r.projectId}/${r.id}` }),
  exitPollResponses: (r) => ({ questionSetKey: `${r.projectId}/${r.questionSetId}` }),
};

/**
 * The mock's whole state: one @mswjs/data database with a table per entity, indexed by key, parent and
 * unique fields. Built from a seed; reset to it, snapshot and restore the whole state.
 */
export class Store {
  tables!: Tables;
  /** The seed as JSON text: a fraction of the memory of the parsed records, parsed again on reset. */
  private readonly initial: string;

  constructor(seed: SeedData) {
    this.initial = JSON.stringify(seed);
    this.load(JSON.parse(this.initial) as SeedData);
  }

  /** Every insert, update and delete since the store was (re)loaded. */
  mutations(): number {
    let total = 0;
    for (const name of tableNames) total += this.tables[name].mutations;
    return total;
  }

  /** Back to the seed the store was built with. */
  reset(): void {
    this.load(JSON.parse(this.initial) as SeedData);
  }

  /** The whole state, in the seed format (JSON-serialisable). */
  snapshot(): SeedData {
    const data: SeedData = {};
    for (const name of tableNames) {
      const skip = new Set(Object.keys(derived[name]?.({}) ?? {}));
      data[name] = [...this.tables[name].all()].map((row) => {
        const flat: JsonRecord = { ...row.record };
        for (const [field, value] of Object.entries(row.internal)) if (!skip.has(field)) flat[field] = value;
        return structuredClone(flat);
      });
    }
    return data;
  }

  /** Replaces the whole state with a snapshot (copied: the caller keeps its object). */
  restore(snapshot: SeedData): void {
    this.load(JSON.parse(JSON.stringify(snapshot)) as SeedData);
  }

  /** Builds the tables from seed records it may keep: callers hand it a fresh copy. */
  private load(seed: SeedData): void {
    const db = factory(Object.fromEntries(tableNames.map((name) => [name, modelOf(tableDefinitions[name])])) as never) as Record<
      TableName,
      ConstructorParameters<typeof Table>[2]
    >;
    const tables = {} as Tables;
    for (const name of tableNames) {
      const definition = tableDefinitions[name];
      const table = new Table(name, definition, db[name]);
      const internalFields = new Set<string>(definition.internal);
      for (const flat of seed[name] ?? []) {
        const record: JsonRecord = {};
        const internal: JsonRecord = { ...derived[name]?.(flat) };
        for (const [field, value] of Object.entries(flat)) {
          if (internalFields.has(field)) internal[field] = value;
          else record[field] = value;
        }
        table.insert(record, internal);
      }
      tables[name] = table;
    }
    this.tables = tables;
  }
}

export type { Key, Row };
