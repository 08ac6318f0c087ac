import type { JsonRecord, Row } from '../../store/table.ts';
import { isEventField, readField, sessionStartOf, type FieldRef, type Value } from './filters.ts';
import { axisKeys, bucketerFor, type Bucketer, type BucketKey } from './slicer-buckets.ts';

/** One selected session (or scene session) with the events an event-level aggregation may use. */
export interface AggregationUnit {
  session: Row;
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

const distinct = (keys: (BucketKey | undefined)[]) => [...new Set(keys.filter((key): key is BucketKey => key !== undefined))];

/**
 * Computes one operation over the units, split by the slice-bys. A session-level operation sliced by an
 * event field counts the session once in every bucket one of its events falls in; an event-level operation
 * sliced by a session field puts each event in its session's bucket. Units without a value for a slice-by
 * fall in no bucket.
 */
export function aggregate(units: AggregationUnit[], operation: Operation, slices: Record<string, any>[], pointer: string): OperationResult {
  const bucketers = slices.map((slice, index) => bucketerFor(slice, `${pointer}/sliceBys/${index}`));
  const isCount = operation.type === 'sessionCount' || operation.type === 'eventCount';
  const onEvent = operation.type === 'eventCount' || (operation.type !== 'sessionCount' && isEventField(operation.field));
  const cells = new Map<string, Accumulator>();
  const weights = bucketers.map(() => new Map<BucketKey, number>());

  const add = (path: BucketKey[], value: number | undefined) => {
    const id = JSON.stringify(path);
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { count: 0, numbers: 0, sum: 0, min: Infinity, max: -Infinity }));
    cell.count++;
    if (value !== undefined) {
      cell.numbers++;
      cell.sum += value;
      cell.min = Math.min(cell.min, value);
      cell.max = Math.max(cell.max, value);
    }
    path.forEach((key, axis) => weights[axis]!.set(key, (weights[axis]!.get(key) ?? 0) + 1));
  };

  for (const unit of units) {
    const sessionStart = sessionStartOf(unit.session);
    const onSession = { record: unit.session.record };
    if (!onEvent) {
      const keySets = bucketers.map((bucketer) =>
        bucketer.onEvent
          ? distinct(unit.events().map((event) => bucketer.key(readField({ record: event, sessionStart }, bucketer.field, true))))
          : distinct([bucketer.key(readField(onSession, bucketer.field))]),
      );
      if (keySets.some((keys) => keys.length === 0)) continue;
      const value = operation.type === 'sessionCount' ? 1 : numeric(readField(onSession, operation.field!));
      for (const path of cartesian(keySets)) add(path, value);
      continue;
    }
    for (const event of unit.events()) {
      const onThisEvent = { record: event, sessionStart };
      const path = bucketers.map((bucketer) => bucketer.key(bucketer.onEvent ? readField(onThisEvent, bucketer.field, true) : readField(onSession, bucketer.field)));
      if (path.some((key) => key === undefined)) continue;
      add(path as BucketKey[], operation.type === 'eventCount' ? 1 : numeric(readField(onThisEvent, operation.field!, true)));
    }
  }

  const axes = bucketers.map((bucketer, index) => axisKeys(bucketer, weights[index]!, `${pointer}/sliceBys/${index}`));
  const valueOf = (cell: Accumulator | undefined): number | null => {
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
  };
  return {
    bucketers,
    axes,
    present: (path) => cells.has(JSON.stringify(path)),
    value: (path) => valueOf(cells.get(JSON.stringify(path))),
  };
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
  if (dimensions === 0) return outputType === 'legacy' ? { dimensionless: true, label: name, value: value([]) } : { value: value([]), warnings };
  const [first, second] = axes as [BucketKey[], BucketKey[] | undefined];
  switch (outputType) {
    case 'legacy':
      if (!second) return { dimensionless: false, xIsTimeseries: bucketers[0]!.kind === 'date', labels: [name], values: first.map((x) => ({ x, y: [value([x])] })) };
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
          first.map((outer) => [String(outer), Object.fromEntries(second.filter((inner) => present([outer, inner])).map((inner) => [String(inner), value([outer, inner])]))]),
        ),
        warnings,
      };
    case 'json0_key_y':
      if (second) return { values: second.map((x) => ({ x, values: Object.fromEntries(first.map((key) => [String(key), value([key, x])])) })), warnings };
      return listLayout(result);
    default:
      return listLayout(result);
  }
}

/** `json0_list` (and `json0_key_y` with one slice-by): only the buckets that hold data. */
function listLayout({ axes, present, value }: OperationResult): JsonRecord {
  const [first, second] = axes as [BucketKey[], BucketKey[] | undefined];
  if (!second) return { values: first.filter((x) => present([x])).map((x) => ({ x, value: value([x]) })), warnings };
  return { values: first.flatMap((x) => second.filter((y) => present([x, y])).map((y) => ({ x, y, value: value([x, y]) }))), warnings };
}
