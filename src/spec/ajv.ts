import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPI3 } from 'openapi-typescript';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** One Ajv over the whole bundled document, so any `#/…` pointer of it can be compiled as a schema. */
export function createDocumentAjv(doc: OpenAPI3, id: string, options: { useDefaults?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    validateSchema: false,
    useDefaults: options.useDefaults ?? false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' });
  ajv.addSchema(doc as object, id);
  return ajv;
}
