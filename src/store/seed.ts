import type { ValidateFunction } from 'ajv';
import { createDocumentAjv } from '../spec/ajv.ts';
import { bundledDocuments } from '../spec/load.ts';
import type { SplitRecord } from './flat-records.ts';
import { withFastDateTime } from './date-time-format.ts';
import { flatRecordSchema } from './flat-schema.ts';
import { internalFieldSchemas, internalRecordSchemas } from './internal-schemas.ts';
import type { SeedData } from './store.ts';
import type { JsonRecord } from './table.ts';
import { tableDefinitions, tableNames, type StoreTableDefinition, type TableName } from './tables.ts';

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

const validators = new Map<string, ValidateFunction>();
let seedAjv: ReturnType<typeof createDocumentAjv> | undefined;

function createSeedAjv() {
  const ajv = withFastDateTime(createDocumentAjv(bundledDocuments.api, 'api'));
  ajv.addSchema(bundledDocuments.data as object, 'data');
  for (const [name, schema] of Object.entries(internalRecordSchemas)) ajv.addSchema(schema, `internal:${name}`);
  for (const [table, fields] of Object.entries(internalFieldSchemas)) {
    ajv.addSchema({ type: 'object', properties: fields }, `internal-fields:${table}`);
  }
  return ajv;
}

function validatorFor(schemaName: string): ValidateFunction {
  let validate = validators.get(schemaName);
  if (!validate) {
    const ajv = (seedAjv ??= createSeedAjv());
    const inApi = bundledDocuments.api.components?.schemas?.[schemaName];
    const inData = bundledDocuments.data.components?.schemas?.[schemaName];
    const ref = schemaName.startsWith('internal-fields:')
      ? schemaName
      : internalRecordSchemas[schemaName]
        ? `internal:${schemaName}`
        : inApi
          ? `api#/components/schemas/${schemaName}`
          : inData
            ? `data#/components/schemas/${schemaName}`
            : undefined;
    if (!ref) throw new Error(`no schema named ${schemaName}`);
    validate = ajv.compile({ $ref: ref });
    validators.set(schemaName, validate);
  }
  return validate;
}

/** The schema of a table's records, and the id of the document it is in (none for the internal record schemas). */
function recordSchemaOf(schemaName: string): { schema: Record<string, unknown>; documentId?: string } {
  const internal = internalRecordSchemas[schemaName];
  if (internal) return { schema: internal as Record<string, unknown> };
  const inApi = bundledDocuments.api.components?.schemas?.[schemaName];
  if (inApi) return { schema: inApi as Record<string, unknown>, documentId: 'api' };
  const inData = bundledDocuments.data.components?.schemas?.[schemaName];
  if (inData) return { schema: inData as Record<string, unknown>, documentId: 'data' };
  throw new Error(`no schema named ${schemaName}`);
}

const flatValidators = new Map<TableName, ValidateFunction | null>();

/** A check of a table's flat records as they are (see `flatRecordSchema`), or null when only the split form will do. */
function flatValidatorFor(name: TableName): ValidateFunction | null {
  let validate = flatValidators.get(name);
  if (validate === undefined) {
    const definition: StoreTableDefinition = tableDefinitions[name];
    const { schema, documentId } = recordSchemaOf(definition.schema!);
    const flat = flatRecordSchema(
      schema,
      documentId,
      definition.internal,
      internalFieldSchemas[name],
      definition.composed,
    );
    validate = flat ? (seedAjv ??= createSeedAjv()).compile(flat) : null;
    flatValidators.set(name, validate);
  }
  return validate;
}

const describeError = (validate: ValidateFunction) => {
  const error = validate.errors?.[0];
  if (!error) return 'is invalid';
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
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

/** Checks a parsed seed: known tables, every record valid against its schema, unique keys, existing references. */
export function validateSeed(seed: unknown, source: string): SeedData {
  const fail = (where: string, message: string): never => {
    throw new SeedError(`${source}: ${where}: ${message}`);
  };
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed))
    fail('top level', 'must be an object of tables');
  const data = seed as Record<string, unknown>;
  for (const name of Object.keys(data)) {
    if (!(name in tableDefinitions)) fail(name, `is not a table (tables: ${tableNames.join(', ')})`);
    if (!Array.isArray(data[name])) fail(name, 'must be an array of records');
  }
  const keys = new Map<TableName, Set<unknown>>();
  // Plain loops over the records: a seed may hold hundreds of thousands, and per-record closures and
  // entry arrays cost more than the schema checks themselves.
  for (const name of tableNames) {
    const definition = tableDefinitions[name];
    const seen = new Set<unknown>();
    keys.set(name, seen);
    const flats = (data[name] as unknown[] | undefined) ?? [];
    if (flats.length === 0) continue;
    const internalFields = new Set<string>(definition.internal);
    const validateFlat = flatValidatorFor(name);
    const validateRecord = validateFlat ? undefined : validatorFor(definition.schema!);
    const validateInternal =
      !validateFlat && internalFieldSchemas[name] ? validatorFor(`internal-fields:${name}`) : undefined;
    for (let index = 0; index < flats.length; index++) {
      const flat = flats[index] as JsonRecord;
      if (typeof flat !== 'object' || flat === null || Array.isArray(flat))
        fail(`${name}[${index}]`, 'must be an object');
      const key = name === 'questionSets' ? `${flat.projectId}/${flat.id}` : flat[definition.key];
      if (validateFlat) {
        if (!validateFlat(flat)) fail(placeOf(name, index, definition.key, key), describeError(validateFlat));
      } else {
        const { record, internal } = withComposed(flat, internalFields, definition.composed ?? {});
        if (!validateRecord!(record)) fail(placeOf(name, index, definition.key, key), describeError(validateRecord!));
        if (validateInternal && !validateInternal(internal))
          fail(placeOf(name, index, definition.key, key), describeError(validateInternal));
      }
      if (key === undefined) fail(placeOf(name, index, definition.key, key), `has no ${definition.key}`);
      if (seen.has(key))
        fail(placeOf(name, index, definition.key, key), `${definition.key} ${JSON.stringify(key)} is used twice`);
      seen.add(key);
    }
  }
  const referenceFields = Object.entries(references);
  for (const name of tableNames) {
    const flats = (data[name] as JsonRecord[] | undefined) ?? [];
    const keyField = tableDefinitions[name].key;
    for (let index = 0; index < flats.length; index++) {
      const flat = flats[index]!;
      for (const [field, table] of referenceFields) {
        const value = flat[field];
        if (value === undefined || value === null || (name === table && field === keyField)) continue;
        if (!keys.get(table)!.has(value)) {
          fail(
            `${name}[${index}] (${keyField} ${JSON.stringify(flat[keyField])})`,
            `field ${field} refers to ${table} ${JSON.stringify(value)}, which the seed does not have`,
          );
        }
      }
    }
  }
  return data as SeedData;
}
