import type { components } from '../generated/api.ts';
import type { TableInternal, TableRecord } from './store.ts';
import type { TableName } from './tables.ts';

/** A record type without its index signature (`additionalProperties: true`): only the fields the schema names. */
type Schemas = components['schemas'];

/** A record type without its index signature (`additionalProperties: true`): only the fields the schema names. */
type KnownFields<T> = { [F in keyof T as string extends F ? never : number extends F ? never : F]: T[F] };

/** Internal fields the store derives from a record (`derived` in store.ts): never given, never shown. */
type DerivedField = 'scope' | 'key' | 'questionSetKey';

/** Internal fields a principal's resolution needs (`seed.ts` requires them), optional in a seed's types. */
interface RequiredInternal {
  apiKeys: { organizationId: number; secret: string };
  domainKeys: { secret: string };
  developerKeys: { secret: string };
  dataKeys: { secret: string };
  media: { projectId: number };
}

/**
 * The tables whose record type leaves out a composed field: `Omit` over a type with an index signature keeps
 * only the signature, so their fields are taken from the schema here, then the composed field left out.
 */
interface ComposedRecords {
  users: Omit<KnownFields<Schemas['Account']>, 'roles'>;
  scenes: Omit<KnownFields<Schemas['Scene']>, 'versions'>;
}
type ApiFieldsOf<K extends TableName> = K extends keyof ComposedRecords
  ? ComposedRecords[K]
  : KnownFields<TableRecord<K>>;

type InternalOf<K extends TableName> = Omit<KnownFields<TableInternal<K>>, DerivedField> &
  (K extends keyof RequiredInternal ? RequiredInternal[K] : unknown);

/**
 * A table's record as `mock.db` takes and returns it: flat, its API fields and internal fields side by side
 * (as in a seed), and only the fields its schemas name (the documents allow more; the db does not).
 */
export type DbRecord<K extends TableName> = ApiFieldsOf<K> & InternalOf<K>;

/**
 * The fields naming another record (`projectId`, `scopeId`, `remoteVariableId`…): `create` never invents them, so
 * those the schema requires must be given. The ids it makes itself (a session's `sessionId`, a media's `uploadId`,
 * a dynamic object's `sdkId`) are not among them.
 */
type ChosenId<K extends TableName> = Exclude<
  Extract<keyof DbRecord<K>, `${string}Id`>,
  'uploadId' | 'sdkId' | (K extends 'sessions' ? 'sessionId' : never)
>;

/** What `create` takes: every field optional (it fills ids, timestamps and required fields) but the references. */
export type DbCreate<K extends TableName> = Partial<Omit<DbRecord<K>, ChosenId<K>>> & Pick<DbRecord<K>, ChosenId<K>>;

/** What `update` takes: each field a new value, or a function of the previous value (and the whole record). */
export type DbUpdate<K extends TableName> = {
  [F in keyof DbRecord<K>]?: DbRecord<K>[F] | ((previous: DbRecord<K>[F], record: DbRecord<K>) => DbRecord<K>[F]);
};

type Element<T> = T extends readonly (infer E)[] ? E : never;

/** The operators of one field, by its type (as @mswjs/data's string, number, boolean and date queries). */
export type FieldQuery<T> = unknown extends T
  ? LooseQuery
  : {
      equals?: T;
      notEquals?: T;
      in?: readonly T[];
      notIn?: readonly T[];
    } & (NonNullable<T> extends number | string
      ? {
          gt?: NonNullable<T>;
          gte?: NonNullable<T>;
          lt?: NonNullable<T>;
          lte?: NonNullable<T>;
          between?: readonly [NonNullable<T>, NonNullable<T>];
          notBetween?: readonly [NonNullable<T>, NonNullable<T>];
        }
      : unknown) &
      (NonNullable<T> extends string
        ? { contains?: string; notContains?: string }
        : NonNullable<T> extends readonly unknown[]
          ? { contains?: Element<NonNullable<T>>; notContains?: Element<NonNullable<T>> }
          : unknown);

/** The operators of a field whose type is not known (a table whose schema is not typed yet). */
export interface LooseQuery {
  equals?: unknown;
  notEquals?: unknown;
  in?: readonly unknown[];
  notIn?: readonly unknown[];
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
  between?: readonly [number | string, number | string];
  notBetween?: readonly [number | string, number | string];
  contains?: unknown;
  notContains?: unknown;
}

/** Which records a query matches: every field's operators must hold. */
export type DbWhere<K extends TableName> = { [F in keyof DbRecord<K>]?: FieldQuery<DbRecord<K>[F]> };

export type SortDirection = 'asc' | 'desc';
export type DbOrderBy<K extends TableName> =
  | { [F in keyof DbRecord<K>]?: SortDirection }
  | { [F in keyof DbRecord<K>]?: SortDirection }[];

export interface DbQuery<K extends TableName> {
  where?: DbWhere<K>;
  /** Throw when nothing matches, instead of answering null (or an empty list). */
  strict?: boolean;
}

export interface DbManyQuery<K extends TableName> extends DbQuery<K> {
  orderBy?: DbOrderBy<K>;
  take?: number;
  skip?: number;
}

/** One table of `mock.db`: the model API of @mswjs/data over the store's own table. */
export interface DbTable<K extends TableName> {
  /** Adds a record, filling what it leaves out; throws (changing nothing) when it is invalid. */
  create(record: DbCreate<K>): DbRecord<K>;
  /** Adds records, all or none. */
  createMany(records: readonly DbCreate<K>[]): DbRecord<K>[];
  findFirst(query: DbQuery<K>): DbRecord<K> | null;
  findMany(query: DbManyQuery<K>): DbRecord<K>[];
  getAll(): DbRecord<K>[];
  count(query?: DbQuery<K>): number;
  /** Changes the first record matched; null when none is (or throws when `strict`). */
  update(query: DbQuery<K> & { data: DbUpdate<K> }): DbRecord<K> | null;
  /** Changes every record matched, all or none; null when none is (as @mswjs/data; or throws when `strict`). */
  updateMany(query: DbQuery<K> & { data: DbUpdate<K> }): DbRecord<K>[] | null;
  /** Deletes the first record matched and answers it; null when none is (or throws when `strict`). */
  delete(query: DbQuery<K>): DbRecord<K> | null;
  /** Deletes every record matched, all or none; null when none is (as @mswjs/data; or throws when `strict`). */
  deleteMany(query: DbQuery<K>): DbRecord<K>[] | null;
}

/** `mock.db`: one model per table of the store. */
export type Db = { readonly [K in TableName]: DbTable<K> };
