/**
 * Narrowing helpers for values whose shape the type system cannot see: parsed JSON, documents walked by key,
 * and the keys of records typed by a closed union. Each is the single place its cast lives.
 */

export type JsonObject = Record<string, unknown>;

/** A non-null, non-array object: what `JSON.parse` gives for `{…}`. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` when `value` is an object and that member is one too; otherwise undefined. */
export function recordAt(value: unknown, key: string): JsonObject | undefined {
  const member = isRecord(value) ? value[key] : undefined;
  return isRecord(member) ? member : undefined;
}

/** `value[key]` when it is a string. */
export function stringAt(value: unknown, key: string): string | undefined {
  const member = isRecord(value) ? value[key] : undefined;
  return typeof member === 'string' ? member : undefined;
}

/** `value[key]` when it is an array. */
export function arrayAt(value: unknown, key: string): unknown[] | undefined {
  const member = isRecord(value) ? value[key] : undefined;
  return Array.isArray(member) ? member : undefined;
}

/** The keys of a record whose keys are a closed union (`Object.keys` types them as `string`). */
export function keysOf<Key extends string>(record: { readonly [K in Key]?: unknown }): Key[] {
  return Object.keys(record) as Key[];
}

/** The entries of a record whose keys are a closed union. */
export function entriesOf<Key extends string, Value>(record: { readonly [K in Key]?: Value }): [Key, Value][] {
  return Object.entries(record) as [Key, Value][];
}

/** A record built from entries whose keys are a closed union. */
export function fromEntries<Key extends string, Value>(entries: Iterable<readonly [Key, Value]>): Record<Key, Value> {
  return Object.fromEntries(entries) as Record<Key, Value>;
}

/** Whether `value` is one of `members`, narrowing it to their union. */
export function isOneOf<Member extends string>(members: readonly Member[], value: unknown): value is Member {
  return (members as readonly unknown[]).includes(value);
}

/** The message of a caught value: an Error's message, or the value as text when something else was thrown. */
export function messageOf(error: unknown): string {
  return stringAt(error, 'message') ?? String(error);
}

/** The `code` of a caught value, if it has one: a system error's `ENOENT`, a parse error's `ERR_PARSE_ARGS_…`. */
export function codeOf(error: unknown): string | undefined {
  return stringAt(error, 'code');
}
