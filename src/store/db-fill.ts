import { arrayAt, isRecord, recordAt } from '../guards.ts';
import { documentSchema, recordSchemaOf, type DocumentId } from './seed.ts';
import { noSessionData } from './session-flags.ts';
import type { JsonRecord, Table } from './table.ts';
import { tableDefinitions, type TableName } from './tables.ts';

type Schema = Record<string, unknown>;

/** Random bytes drawn from a pool filled 4 KiB at a time: one `getRandomValues` per record costs ~6 µs in Node. */
let pool = new Uint8Array(0);
let used = 0;
function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    used = 0;
  }
  let hex = '';
  for (const byte of pool.subarray(used, used + bytes)) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  used += bytes;
  return hex;
}

/** The schema a `$ref` of a document points at (`#/components/schemas/X`). */
function resolve(schema: Schema, documentId: DocumentId | undefined): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !documentId) return schema;
  return documentSchema(documentId, ref.replace('#/components/schemas/', '')) ?? schema;
}

/** Epoch ms: the documents' `EpochMillis`, or a store schema's `x-c3d-time: ms`. */
const isEpochMillis = (schema: Schema) =>
  schema.$ref === '#/components/schemas/EpochMillis' || schema['x-c3d-time'] === 'ms';
/** Fields named like a record's label get "<Schema> <key>", e.g. "Project 1004". */
const labelFields = new Set(['name', 'title', 'sceneName', 'label']);

/** A value the schema accepts, or undefined when it cannot tell one (a pattern, say): validation then names the field. */
function sensibleValue(
  field: string,
  schema: Schema,
  documentId: DocumentId | undefined,
  context: FillContext,
): unknown {
  if (isEpochMillis(schema)) return context.now;
  const resolved = resolve(schema, documentId);
  if ('default' in resolved) return structuredClone(resolved.default);
  if ('const' in resolved) return resolved.const;
  if (Array.isArray(resolved.enum)) return resolved.enum[0];
  const alternatives = arrayAt(resolved, 'anyOf') ?? arrayAt(resolved, 'oneOf');
  if (alternatives) {
    if (alternatives.some((alternative) => isRecord(alternative) && alternative.type === 'null')) return null;
    const [first] = alternatives;
    return isRecord(first) ? sensibleValue(field, first, documentId, context) : undefined;
  }
  const types: unknown[] = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  if (types.includes('null')) return null;
  switch (types[0]) {
    case 'string':
      if (resolved.format === 'date-time') return new Date(context.now).toISOString();
      if (resolved.format === 'uuid') return crypto.randomUUID();
      if (resolved.format === 'email') return `user${context.key}@example.test`;
      if (resolved.pattern) return undefined;
      return labelFields.has(field) ? `${context.schemaName} ${context.key}` : '';
    case 'integer':
    case 'number':
      return typeof resolved.minimum === 'number' ? resolved.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const object: JsonRecord = {};
      const properties = recordAt(resolved, 'properties');
      for (const inner of arrayAt(resolved, 'required') ?? []) {
        if (typeof inner !== 'string') continue;
        const innerSchema = recordAt(properties, inner);
        const value = innerSchema && sensibleValue(inner, innerSchema, documentId, context);
        if (value !== undefined) object[inner] = value;
      }
      return object;
    }
    default:
      return undefined;
  }
}

interface FillContext {
  now: number;
  key: unknown;
  schemaName: string;
}

/** A session's `has…` flags, by the stream that sets each (when the caller gives the stream but not the flag). */
const sessionStreams = [
  ['hasEvent', 'events'],
  ['hasGaze', 'gaze'],
  ['hasFixation', 'fixations'],
  ['hasDynamic', 'dynamics'],
  ['hasSensor', 'sensors'],
  ['hasBoundary', 'boundary'],
] as const;

/** How each key table's secrets are written (the `x-c3d-format` of its kinds). */
const secretOf: Partial<Record<TableName, (flat: JsonRecord) => string>> = {
  apiKeys: (flat) => (flat.format === 'legacy' ? `APIKEY:ORGANIZATION ${randomHex(16)}` : `orgkey-${randomHex(16)}`),
  domainKeys: () => `APIKEY:DOMAIN ${randomHex(16)}`,
  developerKeys: () => `APIKEY:DEVELOPER ${randomHex(16)}`,
  dataKeys: () => `APIKEY:DATA ${randomHex(16)}`,
};

/** Fills what no schema can tell: keys of string-keyed tables, secrets, session ids, and the like. */
function fillSpecial(name: TableName, flat: JsonRecord, table: Table, now: number, projects: Table): void {
  const secret = secretOf[name];
  if (secret && flat.secret === undefined) {
    do flat.secret = secret(flat);
    while (table.findUnique('secret', flat.secret));
  }
  switch (name) {
    case 'sessions':
      flat.sessionId ??= `${Math.floor(now / 1000)}_${randomHex(8)}`;
      break;
  }
  switch (name) {
    case 'apiKeys':
      flat.format ??= 'orgkey';
      flat.prefix ??= String(flat.secret)
        .replace(/^(orgkey-|APIKEY:ORGANIZATION )/, '')
        .slice(0, 8);
      break;
    case 'users':
      // The default seed's password: a user made for a test can log in like the seeded ones.
      flat.password ??= 'c3d-mock-password';
      break;
    case 'loginSessions':
      flat.token ??= randomHex(16);
      flat.csrf ??= randomHex(16);
      break;
    case 'questionSets':
      flat.name ??= `question_set_${table.size + 1}`;
      flat.version ??= 1;
      flat.id ??= `${flat.name}:${flat.version}`;
      break;
    case 'developerKeys':
      flat.expiresAt ??= now + 365 * 86_400_000;
      break;
    case 'dataKeys':
      flat.valid ??= true;
      break;
    case 'sessions': {
      for (const [flag, stream] of sessionStreams) {
        const items = flat[stream];
        flat[flag] ??= Array.isArray(items) && items.length > 0;
      }
      for (const [flag, value] of Object.entries(noSessionData)) flat[flag] ??= value;
      // Not invented: the project's own organization.
      flat.organizationId ??= projects.get(flat.projectId)?.record.organizationId;
      break;
    }
    case 'sessionTags':
      flat.colourHex ??= 'cccccc';
      break;
    case 'dynamicObjects':
      flat.sdkId ??= `editor_${crypto.randomUUID()}`;
      break;
    case 'media':
      flat.uploadId ??= crypto.randomUUID();
      break;
  }
}

/**
 * A record for `create`: what the caller gave, plus what it left out: the key (the table's next numeric key),
 * `createdAt`/`updatedAt` (the mock's clock), key secrets, and each required field a value its schema accepts
 * (its default, its first enum value, a label like "Project 1004", false, 0, an empty list). References are
 * never invented. `key` is the numeric key to give when the table's key is numeric.
 */
export function filled(
  name: TableName,
  given: JsonRecord,
  tables: { table: Table; projects: Table },
  now: number,
  key: number,
): JsonRecord {
  const { table } = tables;
  const definition = tableDefinitions[name];
  const flat: JsonRecord = {};
  for (const field in given) if (given[field] !== undefined) flat[field] = given[field];
  if (definition.keyType === 'number' && flat[definition.key] === undefined) flat[definition.key] = key;
  fillSpecial(name, flat, table, now, tables.projects);
  const { schema, documentId } = recordSchemaOf(definition.schema);
  const properties = recordAt(schema, 'properties') ?? {};
  const context: FillContext = { now, key: flat[definition.key] ?? key, schemaName: definition.schema };
  const composed = definition.composed ?? {};
  for (const field of ['createdAt', 'updatedAt']) {
    const fieldSchema = recordAt(properties, field);
    if (fieldSchema && flat[field] === undefined) flat[field] = sensibleValue(field, fieldSchema, documentId, context);
  }
  for (const field of arrayAt(schema, 'required') ?? []) {
    if (typeof field !== 'string') continue;
    const fieldSchema = recordAt(properties, field);
    if (flat[field] !== undefined || field in composed || !fieldSchema) continue;
    const value = sensibleValue(field, fieldSchema, documentId, context);
    // Another record's id is the caller's to choose; none (null) is, where the schema allows it.
    if (value !== undefined && (!namesAnotherRecord(field) || value === null)) flat[field] = value;
  }
  // In the schema's order, then the internal fields: as the seed's records are written.
  const ordered: JsonRecord = {};
  for (const field in properties) if (field in flat) ordered[field] = flat[field];
  for (const field in flat) if (!(field in ordered)) ordered[field] = flat[field];
  return ordered;
}

/** A field naming another record (`projectId`, `remoteVariableId`, `sessionId`…): only the caller can choose it. */
const namesAnotherRecord = (field: string) => /Id$/.test(field);
