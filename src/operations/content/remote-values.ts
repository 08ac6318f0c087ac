import { keysOf } from '../../guards.ts';
import { fail } from '../../http/errors.ts';
import type { JsonRecord } from '../../store/table.ts';

/** The type of a remote variable, named by the one value field it sets. */
export type ValueType = 'int' | 'string' | 'boolean';

const suffixes: Record<ValueType, string> = { int: 'Int', string: 'String', boolean: 'Boolean' };
const valueTypes = keysOf(suffixes);

/** The value fields given in a body, e.g. `valueInt` or `overrideValueBoolean`, with their types. */
export function givenValues(body: JsonRecord, prefix: string): { type: ValueType; field: string; value: unknown }[] {
  return valueTypes
    .map((type) => ({ type, field: `${prefix}${suffixes[type]}`, value: body[`${prefix}${suffixes[type]}`] }))
    .filter((given) => given.value !== undefined);
}

/** The three value fields of a record: the one of its type set, the others null. */
export function valueFields(prefix: string, type: ValueType, value: unknown): JsonRecord {
  return Object.fromEntries(valueTypes.map((each) => [`${prefix}${suffixes[each]}`, each === type ? value : null]));
}

/**
 * The one value of the variable's type given in a body, or undefined when none is; 400 naming the field when a
 * value of another type is given (a variable's type never changes).
 */
export function valueOfType(body: JsonRecord, prefix: string, type: ValueType, pointer = ''): unknown {
  let value: unknown;
  for (const given of givenValues(body, prefix)) {
    if (given.type !== type)
      fail(
        400,
        `${given.field} does not fit: the remote variable's type is ${type} (use ${prefix}${suffixes[type]})`,
        `${pointer}/${given.field}`,
      );
    value = given.value;
  }
  return value;
}
