import type { components } from '../../generated/api.ts';
import { isRecord } from '../../guards.ts';
import type { TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';

/**
 * The filter grammar of the query bodies (`sessionFilters`, `eventFilters` and the like) evaluated against
 * stored sessions: comparisons, list and range tests, `and`/`or`/`none` compounds. Session fields are read from
 * the record (dates as epoch ms), properties from `properties[path]`; an event field matches when any of the
 * session's events does.
 */
export type Filter = components['schemas']['Filter'];
type CompoundFilter = Extract<Filter, { children: unknown }>;
type LeafFilter = Exclude<Filter, CompoundFilter>;
export type FieldRef = components['schemas']['FieldRef'];
type PropertyKind = components['schemas']['PropertyKind'];

/** A value a filter compares with. What a field reads may be anything stored, hence `unknown` there. */
export type Value = string | number | boolean | null | undefined;

/** A leaf test: a list test, or a comparison or range test (`value`, `min`, `max` as the op needs). */
export type ValueTest =
  | { op: 'in' | 'notIn'; values: readonly Value[] }
  | {
      op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'wildcard' | 'range' | 'outsideRange';
      value?: Value;
      min?: unknown;
      max?: unknown;
    };

/** What a value is read from: a session record, or one event of a session. */
export interface FieldSource {
  record: JsonRecord;
  /** The start of the session (epoch ms), for the session-relative event fields. */
  sessionStart?: number;
}

const eventKinds: ReadonlySet<PropertyKind | undefined> = new Set([
  'textualEventProp',
  'numericalEventProp',
  'booleanEventProp',
]);
const dateFields = new Set(['date', 'endDate']);
/** The slicer's built-in event field names, as the stored events name them. */
const eventFieldAliases: Record<string, string> = {
  eventName: 'name',
  objectId: 'object',
  xCoord: 'x',
  yCoord: 'y',
  zCoord: 'z',
};
const relativeEventFields = new Set(['sessionRelativeDateTotal', 'sessionRelativeDateGapless']);

export function isEventField(field: FieldRef | undefined): boolean {
  if (!field) return false;
  return field.fieldParent === 'event' || eventKinds.has(propertyKind(field));
}

const propertyKind = (field: FieldRef): PropertyKind | undefined =>
  'nestedFieldName' in field
    ? field.nestedFieldName
    : 'unnestedFieldName' in field
      ? field.unnestedFieldName
      : undefined;

/** Epoch ms of an ISO-8601 string; other values unchanged. */
function asTime(value: unknown, isDateField: boolean): unknown {
  if (typeof value === 'string' && (isDateField || /^\d{4}-\d\d-\d\dT/.test(value))) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  return value;
}

/**
 * Reads a field of a session record or of an event; ISO dates become epoch ms so filters can compare them.
 * A session-tag property (`c3d.session_tag.<tag>`) a session does not carry reads as false: the clients'
 * standard "not test, not junk" filter (`eq false`) must keep untagged sessions.
 */
export function readField(source: FieldSource, field: FieldRef, onEvent = false): unknown {
  const { record } = source;
  if ('fieldName' in field) {
    const name = String(field.fieldName);
    if (onEvent && relativeEventFields.has(name)) {
      const time = Date.parse(String(record.date));
      return source.sessionStart === undefined || Number.isNaN(time) ? undefined : time - source.sessionStart;
    }
    const stored = onEvent ? (eventFieldAliases[name] ?? name) : name;
    return asTime(record[stored], dateFields.has(stored));
  }
  const { properties } = record;
  const value = isRecord(properties) ? properties[field.path] : undefined;
  if (
    value === undefined &&
    propertyKind(field) === 'booleanSessionProp' &&
    String(field.path).startsWith('c3d.session_tag.')
  )
    return false;
  return asTime(value, false);
}

export const toNumber = (value: unknown) =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && value.trim() !== ''
      ? Number(value)
      : typeof value === 'boolean'
        ? Number(value)
        : NaN;

function equal(actual: unknown, expected: Value): boolean {
  if (actual === expected) return true;
  if (typeof expected === 'number' || typeof actual === 'number') {
    const a = toNumber(actual);
    return !Number.isNaN(a) && a === toNumber(expected);
  }
  return false;
}

function compare(actual: unknown, op: string, expected: Value): boolean {
  if (expected === null)
    return op === 'eq'
      ? actual === undefined || actual === null
      : op === 'neq'
        ? actual !== undefined && actual !== null
        : false;
  if (actual === undefined || actual === null) return op === 'neq';
  switch (op) {
    case 'eq':
      return equal(actual, expected);
    case 'neq':
      return !equal(actual, expected);
    case 'gt':
      return toNumber(actual) > toNumber(expected);
    case 'gte':
      return toNumber(actual) >= toNumber(expected);
    case 'lt':
      return toNumber(actual) < toNumber(expected);
    case 'lte':
      return toNumber(actual) <= toNumber(expected);
    case 'wildcard': {
      const pattern = new RegExp(
        `^${String(expected)
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
        'i',
      );
      return pattern.test(String(actual));
    }
    default:
      return false;
  }
}

/** Whether a value lies in `[min, max]` (either bound optional); undefined when it is not a number. */
export function inRange(actual: unknown, min: unknown, max: unknown): boolean | undefined {
  const number = toNumber(actual);
  if (actual === undefined || actual === null || Number.isNaN(number)) return undefined;
  return (min === undefined || number >= toNumber(min)) && (max === undefined || number <= toNumber(max));
}

/** Applies a leaf test (`op` with `value`, `values` or `min`/`max`) to a value already read. */
export function testValue(actual: unknown, test: ValueTest): boolean {
  switch (test.op) {
    case 'in':
      return test.values.some((value) => compare(actual, 'eq', value));
    case 'notIn':
      return !test.values.some((value) => compare(actual, 'eq', value));
    case 'range':
      return inRange(actual, test.min, test.max) === true;
    case 'outsideRange':
      return inRange(actual, test.min, test.max) === false;
    default:
      return compare(actual, test.op, test.value);
  }
}

const isCompound = (filter: Filter): filter is CompoundFilter => 'children' in filter && Array.isArray(filter.children);

/** Evaluates a filter tree, deciding each leaf with `leaf`. */
function evaluate(filter: Filter, leaf: (filter: LeafFilter) => boolean): boolean {
  if (!isCompound(filter)) return leaf(filter);
  const { children } = filter;
  switch (String(filter.op).toLowerCase()) {
    case 'and':
      return children.every((child) => evaluate(child, leaf));
    case 'or':
      return children.some((child) => evaluate(child, leaf));
    default:
      return !children.some((child) => evaluate(child, leaf));
  }
}

type StoredEvent = JsonRecord;

const sessionStartOf = (session: TableRow<'sessions'>): number | undefined => {
  const start =
    typeof session.record.startTime === 'number' ? session.record.startTime : Date.parse(String(session.record.date));
  return Number.isNaN(start) ? undefined : start;
};

const eventsOf = (session: TableRow<'sessions'>, events?: StoredEvent[]) => events ?? session.internal.events ?? [];

/** Whether one event satisfies a whole filter tree (every leaf read from that event). */
export function eventMatches(event: StoredEvent, filter: Filter, sessionStart?: number): boolean {
  const source = { record: event, sessionStart };
  return evaluate(filter, (leaf) => testValue(readField(source, leaf.field, true), leaf));
}

/**
 * Whether one session satisfies one filter (leaf or compound). A leaf on an event field is met when any of
 * the session's events (or of `events`, e.g. one scene version's) meets it.
 */
export function matchesFilter(session: TableRow<'sessions'>, filter: Filter, events?: StoredEvent[]): boolean {
  const sessionStart = sessionStartOf(session);
  return evaluate(filter, (leaf) => {
    if (isEventField(leaf.field))
      return eventsOf(session, events).some((event) => eventMatches(event, leaf, sessionStart));
    return testValue(readField({ record: session.record }, leaf.field), leaf);
  });
}

/** Whether a session satisfies every filter of a list (the list is an implicit `and`). */
export function matchesFilters(
  session: TableRow<'sessions'>,
  filters: Filter[] | undefined,
  events?: StoredEvent[],
): boolean {
  return (filters ?? []).every((filter) => matchesFilter(session, filter, events));
}

/** Event filters select sessions: a session is kept when at least one of its events meets the whole filter. */
export function matchesEventFilters(
  session: TableRow<'sessions'>,
  filters: Filter[] | undefined,
  events?: StoredEvent[],
): boolean {
  if (!filters?.length) return true;
  const sessionStart = sessionStartOf(session);
  return filters.every((filter) =>
    eventsOf(session, events).some((event) => eventMatches(event, filter, sessionStart)),
  );
}

/** The events of a session (or the given ones) that meet every filter on their own. */
export function filterEvents(
  session: TableRow<'sessions'>,
  filters: Filter[] | undefined,
  events?: StoredEvent[],
): StoredEvent[] {
  const all = eventsOf(session, events);
  if (!filters?.length) return all;
  const sessionStart = sessionStartOf(session);
  return all.filter((event) => filters.every((filter) => eventMatches(event, filter, sessionStart)));
}

export { sessionStartOf };
