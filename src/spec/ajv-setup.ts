import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import type { OpenAPI3 } from 'openapi-typescript';

/** The options every document Ajv is made with (`code` only when its standalone code is wanted). */
export const documentAjvOptions = (options: { useDefaults?: boolean; code?: Options['code'] } = {}): Options => ({
  strict: false,
  allErrors: false,
  validateSchema: false,
  useDefaults: options.useDefaults ?? false,
  // Standalone code calls each referenced schema's one function rather than repeating it inline at every use:
  // the same checks and errors, in a fraction of the code.
  ...(options.code ? { code: options.code, inlineRefs: false } : {}),
});

/**
 * Gives an Ajv the formats, the `example` keyword and the whole bundled document, so any `#/…` pointer of it can be
 * compiled as a schema. Imports nothing of Ajv itself, so the mock's run-time path can reach it without the compiler.
 */
export function setUpDocumentAjv(
  ajv: Ajv2020,
  addFormats: (ajv: Ajv2020) => unknown,
  doc: OpenAPI3,
  id: string,
): Ajv2020 {
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' });
  const schema: object = doc;
  ajv.addSchema(schema, id);
  return ajv;
}
