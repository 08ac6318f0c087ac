import type { TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { isEventField, readField, sessionStartOf, type FieldRef, type Value } from '../shared/session-filters.ts';
import { axisKeys, bucketerFor, type Bucketer, type BucketKey } from './slicer-buckets.ts';

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

export interface Operation {
  name: string;
  type: 'sessionCount' | 'eventCount' | 'min' | 'max' | 'average' | 'sum' | 'groups' | 'customGroups';
  field?: FieldRef;
}

/** One operation's values: the buckets of each slice-by in answer order, and the value of any cell. */
export interface OperationResult {
  bucketers: Bucketer[];
  axes: BucketKey[][];
  present(path: BucketKey[]): boolean;
  value(path: BucketKey[]): number | null;
}

const numeric = (value: Value): number | undefined => {
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

/** The cells of an operation: nested maps, one level per slice-by, so a cell is found without building a key string. */
class Cells {
  private readonly root = new Map<BucketKey, unknown>();
  private single: Accumulator | undefined;

  constructor(private readonly depth: number) {}

  get(path: BucketKey[], create: true): Accumulator;
  get(path: BucketKey[], create?: false): Accumulator | undefined;
  get(path: BucketKey[], create = false): Accumulator | undefined {
    if (this.depth === 0) return create ? (this.single ??= newAccumulator()) : this.single;
    let level = this.root;
    for (let index = 0; index < this.depth - 1; index++) {
      let next = level.get(path[index]!) as Map<BucketKey, unknown> | undefined;
      if (!next) {
        if (!create) return undefined;
        level.set(path[index]!, (next = new Map()));
      }
      level = next;
    }
    const last = path[this.depth - 1]!;
    let cell = level.get(last) as Accumulator | undefined;
    if (!cell && create) level.set(last, (cell = newAccumulator()));
    return cell;
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
  slices: Record<string, any>[],
  pointer: string,
): OperationResult {
  const bucketers = slices.map((slice, index) => bucketerFor(slice, `${pointer}/sliceBys/${index}`));
  const onEvent =
    operation.type === 'eventCount' || (operation.type !== 'sessionCount' && isEventField(operation.field));
  const cells = new Cells(bucketers.length);
  const weights = bucketers.map(() => new Map<BucketKey, number>());

  const add = (path: BucketKey[], value: number | undefined) => addToCell(cells, weights, path, value);

  const depth = bucketers.length;
  const anyEventSlice = bucketers.some((bucketer) => bucketer.onEvent);
  // Reused for every unit: large slicer queries run over tens of thousands of sessions.
  const sessionKeys = new Array<BucketKey | undefined>(depth);
  const path = new Array<BucketKey | undefined>(depth);

  for (const unit of units) {
    const onSession = { record: unit.session.record };
    let bucketed = true;
    for (let index = 0; index < depth && bucketed; index++) {
      const bucketer = bucketers[index]!;
      sessionKeys[index] = bucketer.onEvent ? undefined : bucketer.key(readField(onSession, bucketer.field));
      bucketed = bucketer.onEvent || sessionKeys[index] !== undefined;
    }
    if (!bucketed) continue;
    if (!onEvent && !anyEventSlice) {
      add(
        sessionKeys as BucketKey[],
        operation.type === 'sessionCount' ? 1 : numeric(readField(onSession, operation.field!)),
      );
      continue;
    }
    const sessionStart = sessionStartOf(unit.session);
    if (!onEvent) {
      const keySets = bucketers.map((bucketer, index) =>
        bucketer.onEvent
          ? distinct(
              unit
                .events()
                .map((event) => bucketer.key(readField({ record: event, sessionStart }, bucketer.field, true))),
            )
          : [sessionKeys[index]!],
      );
      if (keySets.some((keys) => keys.length === 0)) continue;
      const value = operation.type === 'sessionCount' ? 1 : numeric(readField(onSession, operation.field!));
      for (const combination of cartesian(keySets)) add(combination, value);
      continue;
    }
    for (const event of unit.events()) {
      const onThisEvent = { record: event, sessionStart };
      let complete = true;
      for (let index = 0; index < depth && complete; index++) {
        const bucketer = bucketers[index]!;
        path[index] = bucketer.onEvent
          ? bucketer.key(readField(onThisEvent, bucketer.field, true))
          : sessionKeys[index];
        complete = path[index] !== undefined;
      }
      if (complete)
        add(
          path as BucketKey[],
          operation.type === 'eventCount' ? 1 : numeric(readField(onThisEvent, operation.field!, true)),
        );
    }
  }

  const axes = bucketers.map((bucketer, index) => axisKeys(bucketer, weights[index]!, `${pointer}/sliceBys/${index}`));
  return {
    bucketers,
    axes,
    present: (path) => cells.get(path) !== undefined,
    value: (path) => cellValue(operation, cells.get(path)),
  };
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
export function layout(outputType: string, name: string, result: OperationResult): JsonRecord {
  const { axes, bucketers, present, value } = result;
  const dimensions = axes.length;
  if (dimensions === 0)
    return outputType === 'legacy'
      ? { dimensionless: true, label: name, value: value([]) }
      : { value: value([]), warnings };
  const [first, second] = axes as [BucketKey[], BucketKey[] | undefined];
  switch (outputType) {
    case 'legacy':
      if (!second)
        return {
          dimensionless: false,
          xIsTimeseries: bucketers[0]!.kind === 'date',
          labels: [name],
          values: first.map((x) => ({ x, y: [value([x])] })),
        };
      return {
        dimensionless: false,
        xIsTimeseries: bucketers[1]!.kind === 'date',
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
      return listLayout(result);
    default:
      return listLayout(result);
  }
}

/** `json0_list` (and `json0_key_y` with one slice-by): only the buckets that hold data. */
function listLayout({ axes, present, value }: OperationResult): JsonRecord {
  const [first, second] = axes as [BucketKey[], BucketKey[] | undefined];
  if (!second) return { values: first.filter((x) => present([x])).map((x) => ({ x, value: value([x]) })), warnings };
  return {
    values: first.flatMap((x) => second.filter((y) => present([x, y])).map((y) => ({ x, y, value: value([x, y]) }))),
    warnings,
  };
}
