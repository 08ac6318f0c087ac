import type { components } from '../generated/api.ts';
import { splitFlat } from './flat-records.ts';
import { takeOfferedSeed, textSource, type SeedSource } from './seed-source.ts';
import { Table, type JsonRecord, type Key, type Row } from './table.ts';
import type {
  InternalFields,
  StoredDataKey,
  StoredDeveloperKey,
  StoredDomainKey,
  StoredLoginSession,
  StoredRoleAssignment,
} from './internal-schemas.ts';
import { tableDefinitions, tableNames, type TableKey, type TableName } from './tables.ts';
import { shiftSeed } from './time-shift.ts';

type Schemas = components['schemas'];
/** `Omit` that keeps the named fields of a type with an index signature (`Omit` keeps only the signature). */
type Without<T, K extends PropertyKey> = { [P in keyof T as Exclude<P, K>]: T[P] };

/** A seed or snapshot: each table's records as flat objects (record and internal fields together). */
export type SeedData = Partial<Record<TableName, JsonRecord[]>>;

/** The record type of each table: its schema's generated type (the internal-only tables' in internal-schemas.ts). */
interface TypedRecords {
  domains: Schemas['Domain'];
  organizations: Schemas['Organization'];
  projects: Schemas['Project'];
  // `versions` is composed from the scene versions when a scene is answered (`composed` in tables.ts).
  scenes: Without<Schemas['Scene'], 'versions'>;
  sceneVersions: Schemas['SceneVersion'];
  // `roles` is composed from the role assignments when an account is answered (`composed` in tables.ts).
  users: Without<Schemas['Account'], 'roles'>;
  roleAssignments: StoredRoleAssignment;
  apiKeys: Schemas['ApiKey'];
  domainKeys: StoredDomainKey;
  developerKeys: StoredDeveloperKey;
  dataKeys: StoredDataKey;
  loginSessions: StoredLoginSession;
  sessions: Schemas['Session'];
  dynamicObjects: Schemas['DynamicObject'];
  objectives: Schemas['Objective'];
  questionSets: Schemas['QuestionSet'];
  exitPollResponses: Schemas['ExitPollResponse'];
  media: Schemas['Media'];
  pointsOfInterest: Schemas['PointOfInterest'];
  sessionTags: Schemas['SessionTag'];
  remoteVariables: Schemas['RemoteVariable'];
  remoteConfigurations: Schemas['RemoteConfiguration'];
  abTests: Schemas['ABTest'];
  widgets: Schemas['Widget'];
  dashboards: Schemas['Dashboard'];
  reviews: Schemas['Review'];
  connections: Schemas['Connection'];
  auditLog: Schemas['AuditLogEntry'];
}
export type TableRecord<K extends TableName> = TypedRecords[K];
/** A table's internal fields (none for most). */
export type TableInternal<K extends TableName> = K extends keyof InternalFields
  ? InternalFields[K]
  : Record<string, never>;
/** A row of a table, typed by its record, internal fields and key. */
export type TableRow<K extends TableName> = Row<TableRecord<K>, TableInternal<K>, TableKey<K>>;

export type Tables = { [K in TableName]: Table<TableRecord<K>, TableInternal<K>, TableKey<K>> };

/** Internal fields the store derives from a record, so seeds never carry them (nor `mock.db` callers). */
export const derived: Partial<Record<TableName, (flat: JsonRecord) => JsonRecord>> = {
  roleAssignments: (r) => ({ scope: `${r.scopeType}:${r.scopeId}` }),
  questionSets: (r) => ({ key: `${r.projectId}/${r.id}` }),
  exitPollResponses: (r) => ({ questionSetKey: `${r.projectId}/${r.questionSetId}` }),
};

/**
 * The mock's whole state: a table per entity, indexed by key, parent and unique fields. Built from a seed;
 * reset to it, snapshot and restore the whole state.
 */
export class Store {
  tables!: Tables;
  /** The seed, parsed again on reset: its JSON text, a fraction of the memory of the records. */
  private readonly initial: SeedSource;
  /** How far the seed's dates are moved (ms), on every load of it; snapshots restored are taken as they are. */
  readonly seedShiftMs: number;

  /**
   * A seed offered by its reader (a seed file) is kept as it is; any other is copied, so the caller keeps its object.
   * Every date of the seed is moved by `seedShiftMs`.
   */
  constructor(seed: SeedData, options: { seedShiftMs?: number } = {}) {
    this.seedShiftMs = options.seedShiftMs ?? 0;
    const offered = takeOfferedSeed(seed);
    if (offered) {
      this.initial = offered;
      this.loadSeed(seed);
    } else {
      const text = JSON.stringify(seed);
      this.initial = textSource(text);
      const copy: SeedData = JSON.parse(text);
      this.loadSeed(copy);
    }
  }

  /** Every insert, update and delete since the store was (re)loaded. */
  mutations(): number {
    let total = 0;
    for (const name of tableNames) total += this.tables[name].mutations;
    return total;
  }

  /** Back to the seed the store was built with. */
  reset(): void {
    this.loadSeed(this.initial.parse());
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
    const copy: SeedData = JSON.parse(JSON.stringify(snapshot));
    this.load(copy);
  }

  private loadSeed(seed: SeedData): void {
    shiftSeed(seed, this.seedShiftMs);
    this.load(seed);
  }

  /** Builds the tables from seed records it keeps (and takes apart): callers hand it a fresh copy. */
  private load(seed: SeedData): void {
    const tables: Partial<Record<TableName, Table>> = {};
    for (const name of tableNames) {
      const definition = tableDefinitions[name];
      const table = new Table(name, definition);
      const internalFields = new Set<string>(definition.internal);
      const derive = derived[name];
      for (const flat of seed[name] ?? []) {
        const derivedFields = derive?.(flat);
        const { record, internal } = splitFlat(flat, internalFields, true);
        table.insert(record, derivedFields ? Object.assign(derivedFields, internal) : internal);
      }
      tables[name] = table;
    }
    // Cast kept: every table is there, and each one's records were checked against its schema by the seed
    // validation; the mapped type of the tables cannot follow a loop over their names.
    this.tables = tables as Tables;
  }
}

export type { Key, Row };
