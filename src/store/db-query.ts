import type { LooseQuery } from './db-types.ts';
import type { Row, Table } from './table.ts';

/** A where clause or an order as `mock.db` receives it, its field types no longer known. */
export type LooseWhere = Record<string, LooseFieldQuery | undefined>;
/** One field's operators; a name that is no operator is refused by name (unless its value is undefined). */
type LooseFieldQuery = LooseQuery & { readonly [operator: string]: unknown };
export type LooseOrder = Record<string, 'asc' | 'desc' | undefined> | Record<string, 'asc' | 'desc' | undefined>[];

/** A field of a row: its API record's, else its internal one's. */
export const fieldOf = (row: Row, field: string): unknown =>
  Object.hasOwn(row.record, field) ? row.record[field] : row.internal[field];

const ordered = (value: unknown): value is number | string => typeof value === 'number' || typeof value === 'string';
const contains = (actual: unknown, expected: unknown): boolean =>
  typeof actual === 'string'
    ? typeof expected === 'string' && actual.includes(expected)
    : Array.isArray(actual) && actual.some((item) => item === expected);

type Operator = keyof LooseQuery;
/** The value a query gives each operator (null included: `equals: null` asks for null). */
type Expected = { [O in Operator]-?: Exclude<LooseQuery[O], undefined> };
type Operators = { [O in Operator]: (expected: Expected[O], actual: unknown) => boolean };

/** Each operator: whether `actual` satisfies it, given the value the query gives it. */
const operators: Operators = {
  equals: (expected, actual) => actual === expected,
  notEquals: (expected, actual) => actual !== expected,
  in: (expected, actual) => expected.includes(actual),
  notIn: (expected, actual) => !expected.includes(actual),
  gt: (expected, actual) => ordered(actual) && actual > expected,
  gte: (expected, actual) => ordered(actual) && actual >= expected,
  lt: (expected, actual) => ordered(actual) && actual < expected,
  lte: (expected, actual) => ordered(actual) && actual <= expected,
  between: ([low, high], actual) => ordered(actual) && actual >= low && actual <= high,
  notBetween: ([low, high], actual) => ordered(actual) && (actual < low || actual > high),
  contains: (expected, actual) => contains(actual, expected),
  notContains: (expected, actual) => !contains(actual, expected),
};

const isOperator = (name: string): name is Operator => Object.hasOwn(operators, name);

const holds = <O extends Operator>(operator: O, expected: Expected[O], actual: unknown): boolean =>
  operators[operator](expected, actual);

/** Whether a row satisfies every operator of every field of `where`. */
export function matches(row: Row, where: LooseWhere): boolean {
  for (const field in where) {
    const query = where[field];
    if (query === undefined) continue;
    const actual = fieldOf(row, field);
    for (const operator in query) {
      if (!isOperator(operator)) {
        if (query[operator] === undefined) continue;
        throw new Error(`${field}: ${operator} is no query operator (${Object.keys(operators).join(', ')})`);
      }
      const expected = query[operator];
      if (expected !== undefined && !holds(operator, expected, actual)) return false;
    }
  }
  return true;
}

/**
 * The rows a where clause can match, looked up by an index when it asks a field to equal a value: the key first,
 * then a unique field, then a parent field. Otherwise every row. Rows come in the table's order (a parent's rows
 * in the order the API lists them).
 */
function candidates(table: Table, where: LooseWhere): Iterable<Row> {
  const { definition } = table;
  const equals = (field: string) => where[field]?.equals;
  const key = equals(definition.key);
  if (key !== undefined) {
    const row = table.get(key);
    return row ? [row] : [];
  }
  for (const field of definition.unique ?? []) {
    const value = equals(field);
    if (value === undefined) continue;
    const row = table.findUnique(field, value);
    return row ? [row] : [];
  }
  for (const field of definition.parents) {
    const value = equals(field);
    if (value !== undefined) return table.children(field, value);
  }
  return table.all();
}

/** The rows matching `where`, in the table's order; at most `limit` of them. */
export function select(table: Table, where: LooseWhere | undefined, limit = Number.POSITIVE_INFINITY): Row[] {
  const found: Row[] = [];
  if (limit <= 0) return found;
  for (const row of candidates(table, where ?? {})) {
    if (where && !matches(row, where)) continue;
    found.push(row);
    if (found.length >= limit) break;
  }
  return found;
}

const compare = (left: unknown, right: unknown): number => {
  if (left === right) return 0;
  // Absent values (undefined, null) sort first in ascending order.
  if (left === undefined || left === null) return -1;
  if (right === undefined || right === null) return 1;
  // Casts kept: `<` orders any two values as JavaScript does (booleans too); TypeScript allows only some types.
  return (left as number | string) < (right as number | string) ? -1 : 1;
};

/** Sorts rows in place by each criterion in turn (an object's fields, or a list of objects, as @mswjs/data). */
export function sortRows(rows: Row[], orderBy: LooseOrder): Row[] {
  const criteria: [string, number][] = [];
  for (const criterion of Array.isArray(orderBy) ? orderBy : [orderBy]) {
    for (const [field, direction] of Object.entries(criterion)) {
      if (direction !== 'asc' && direction !== 'desc')
        throw new Error(`orderBy ${field}: the direction is 'asc' or 'desc', not ${JSON.stringify(direction)}`);
      criteria.push([field, direction === 'asc' ? 1 : -1]);
    }
  }
  return rows.sort((left, right) => {
    for (const [field, sign] of criteria) {
      const order = compare(fieldOf(left, field), fieldOf(right, field));
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}
