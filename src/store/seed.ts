import type { ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { buildValidators } from '../generated/validators-seed.ts';
import { fromEntries, isRecord, recordAt, stringAt, type JsonObject } from '../guards.ts';
import { runtimeDocuments as bundledDocuments } from '../spec/runtime-documents.ts';
import type { SplitRecord } from './flat-records.ts';
import { withFastDateTime } from './date-time-format.ts';
import { flatRecordSchema } from './flat-schema.ts';
import { internalFieldSchemas, internalRecordSchemas } from './internal-schemas.ts';
import { takeValidated } from './seed-source.ts';
import type { SeedData } from './store.ts';
import type { JsonRecord } from './table.ts';
import { tableDefinitions, tableNames, type TableName } from './tables.ts';

/** A seed that cannot be loaded; the message names the file, the record and the field. */
export class SeedError extends Error {
  override name = 'SeedError';
}

/** Which table an id field refers to, wherever it appears. */
const references: Record<string, TableName> = {
  domainId: 'domains',
  organizationId: 'organizations',
  projectId: 'projects',
  sceneId: 'scenes',
  versionId: 'sceneVersions',
  userId: 'users',
  mediaId: 'media',
};

/** The documents whose component schemas a table's records may follow. */
export type DocumentId = 'api' | 'data';

/** A component schema of one of the documents (`#/components/schemas/<name>`). */
export const documentSchema = (documentId: DocumentId, schemaName: string): JsonObject | undefined =>
  recordAt(recordAt(bundledDocuments[documentId].components, 'schemas'), schemaName);

/** Where a record schema is: `internal:<name>` (the store's own), or the document that has it. */
function schemaRefOf(schemaName: string): string {
  if (internalRecordSchemas[schemaName]) return `internal:${schemaName}`;
  if (documentSchema('api', schemaName)) return `api#/components/schemas/${schemaName}`;
  if (documentSchema('data', schemaName)) return `data#/components/schemas/${schemaName}`;
  throw new Error(`no schema named ${schemaName}`);
}

/** The schema of a table's records, and the id of the document it is in (none for the internal record schemas). */
export function recordSchemaOf(schemaName: string): { schema: JsonObject; documentId?: DocumentId } {
  const internal = internalRecordSchemas[schemaName];
  if (internal) return { schema: internal };
  const inApi = documentSchema('api', schemaName);
  if (inApi) return { schema: inApi, documentId: 'api' };
  const inData = documentSchema('data', schemaName);
  if (inData) return { schema: inData, documentId: 'data' };
  throw new Error(`no schema named ${schemaName}`);
}

/**
 * The schema of every check of seed records, by the name of its validator: `flat:<table>` where a table's flat
 * records are checked as they are (see `flatRecordSchema`), else `record:<schema>` and `internal-fields:<table>` for
 * the split form. `npm run gen` compiles them into `src/generated/validators-seed.ts`, so no check compiles at run time.
 */
export function seedCheckSchemas(): Map<string, object> {
  const schemas = new Map<string, object>();
  for (const name of tableNames) {
    const definition = tableDefinitions[name];
    const { schema, documentId } = recordSchemaOf(definition.schema);
    const flat = flatRecordSchema(
      schema,
      documentId,
      definition.internal,
      internalFieldSchemas[name],
      definition.composed,
    );
    if (flat) {
      schemas.set(`flat:${name}`, flat);
      continue;
    }
    schemas.set(`record:${definition.schema}`, { $ref: schemaRefOf(definition.schema) });
    if (internalFieldSchemas[name]) schemas.set(`internal-fields:${name}`, { $ref: `internal-fields:${name}` });
  }
  return schemas;
}

/** ajv-formats' formats, with the fast `date-time` check of stored dates (`date-time-format.ts`). */
function seedFormats(): Record<string, unknown> {
  const formats: Record<string, unknown> = { ...fullFormats };
  const target = {
    formats,
    addFormat(name: string, format: unknown) {
      formats[name] = format;
      return target;
    },
  };
  withFastDateTime(target);
  return formats;
}

let seedValidators: Record<string, ValidateFunction> | undefined;

/** A check `npm run gen` compiled (see `seedCheckSchemas`), made on first use. */
function seedValidator(name: string): ValidateFunction | undefined {
  seedValidators ??= buildValidators(seedFormats());
  return seedValidators[name];
}

function validatorFor(name: string): ValidateFunction {
  const validate = seedValidator(name);
  if (!validate) throw new Error(`no compiled seed check ${name}: run \`npm run gen\``);
  return validate;
}

/** A check of a table's flat records as they are (see `flatRecordSchema`), or null when only the split form will do. */
const flatValidatorFor = (name: TableName): ValidateFunction | null => seedValidator(`flat:${name}`) ?? null;

const describeError = (validate: ValidateFunction) => {
  const error = validate.errors?.[0];
  if (!error) return 'is invalid';
  const missing = stringAt(error.params, 'missingProperty');
  const extra = stringAt(error.params, 'additionalProperty');
  const field = [error.instancePath.slice(1).replace(/\//g, '.'), missing ?? extra].filter(Boolean).join('.');
  if (missing) return `field ${field} is missing`;
  if (extra) return `field ${field} is not allowed`;
  return `field ${field || '(record)'} ${error.message}`;
};

/** A record with the defaults of its composed fields, for the schema check, and its internal fields. */
function withComposed(flat: JsonRecord, internalFields: ReadonlySet<string>, composed: JsonRecord): SplitRecord {
  const record: JsonRecord = { ...composed };
  const internal: JsonRecord = {};
  for (const field in flat) (internalFields.has(field) ? internal : record)[field] = flat[field];
  return { record, internal };
}

/** Where a record is, for messages: `sessions[4] (id 12)`. */
const placeOf = (table: string, index: number, keyField: string, key: unknown) =>
  `${table}[${index}]${key === undefined ? '' : ` (${keyField} ${JSON.stringify(key)})`}`;

/** A record's key: its key field's value (a question set's is `projectId/id`, as the store derives it). */
export const recordKey = (name: TableName, flat: JsonRecord): unknown =>
  name === 'questionSets' ? `${flat.projectId}/${flat.id}` : flat[tableDefinitions[name].key];

type RecordCheck = (flat: JsonRecord) => string | undefined;
const recordChecks = new Map<TableName, RecordCheck>();

/**
 * The check of one flat record of a table against its schema (and its internal fields' schemas): undefined
 * when it is valid, else the message naming the field at fault (`field name must be string`).
 */
export function recordCheck(name: TableName): RecordCheck {
  let check = recordChecks.get(name);
  if (!check) {
    const definition = tableDefinitions[name];
    const validateFlat = flatValidatorFor(name);
    if (validateFlat) {
      check = (flat) => (validateFlat(flat) ? undefined : describeError(validateFlat));
    } else {
      const internalFields = new Set<string>(definition.internal);
      const composed = definition.composed ?? {};
      const validateRecord = validatorFor(`record:${definition.schema}`);
      const validateInternal = internalFieldSchemas[name] ? validatorFor(`internal-fields:${name}`) : undefined;
      check = (flat) => {
        const { record, internal } = withComposed(flat, internalFields, composed);
        if (!validateRecord(record)) return describeError(validateRecord);
        if (validateInternal && !validateInternal(internal)) return describeError(validateInternal);
        return undefined;
      };
    }
    recordChecks.set(name, check);
  }
  return check;
}

/**
 * The references a principal's resolution walks (`auth/credentials/`, `store/ancestry.ts`): a record without
 * one would leave its keys, roles or login "unknown", so they must be there (and exist) whatever the schema says.
 */
const requiredReferences: Partial<Record<TableName, readonly string[]>> = {
  organizations: ['domainId'],
  projects: ['organizationId'],
  scenes: ['projectId'],
  sceneVersions: ['sceneId'],
  apiKeys: ['organizationId'],
  domainKeys: ['domainId'],
  developerKeys: ['userId', 'projectId'],
  dataKeys: ['projectId'],
  roleAssignments: ['userId', 'scopeId'],
  loginSessions: ['userId'],
};

/** The table a role assignment's scope refers to, by its `scopeType`. */
const scopeTables: Record<string, TableName> = {
  domain: 'domains',
  organization: 'organizations',
  project: 'projects',
};

/** The table a role assignment's scope refers to. */
const scopeTableOf = ({ scopeType }: JsonRecord): TableName | undefined =>
  typeof scopeType === 'string' ? scopeTables[scopeType] : undefined;

/** The fields that refer to another table's records wherever they appear, and the table each refers to. */
export const referenceFields: [field: string, table: TableName][] = Object.entries(references);

/**
 * A record's references that are missing or point nowhere (`has` says which records exist): undefined when
 * every one resolves, else the message naming the field (`field domainId refers to domains 7, which the seed
 * does not have`). `holder` names where records are looked for ("the seed", "the store").
 */
export function referenceProblem(
  name: TableName,
  flat: JsonRecord,
  has: (table: TableName, key: unknown) => boolean,
  holder: string,
): string | undefined {
  for (const field of requiredReferences[name] ?? []) {
    if (flat[field] === undefined || flat[field] === null)
      return `field ${field} is missing (the credentials of principals resolve through it)`;
  }
  const keyField = tableDefinitions[name].key;
  for (const [field, table] of referenceFields) {
    const value = flat[field];
    if (value === undefined || value === null || (name === table && field === keyField)) continue;
    if (!has(table, value))
      return `field ${field} refers to ${table} ${JSON.stringify(value)}, which ${holder} does not have`;
  }
  if (name === 'roleAssignments') {
    const table = scopeTableOf(flat);
    // An unknown scopeType is the schema's to refuse.
    if (table && !has(table, flat.scopeId))
      return `field scopeId refers to ${table} ${JSON.stringify(flat.scopeId)}, which ${holder} does not have`;
  }
  return undefined;
}

/** Checks a parsed seed: known tables, every record valid against its schema, unique keys, existing references. */
export function validateSeed(seed: unknown, source: string): SeedData {
  // Checked record by record as its reader read it (an NDJSON seed file): not again.
  if (takeValidated(seed)) return seed;
  assertValidSeed(seed, source);
  return seed;
}

type Fail = (where: string, message: string) => never;

function assertValidSeed(seed: unknown, source: string): asserts seed is SeedData {
  const fail: Fail = (where, message) => {
    throw new SeedError(`${source}: ${where}: ${message}`);
  };
  if (!isRecord(seed)) return fail('top level', 'must be an object of tables');
  for (const name of Object.keys(seed)) {
    if (!(name in tableDefinitions)) fail(name, `is not a table (tables: ${tableNames.join(', ')})`);
    if (!Array.isArray(seed[name])) fail(name, 'must be an array of records');
  }
  const checked: SeedData = {};
  const keys = fromEntries(tableNames.map((name) => [name, new Set<unknown>()]));
  for (const name of tableNames) {
    const flats = seed[name];
    if (!Array.isArray(flats) || flats.length === 0) continue;
    checkRecords(name, flats, keys[name], fail);
    checked[name] = flats;
  }
  const has = (table: TableName, key: unknown) => keys[table].has(key);
  for (const name of tableNames) {
    const keyField = tableDefinitions[name].key;
    let index = 0;
    for (const flat of checked[name] ?? []) {
      const problem = referenceProblem(name, flat, has, 'the seed');
      if (problem) fail(`${name}[${index}] (${keyField} ${JSON.stringify(flat[keyField])})`, problem);
      index++;
    }
  }
}

/**
 * Checks a table's records against its schema and for unique keys (added to `seen`). Plain loops over the records:
 * a seed may hold hundreds of thousands, and per-record closures and entry arrays cost more than the checks.
 */
function checkRecords(
  name: TableName,
  flats: unknown[],
  seen: Set<unknown>,
  fail: Fail,
): asserts flats is JsonRecord[] {
  const definition = tableDefinitions[name];
  const check = recordCheck(name);
  let index = 0;
  for (const flat of flats) {
    if (!isRecord(flat)) return fail(`${name}[${index}]`, 'must be an object');
    const key = recordKey(name, flat);
    const problem = check(flat);
    if (problem) fail(placeOf(name, index, definition.key, key), problem);
    if (key === undefined) fail(placeOf(name, index, definition.key, key), `has no ${definition.key}`);
    if (seen.has(key))
      fail(placeOf(name, index, definition.key, key), `${definition.key} ${JSON.stringify(key)} is used twice`);
    seen.add(key);
    index++;
  }
}
