import { arrayAt, isRecord, recordAt, stringAt } from '../guards.ts';
import { runtimeDocuments as bundledDocuments } from '../spec/runtime-documents.ts';
import { internalFieldSchemas, internalRecordSchemas } from './internal-schemas.ts';
import type { SeedData } from './store.ts';
import type { JsonRecord } from './table.ts';
import { tableDefinitions, tableNames, type TableName } from './tables.ts';

/** How a time is written: an ISO-8601 string, epoch milliseconds, or epoch seconds (the SDKs' streams). */
export type TimeKind = 'iso' | 'ms' | 'seconds';

/** One step of a time's path: a field name, `[]` for every item of an array, or the index of one item. */
type Step = string | number;

/** Where a time sits in a flat record: field names, `[]` for every item of an array, a number for one item. */
interface TimePath {
  path: Step[];
  kind: TimeKind;
}

type Schema = Record<string, unknown>;

export const dayMs = 86_400_000;

/**
 * A schema is a time when it is the documents' `EpochMillis`, has `format: date-time`, or (the store's own
 * internal schemas, whose streams are not validated that closely) says `x-c3d-time`.
 */
function timeKindOf(schema: Schema): TimeKind | undefined {
  if (typeof schema.$ref === 'string' && schema.$ref.endsWith('/EpochMillis')) return 'ms';
  if (schema.format === 'date-time') return 'iso';
  const marked = schema['x-c3d-time'];
  return marked === 'iso' || marked === 'ms' || marked === 'seconds' ? marked : undefined;
}

function resolve(schema: Schema, document: Schema | undefined): Schema | undefined {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || !document) return undefined;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/'))
    node = isRecord(node) ? node[part] : Array.isArray(node) ? node[Number(part)] : undefined;
  return isRecord(node) ? node : undefined;
}

/** Every time a schema describes, with where it sits; `$ref`s are followed once per chain. */
function collectTimes(
  schema: unknown,
  document: Schema | undefined,
  path: Step[],
  out: TimePath[],
  following: Set<string>,
): void {
  if (!isRecord(schema)) return;
  const node = schema;
  const kind = timeKindOf(node);
  if (kind) {
    out.push({ path, kind });
    return;
  }
  const target = resolve(node, document);
  const ref = stringAt(node, '$ref');
  if (target && ref !== undefined && !following.has(ref)) {
    following.add(ref);
    collectTimes(target, document, path, out, following);
    following.delete(ref);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const alternative of arrayAt(node, keyword) ?? []) collectTimes(alternative, document, path, out, following);
  }
  for (const [field, inner] of Object.entries(recordAt(node, 'properties') ?? {}))
    collectTimes(inner, document, [...path, field], out, following);
  (arrayAt(node, 'prefixItems') ?? []).forEach((inner, index) => {
    collectTimes(inner, document, [...path, index], out, following);
  });
  if (node.items) collectTimes(node.items, document, [...path, '[]'], out, following);
}

/** The first of the documents with a component schema of that name, and that schema. */
function documentWithSchema(schemaName: string): { document: Schema; recordSchema: unknown } | undefined {
  for (const id of ['api', 'data'] as const) {
    const document = bundledDocuments[id];
    const recordSchema = recordAt(document.components, 'schemas')?.[schemaName];
    if (recordSchema && isRecord(document)) return { document, recordSchema };
  }
  return undefined;
}

/** Where the times of a table's flat records are: its record schema's, then its internal fields'. */
function timePathsOf(name: TableName): TimePath[] {
  const definition = tableDefinitions[name];
  const out: TimePath[] = [];
  const internal = new Set<Step>(definition.internal);
  const inDocument = documentWithSchema(definition.schema);
  const recordSchema = inDocument ? inDocument.recordSchema : internalRecordSchemas[definition.schema];
  collectTimes(recordSchema, inDocument?.document, [], out, new Set());
  // Internal fields are the store's own: their times come from the internal schemas, not the API's shape.
  const paths = out.filter(({ path: [field] }) => field === undefined || !internal.has(field));
  for (const [field, schema] of Object.entries(internalFieldSchemas[name] ?? {}))
    collectTimes(schema, undefined, [field], paths, new Set());
  const seen = new Set<string>();
  return paths.filter(({ path }) => {
    const id = path.join('.');
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

let timePaths: Map<TableName, TimePath[]> | undefined;

/** The time paths of every table, read from the schemas once per process. */
export function tableTimePaths(): ReadonlyMap<TableName, TimePath[]> {
  timePaths ??= new Map(tableNames.map((name) => [name, timePathsOf(name)]));
  return timePaths;
}

/** Moves ISO dates by one shift; those in the canonical UTC form move by whole days through a cache of their day. */
class IsoShifter {
  private readonly days = new Map<string, string>();
  private readonly wholeDays: boolean;
  /** The day last moved (a record's dates are mostly of one day): no lookup, nor a string made, to find it again. */
  private lastDay = '';
  private lastMoved = '';

  constructor(private readonly shiftMs: number) {
    this.wholeDays = shiftMs % dayMs === 0;
  }

  shift(value: string): string {
    // `YYYY-MM-DDTHH:MM:SS.sssZ` moved by whole days keeps its time of day: only the day is looked up.
    if (this.wholeDays && value.length === 24 && value.charCodeAt(10) === 84 && value.charCodeAt(23) === 90) {
      if (this.lastDay !== '' && value.startsWith(this.lastDay)) return this.lastMoved + value.slice(10);
      const day = value.slice(0, 10);
      let moved = this.days.get(day);
      if (moved === undefined) {
        const time = Date.parse(`${day}T00:00:00.000Z`);
        if (Number.isNaN(time)) return value;
        moved = new Date(time + this.shiftMs).toISOString().slice(0, 10);
        this.days.set(day, moved);
      }
      this.lastDay = day;
      this.lastMoved = moved;
      return moved + value.slice(10);
    }
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : new Date(time + this.shiftMs).toISOString();
  }
}

/** Moves the dates of one flat record of a table, in place. */
export type RecordShift = (record: JsonRecord) => void;

type Move = (holder: unknown) => void;

/** A function that moves the time at `path` of whatever it is given, built once per path (a seed has many records). */
function compilePath(path: readonly Step[], move: (value: unknown) => unknown): Move {
  const [step, ...rest] = path;
  // An empty path would be the record itself, which is no time.
  if (step === undefined) return () => {};
  if (rest.length === 0) {
    if (step === '[]') {
      return (holder) => {
        if (!Array.isArray(holder)) return;
        for (let index = 0; index < holder.length; index++) holder[index] = move(holder[index]);
      };
    }
    if (typeof step === 'number') {
      return (holder) => {
        if (!Array.isArray(holder)) return;
        const value = holder[step];
        if (value !== undefined) holder[step] = move(value);
      };
    }
    return (holder) => {
      if (!isRecord(holder)) return;
      const value = holder[step];
      if (value !== undefined) holder[step] = move(value);
    };
  }
  const inner = compilePath(rest, move);
  if (step === '[]') {
    return (holder) => {
      if (!Array.isArray(holder)) return;
      for (let index = 0; index < holder.length; index++) inner(holder[index]);
    };
  }
  if (typeof step === 'number') {
    return (holder) => {
      if (Array.isArray(holder)) inner(holder[step]);
    };
  }
  return (holder) => {
    if (isRecord(holder)) inner(holder[step]);
  };
}

/**
 * The function that moves every date of a flat record of table `name` by `shiftMs` (undefined when its records
 * have no dates or the shift is 0): what `shiftSeed` does to each record, for readers that move dates as they
 * read (on records just parsed, still young, it costs a fraction of moving a whole seed's dates afterwards).
 */
export function recordShift(name: TableName, shiftMs: number, iso = new IsoShifter(shiftMs)): RecordShift | undefined {
  const paths = tableTimePaths().get(name) ?? [];
  if (shiftMs === 0 || paths.length === 0) return undefined;
  const shiftSeconds = shiftMs / 1000;
  const moveIso = (value: unknown) => (typeof value === 'string' ? iso.shift(value) : value);
  const moveMs = (value: unknown) => (typeof value === 'number' ? value + shiftMs : value);
  // Seconds keep their fraction to the microsecond, so a shifted 1764666928.683 prints as such.
  const moveSeconds = (value: unknown) =>
    typeof value === 'number' ? Math.round((value + shiftSeconds) * 1e6) / 1e6 : value;
  const moves = paths.map(({ path, kind }) =>
    compilePath(path, kind === 'iso' ? moveIso : kind === 'ms' ? moveMs : moveSeconds),
  );
  return (record) => {
    for (const moveTime of moves) moveTime(record);
  };
}

/** Every table's record shift for one shift (the ISO days' cache shared). */
export function recordShifts(shiftMs: number): Partial<Record<TableName, RecordShift>> {
  const iso = new IsoShifter(shiftMs);
  const shifts: Partial<Record<TableName, RecordShift>> = {};
  for (const name of tableNames) {
    const shift = recordShift(name, shiftMs, iso);
    if (shift) shifts[name] = shift;
  }
  return shifts;
}

/**
 * What a reader that moved a seed's dates as it read them tells `shiftSeed` and `seedShift`: the seed's own
 * reference date (as written) and how far its dates have already moved.
 */
export interface ShiftedSeed {
  referenceDate: number | undefined;
  shiftedMs: number;
}
const shiftedSeeds = new WeakMap<object, ShiftedSeed>();

/** Marks a seed whose dates its reader moved already (`mark.shiftedMs`, perhaps 0): `shiftSeed` then moves only the rest. */
export function markShifted(seed: SeedData, mark: ShiftedSeed): void {
  shiftedSeeds.set(seed, mark);
}

/**
 * Moves every date of a seed's records by `shiftMs`, in place. A seed its reader marked (`markShifted`) moves only
 * by what its reader did not: nothing, when the reader moved it by the same shift.
 */
export function shiftSeed(seed: SeedData, shiftMs: number): void {
  const mark = shiftedSeeds.get(seed);
  const rest = mark ? shiftMs - mark.shiftedMs : shiftMs;
  if (mark) mark.shiftedMs = shiftMs;
  if (rest === 0) return;
  const shifts = recordShifts(rest);
  for (const name of tableNames) {
    const records = seed[name];
    const shift = shifts[name];
    if (!shift || !records) continue;
    for (const record of records) shift(record);
  }
}

/** Follows the newest end of the sessions it is shown (its end date, else its start plus its duration). */
export class NewestSessionEnd {
  // Canonical UTC dates (`…Z`, 24 characters) order as strings: only the latest of them is parsed.
  private newestCanonical = '';
  private newest: number | undefined;

  add(session: JsonRecord): void {
    const endDate = session.endDate;
    if (typeof endDate === 'string' && endDate.length === 24 && endDate.endsWith('Z')) {
      if (endDate > this.newestCanonical) this.newestCanonical = endDate;
      return;
    }
    const end =
      typeof endDate === 'string'
        ? Date.parse(endDate)
        : Date.parse(String(session.date)) + Number(session.duration ?? 0);
    if (!Number.isNaN(end) && (this.newest === undefined || end > this.newest)) this.newest = end;
  }

  /** Midnight UTC of the day after the newest end (undefined without sessions): the seed's reference date. */
  referenceDate(): number | undefined {
    const canonical = this.newestCanonical === '' ? Number.NaN : Date.parse(this.newestCanonical);
    const end = Number.isNaN(canonical)
      ? this.newest
      : this.newest === undefined
        ? canonical
        : Math.max(this.newest, canonical);
    return end === undefined ? undefined : (Math.floor(end / dayMs) + 1) * dayMs;
  }
}

/**
 * The seed's own reference date (midnight UTC of the day after its newest session ended): a clock on that day
 * serves the seed's dates as they are written. Undefined for a seed without sessions, whose dates never move.
 */
export function seedReferenceDate(seed: SeedData): number | undefined {
  const mark = shiftedSeeds.get(seed);
  if (mark) return mark.referenceDate;
  const newest = new NewestSessionEnd();
  for (const session of seed.sessions ?? []) newest.add(session);
  return newest.referenceDate();
}

/** How far to move a seed's dates so its newest session ended the day before `now`: whole days, so times of day stay. */
export function seedShift(seed: SeedData, now: number): number {
  const reference = seedReferenceDate(seed);
  return reference === undefined ? 0 : Math.floor(now / dayMs) * dayMs - reference;
}
