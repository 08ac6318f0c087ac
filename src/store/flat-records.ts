import type { JsonRecord } from './table.ts';

export interface SplitRecord {
  record: JsonRecord;
  internal: JsonRecord;
}

const isInternal = (field: string | undefined, internalFields: ReadonlySet<string>): boolean =>
  field !== undefined && internalFields.has(field);

/**
 * Splits a flat seed record into its API record and its internal fields. When the internal fields come
 * last (as in generated seeds and snapshots), the record is the flat object itself (`reuse`) or a copy of
 * it, with those trailing fields deleted last first: V8 then only steps back along the object's shape,
 * and the record stays a fast-properties object. Built field by field, a record of more than a dozen
 * fields becomes a hash table: three times the memory, and several times slower to copy and serialise.
 */
export function splitFlat(flat: JsonRecord, internalFields: ReadonlySet<string>, reuse: boolean): SplitRecord {
  const fields = Object.keys(flat);
  let firstInternal = fields.length;
  while (firstInternal > 0 && isInternal(fields[firstInternal - 1], internalFields)) firstInternal--;
  const internal: JsonRecord = {};
  for (let index = 0; index < firstInternal; index++) {
    if (isInternal(fields[index], internalFields)) return splitFieldByField(flat, fields, internalFields);
  }
  const record = reuse ? flat : { ...flat };
  for (let index = firstInternal; index < fields.length; index++) {
    const field = fields[index];
    if (field !== undefined) internal[field] = flat[field];
  }
  for (let index = fields.length - 1; index >= firstInternal; index--) {
    const field = fields[index];
    if (field !== undefined) delete record[field];
  }
  return { record, internal };
}

function splitFieldByField(flat: JsonRecord, fields: string[], internalFields: ReadonlySet<string>): SplitRecord {
  const record: JsonRecord = {};
  const internal: JsonRecord = {};
  for (const field of fields) (internalFields.has(field) ? internal : record)[field] = flat[field];
  return { record, internal };
}
