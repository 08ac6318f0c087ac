/** Keys of the maps of names in a schema or document, whose keys are never keywords. */
const nameMaps = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'dependentSchemas',
  'paths',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'content',
  'encoding',
  'links',
  'callbacks',
]);
/** Keywords whose values are data, copied as they are. */
const dataKeywords = new Set(['enum', 'const', 'default']);

/**
 * A copy of a document without what no check and nothing at run time reads (`description`, `example`, `examples`):
 * what the mock carries (`runtime-documents.ts`) and what the standalone validators are compiled from, so neither
 * carries the prose. Pointers into it stay valid.
 */
export function withoutProse(value: unknown, isNameMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutProse(item));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!isNameMap && (key === 'example' || key === 'examples' || (key === 'description' && typeof inner === 'string')))
      continue;
    copy[key] = !isNameMap && dataKeywords.has(key) ? inner : withoutProse(inner, !isNameMap && nameMaps.has(key));
  }
  return copy;
}
