import { arrayAt, recordAt } from '../guards.ts';

type Schema = Record<string, unknown>;

/** Top-level keywords a record schema may have for the flat form to check exactly what the split form does. */
const plainKeywords = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'description',
  'example',
  'examples',
  'title',
]);

/** A schema's `#/…` references, pointed at the document it came from (`api#/…`), so it compiles on its own. */
function anchored(schema: unknown, documentId: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => anchored(item, documentId));
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    copy[keyword] =
      keyword === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${documentId}${value}`
        : anchored(value, documentId);
  }
  return copy;
}

/**
 * One schema for a flat seed record (its API fields and internal fields side by side), so a seed of many
 * records is checked without taking each apart first. It checks exactly what the record schema does on the
 * API fields (with the composed fields' defaults, which are valid, no longer required) and what the internal
 * field schemas do on the internal ones. Undefined when the record schema is more than a plain object schema.
 */
export function flatRecordSchema(
  recordSchema: Schema,
  documentId: string | undefined,
  internalFields: readonly string[],
  internalSchemas: Record<string, object> | undefined,
  composed: Record<string, unknown> | undefined,
): Schema | undefined {
  if (recordSchema.type !== 'object' || Object.keys(recordSchema).some((keyword) => !plainKeywords.has(keyword)))
    return undefined;
  const internal = new Set(internalFields);
  const properties: Schema = {};
  for (const [field, schema] of Object.entries(recordAt(recordSchema, 'properties') ?? {})) {
    if (!internal.has(field)) properties[field] = documentId ? anchored(schema, documentId) : schema;
  }
  // After the API fields, so a record with faults in both is reported for the API field, as before.
  for (const field of internalFields) properties[field] = internalSchemas?.[field] ?? true;
  const required = (arrayAt(recordSchema, 'required') ?? []).filter(
    (field) => typeof field === 'string' && !internal.has(field) && !(composed && field in composed),
  );
  const flat: Schema = { type: 'object', properties, required };
  if ('additionalProperties' in recordSchema)
    flat.additionalProperties = documentId
      ? anchored(recordSchema.additionalProperties, documentId)
      : recordSchema.additionalProperties;
  return flat;
}
