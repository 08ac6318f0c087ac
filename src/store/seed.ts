import type { ValidateFunction } from 'ajv';
import { createDocumentAjv } from '../spec/ajv.ts';
import { bundledDocuments } from '../spec/load.ts';
import { internalFieldSchemas, internalRecordSchemas } from './internal-schemas.ts';
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

const validators = new Map<string, ValidateFunction>();
let seedAjv: ReturnType<typeof createDocumentAjv> | undefined;

function createSeedAjv() {
  const ajv = createDocumentAjv(bundledDocuments.api, 'api');
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

/** Checks a parsed seed: known tables, every record valid against its schema, unique keys, existing references. */
export function validateSeed(seed: unknown, source: string): SeedData {
  const fail = (where: string, message: string): never => {
    throw new SeedError(`${source}: ${where}: ${message}`);
  };
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) fail('top level', 'must be an object of tables');
  const data = seed as Record<string, unknown>;
  for (const name of Object.keys(data)) {
    if (!(name in tableDefinitions)) fail(name, `is not a table (tables: ${tableNames.join(', ')})`);
    if (!Array.isArray(data[name])) fail(name, 'must be an array of records');
  }
  const keys = new Map<TableName, Set<unknown>>();
  for (const name of tableNames) {
    const definition = tableDefinitions[name];
    const seen = new Set<unknown>();
    keys.set(name, seen);
    const internalFields = new Set<string>(definition.internal);
    ((data[name] as unknown[] | undefined) ?? []).forEach((flat, index) => {
      const where = () => `${name}[${index}]${key === undefined ? '' : ` (${definition.key} ${JSON.stringify(key)})`}`;
      let key: unknown;
      if (typeof flat !== 'object' || flat === null || Array.isArray(flat)) return fail(where(), 'must be an object');
      const record: JsonRecord = { ...definition.composed };
      const internal: JsonRecord = {};
      for (const [field, value] of Object.entries(flat)) (internalFields.has(field) ? internal : record)[field] = value;
      key = (flat as JsonRecord)[definition.key];
      if (name === 'questionSets') key = `${record.projectId}/${record.id}`;
      const validateRecord = validatorFor(definition.schema!);
      if (!validateRecord(record)) fail(where(), describeError(validateRecord));
      if (internalFieldSchemas[name]) {
        const validateInternal = validatorFor(`internal-fields:${name}`);
        if (!validateInternal(internal)) fail(where(), describeError(validateInternal));
      }
      if (key === undefined) fail(where(), `has no ${definition.key}`);
      if (seen.has(key)) fail(where(), `${definition.key} ${JSON.stringify(key)} is used twice`);
      seen.add(key);
    });
  }
  for (const name of tableNames) {
    ((data[name] as JsonRecord[] | undefined) ?? []).forEach((flat, index) => {
      for (const [field, table] of Object.entries(references)) {
        const value = flat[field];
        if (value === undefined || value === null || (name === table && field === tableDefinitions[name].key)) continue;
        if (!keys.get(table)!.has(value)) {
          fail(`${name}[${index}] (${tableDefinitions[name].key} ${JSON.stringify(flat[tableDefinitions[name].key])})`, `field ${field} refers to ${table} ${JSON.stringify(value)}, which the seed does not have`);
        }
      }
    });
  }
  return data as SeedData;
}
