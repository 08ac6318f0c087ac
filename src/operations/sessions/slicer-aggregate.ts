import type { TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import type { components } from '../../generated/api.ts';
import { isEventField, readField, sessionStartOf, type FieldRef, type FieldSource } from '../shared/session-filters.ts';
import { axisKeys, bucketerFor, type Bucketer, type BucketKey } from './slicer-buckets.ts';

type Schemas = components['schemas'];
type SliceBy = components['schemas']['SliceBy'];

/** One selected session (or scene session) with the events an event-level aggregation may use. */
export interface AggregationUnit {
  session: TableRow<'sessions'>;
  events: () => JsonRecord[];
}

interface Accumulator {
  count: number;
  numbers: number;
  sum: number;
  min: number;
  max: number;
}

/** An operation the mock computes: a count, or a value of a field (which the schema then requires). */
export type Operation =
  | { name: string; type: 'sessionCount' | 'eventCount'; field?: FieldRef }
  | { name: string; type: 'min' | 'max' | 'average' | 'sum'; field: FieldRef };

/** The buckets of one slice-by, in answer order. */
interface Axis {
  kind: Bucketer['kind'];
  keys: BucketKey[];
}

/** One operation's values: the axis of each slice-by, and the value of any cell. */
export interface OperationResult {
  axes: Axis[];
  present(path: BucketKey[]): boolean;
  value(path: BucketKey[]): number | null;
}

const numeric = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

function cartesian(sets: BucketKey[][]): BucketKey[][] {
  return sets.reduce<BucketKey[][]>((paths, set) => paths.flatMap((path) => set.map((key) => [...path, key])), [[]]);
}

const distinct = (keys: (BucketKey | undefined)[]) => [
  ...new Set(keys.filter((key): key is BucketKey => key !== undefined)),
];

const newAccumulator = (): Accumulator => ({ count: 0, numbers: 0, sum: 0, min: Infinity, max: -Infinity });

type CellLevel = Map<BucketKey, CellLevel | Accumulator>;

/**
 * The cells of an operation: nested maps, one level per slice-by, so a cell is found without building a key
 * string. Every path has one key per slice-by.
 */
class Cells {
  private readonly root: CellLevel = new Map();
  private single: Accumulator | undefined;

  get(path: readonly BucketKey[], create: true): Accumulator;
  get(path: readonly BucketKey[], create?: false): Accumulator | undefined;
  get(path: readonly BucketKey[], create = false): Accumulator | undefined {
    if (path.length === 0) return create ? (this.single ??= newAccumulator()) : this.single;
    let level = this.root;
    let depth = 0;
    for (const key of path) {
      const entry = level.get(key);
      if (++depth === path.length) {
        if (entry !== undefined && !(entry instanceof Map)) return entry;
        if (!create) return undefined;
        const cell = newAccumulator();
        level.set(key, cell);
        return cell;
      }
      if (entry instanceof Map) {
        level = entry;
        continue;
      }
      if (!create) return undefined;
      const next: CellLevel = new Map();
      level.set(key, next);
      level = next;
    }
    return undefined;
  }
}

/**
 * Computes one operation over the units, split by the slice-bys. A session-level operation sliced by an
 * event field counts the session once in every bucket one of its events falls in; an event-level operation
 * sliced by a session field puts each event in its session's bucket. Units without a value for a slice-by
 * fall in no bucket.
 */
export function aggregate(
  units: AggregationUnit[],
  operation: Operation,
  slices: SliceBy[],
  pointer: string,
): OperationResult {
  const slicing = slices.map((slice, index) => ({
    bucketer: bucketerFor(slice, `${pointer}/sliceBys/${index}`),
    weights: new Map<BucketKey, number>(),
  }));
  const bucketers = slicing.map(({ bucketer }) => bucketer);
  const weights = slicing.map((axis) => axis.weights);
  const onEvent =
    operation.type === 'eventCount' || (operation.type !== 'sessionCount' && isEventField(operation.field));
  const measured = operation.type === 'sessionCount' || operation.type === 'eventCount' ? undefined : operation.field;
  const measure = (source: FieldSource, isEvent: boolean) =>
    measured === undefined ? 1 : numeric(readField(source, measured, isEvent));
  const cells = new Cells();

  const add = (path: BucketKey[], value: number | undefined) => addToCell(cells, weights, path, value);

  const anyEventSlice = bucketers.some((bucketer) => bucketer.onEvent);
  // Reused for every unit: large slicer queries run over tens of thousands of sessions.
  const sessionKeys = new Array<BucketKey>(bucketers.length);
  const path = new Array<BucketKey>(bucketers.length);

  for (const unit of units) {
    const onSession = { record: unit.session.record };
    if (!fillSessionKeys(sessionKeys, bucketers, onSession)) continue;
    if (!onEvent && !anyEventSlice) {
      add(sessionKeys, measure(onSession, false));
      continue;
    }
    const sessionStart = sessionStartOf(unit.session);
    if (!onEvent) {
      const keySets = bucketers.map((bucketer, index) => {
        if (!bucketer.onEvent) return distinct([sessionKeys[index]]);
        const events = unit.events();
        return distinct(
          events.map((event) => bucketer.key(readField({ record: event, sessionStart }, bucketer.field, true))),
        );
      });
      if (keySets.some((keys) => keys.length === 0)) continue;
      const value = measure(onSession, false);
      for (const combination of cartesian(keySets)) add(combination, value);
      continue;
    }
    for (const event of unit.events()) {
      const onThisEvent = { record: event, sessionStart };
      if (fillEventPath(path, bucketers, sessionKeys, onThisEvent)) add(path, measure(onThisEvent, true));
    }
  }

  const axes = slicing.map(({ bucketer, weights: counts }, index) => ({
    kind: bucketer.kind,
    keys: axisKeys(bucketer, counts, `${pointer}/sliceBys/${index}`),
  }));
  return {
    axes,
    present: (path) => cells.get(path) !== undefined,
    value: (path) => cellValue(operation, cells.get(path)),
  };
}

/** Writes the key of each session slice-by into `keys` (a reused buffer); false when one has none. */
function fillSessionKeys(keys: BucketKey[], bucketers: Bucketer[], onSession: FieldSource): boolean {
  let index = 0;
  for (const bucketer of bucketers) {
    if (!bucketer.onEvent) {
      const key = bucketer.key(readField(onSession, bucketer.field));
      if (key === undefined) return false;
      keys[index] = key;
    }
    index++;
  }
  return true;
}

/** Writes an event's path into `path` (a reused buffer): event slice-bys read the event; false when one has no key. */
function fillEventPath(
  path: BucketKey[],
  bucketers: Bucketer[],
  sessionKeys: readonly BucketKey[],
  onThisEvent: FieldSource,
): boolean {
  let index = 0;
  for (const bucketer of bucketers) {
    const key = bucketer.onEvent ? bucketer.key(readField(onThisEvent, bucketer.field, true)) : sessionKeys[index];
    if (key === undefined) return false;
    path[index++] = key;
  }
  return true;
}

/** Adds a value (undefined: a unit without one) to the cell of a path, and counts the path's keys on each axis. */
function addToCell(
  cells: Cells,
  weights: Map<BucketKey, number>[],
  // May be a reused array: only its values are kept.
  path: BucketKey[],
  value: number | undefined,
): void {
  const cell = cells.get(path, true);
  cell.count++;
  if (value !== undefined) {
    cell.numbers++;
    cell.sum += value;
    if (value < cell.min) cell.min = value;
    if (value > cell.max) cell.max = value;
  }
  for (let axis = 0; axis < path.length; axis++) {
    const key = path[axis];
    const counts = weights[axis];
    if (key !== undefined && counts) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}

/** What an operation answers for a cell; an empty cell counts 0 and has no other value. */
function cellValue(operation: Operation, cell: Accumulator | undefined): number | null {
  const isCount = operation.type === 'sessionCount' || operation.type === 'eventCount';
  if (!cell) return isCount ? 0 : null;
  switch (operation.type) {
    case 'sessionCount':
    case 'eventCount':
      return cell.count;
    case 'sum':
      return cell.sum;
    case 'average':
      return cell.numbers ? cell.sum / cell.numbers : null;
    case 'min':
      return cell.numbers ? cell.min : null;
    default:
      return cell.numbers ? cell.max : null;
  }
}

const warnings: string[] = [];

/**
 * Lays one operation's values out in the aggregation's `outputType` (see SlicerOperationResult in the
 * documents). With two slice-bys, `legacy` and `json0_key_y` put the last slice-by on x and key the first;
 * `json0_list` gives x from the first slice-by and y from the second, as the record's examples do.
 */
export function layout(outputType: string, name: string, result: OperationResult): Schemas['SlicerOperationResult'] {
  const { present, value } = result;
  const [firstAxis, secondAxis] = result.axes;
  if (!firstAxis)
    return outputType === 'legacy'
      ? { dimensionless: true, label: name, value: value([]) }
      : { value: value([]), warnings };
  const first = firstAxis.keys;
  const second = secondAxis?.keys;
  switch (outputType) {
    case 'legacy':
      if (!second)
        return {
          dimensionless: false,
          xIsTimeseries: firstAxis.kind === 'date',
          labels: [name],
          values: first.map((x) => ({ x, y: [value([x])] })),
        };
      return {
        dimensionless: false,
        xIsTimeseries: secondAxis.kind === 'date',
        labels: first.map(String),
        values: second.map((x) => ({ x, y: first.map((label) => value([label, x])) })),
      };
    case 'json0_keyed':
      if (!second) return { values: Object.fromEntries(first.map((key) => [String(key), value([key])])), warnings };
      return {
        values: Object.fromEntries(
          first.map((outer) => [
            String(outer),
            Object.fromEntries(
              second.filter((inner) => present([outer, inner])).map((inner) => [String(inner), value([outer, inner])]),
            ),
          ]),
        ),
        warnings,
      };
    case 'json0_key_y':
      if (second)
        return {
          values: second.map((x) => ({
            x,
            values: Object.fromEntries(first.map((key) => [String(key), value([key, x])])),
          })),
          warnings,
        };
      return listLayout(first, second, result);
    default:
      return listLayout(first, second, result);
  }
}

/** `json0_list` (and `json0_key_y` with one slice-by): only the buckets that hold data. */
function listLayout(
  first: BucketKey[],
  second: BucketKey[] | undefined,
  { present, value }: OperationResult,
): Schemas['SlicerOperationResult'] {
  if (!second) return { values: first.filter((x) => present([x])).map((x) => ({ x, value: value([x]) })), warnings };
  return {
    values: first.flatMap((x) => second.filter((y) => present([x, y])).map((y) => ({ x, y, value: value([x, y]) }))),
    warnings,
  };
}
