import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import { isEventField, type FieldRef } from '../shared/session-filters.ts';

type SliceBy = components['schemas']['SliceBy'];
type DateSliceBy = Extract<SliceBy, { timeUnit: unknown }>;

/**
 * The slice-bys of a slicer aggregation: how a value falls into a bucket (date histogram, histogram, terms),
 * and, for the ordered kinds, the bucket after a bucket so gaps between buckets can be filled.
 */
export type BucketKey = number | string | boolean;

interface OrderedBuckets {
  kind: 'date' | 'histogram';
  /** The start of the bucket after the one starting at `key`. */
  next(key: number): number;
}

export type Bucketer = (OrderedBuckets | { kind: 'terms' }) & {
  field: FieldRef;
  /** Whether the slice reads events (else sessions). */
  onEvent: boolean;
  key(value: unknown): BucketKey | undefined;
  maxTerms: number;
};

type BucketStarts = Pick<OrderedBuckets, 'next'> & Pick<Bucketer, 'key'>;

const day = 86_400_000;
/** The most buckets an axis may fill; a wider range answers 400 (the real API gives 502 on such queries). */
export const maxBuckets = 10_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter for the zone, or 400 naming the field when the zone is not an IANA name the runtime knows. */
function zoneFormatter(timeZone: string, pointer: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return fail(400, `Unknown time zone ${JSON.stringify(timeZone)}`, pointer);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in ms. */
function readOffset(formatter: Intl.DateTimeFormat, time: number): number {
  const parts = new Map(formatter.formatToParts(time).map((part) => [part.type, Number(part.value)]));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? Number.NaN;
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return local - Math.floor(time / 1000) * 1000;
}

const slot = 15 * 60_000;
const offsetCaches = new WeakMap<Intl.DateTimeFormat, Map<number, number>>();

/**
 * The offset, read once per 15-minute slot: zones change offset on quarter hours (UTC), and formatting a
 * date for every session would make large slicer queries slow.
 */
function offsetAt(formatter: Intl.DateTimeFormat, time: number): number {
  let cache = offsetCaches.get(formatter);
  if (!cache) offsetCaches.set(formatter, (cache = new Map()));
  const key = Math.floor(time / slot);
  let offset = cache.get(key);
  if (offset === undefined) {
    offset = readOffset(formatter, key * slot);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, offset);
  }
  return offset;
}

/** Days since 1970-01-01 of the local calendar date at an instant. */
const localDay = (formatter: Intl.DateTimeFormat, time: number) => Math.floor((time + offsetAt(formatter, time)) / day);

/** The instant local midnight starts a local calendar day (DST-safe: the offset is re-read at the result). */
function midnight(formatter: Intl.DateTimeFormat, dayNumber: number): number {
  const wall = dayNumber * day;
  const first = wall - offsetAt(formatter, wall);
  return wall - offsetAt(formatter, first);
}

const utcParts = (dayNumber: number) => {
  const date = new Date(dayNumber * day);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() };
};
const dayOf = (year: number, month: number) => Date.UTC(year, month, 1) / day;

/** The longest a bucket of the unit can be, so that `start + longest + 12 h` always lands in the next bucket. */
const longest = { day: 1, week: 7, month: 31, quarter: 92, year: 366 } as const;

function dateBucketer(slice: DateSliceBy, pointer: string): BucketStarts {
  const formatter = zoneFormatter(slice.timeZone ?? 'UTC', `${pointer}/timeZone`);
  const unit = slice.timeUnit;
  const size = Number(slice.timeValue ?? 1);
  // Weeks start on Sunday unless `dayOfWeekOffset` says otherwise (0 = Sunday).
  const weekStart = Number(slice.dayOfWeekOffset ?? 0);
  const weekAnchor = ((((weekStart - 4) % 7) + 7) % 7) - 7; // a day number (before 1970-01-01, a Thursday) that starts a week

  function start(time: number): number {
    const local = localDay(formatter, time);
    switch (unit) {
      case 'day':
        return midnight(formatter, Math.floor(local / size) * size);
      case 'week': {
        const weekday = (((local + 4) % 7) + 7) % 7;
        const first = local - ((weekday - weekStart + 7) % 7);
        return midnight(formatter, weekAnchor + Math.floor((first - weekAnchor) / (7 * size)) * 7 * size);
      }
      case 'month':
      case 'quarter': {
        const months = unit === 'quarter' ? size * 3 : size;
        const { year, month } = utcParts(local);
        const index = Math.floor((year * 12 + month) / months) * months;
        return midnight(formatter, dayOf(Math.floor(index / 12), index % 12));
      }
      case 'year': {
        const { year } = utcParts(local);
        return midnight(formatter, dayOf(Math.floor(year / size) * size, 0));
      }
    }
  }
  return {
    key: (value) => (typeof value === 'number' && Number.isFinite(value) ? start(value) : undefined),
    next: (key) => start(key + longest[unit] * size * day + day / 2),
  };
}

/** Histogram bucket starts, cleaned of floating-point noise (0.1 * 3 is 0.3). */
const clean = (value: number) => Number(value.toPrecision(12));

function histogramBucketer(interval: number): BucketStarts {
  return {
    key: (value) =>
      typeof value === 'number' && Number.isFinite(value) ? clean(Math.floor(value / interval) * interval) : undefined,
    next: (key) => clean(key + interval),
  };
}

/** The bucketer of a slice-by; `pointer` locates it in the request for error messages. */
export function bucketerFor(slice: SliceBy, pointer: string): Bucketer {
  const base = {
    field: slice.field,
    onEvent: isEventField(slice.field),
    maxTerms: Number(('maxTerms' in slice ? slice.maxTerms : undefined) ?? 256),
  };
  if ('timeUnit' in slice) return { ...base, kind: 'date', ...dateBucketer(slice, pointer) };
  if ('interval' in slice) return { ...base, kind: 'histogram', ...histogramBucketer(Number(slice.interval)) };
  return {
    ...base,
    kind: 'terms',
    key: (value) =>
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined,
  };
}

/**
 * The buckets of one axis in answer order: date and histogram buckets ascending with the gaps between them
 * filled; terms by how much falls in them (descending), then by value, at most `maxTerms`.
 */
export function axisKeys(bucketer: Bucketer, weights: Map<BucketKey, number>, pointer: string): BucketKey[] {
  if (bucketer.kind === 'terms') {
    return [...weights]
      .sort(([a, aWeight], [b, bWeight]) => bWeight - aWeight || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, bucketer.maxTerms)
      .map(([key]) => key);
  }
  if (weights.size === 0) return [];
  let first = Infinity;
  let last = -Infinity;
  for (const key of weights.keys()) {
    if (typeof key !== 'number') continue; // date and histogram buckets are named by their numeric start
    first = Math.min(first, key);
    last = Math.max(last, key);
  }
  const filled: number[] = [];
  for (let key = first; key <= last; key = bucketer.next(key)) {
    filled.push(key);
    if (filled.length > maxBuckets)
      fail(400, `A slice-by spans more than ${maxBuckets} buckets: narrow the filters or widen the interval`, pointer);
  }
  return filled;
}
