import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPI3 } from 'openapi-typescript';
import { documentAjvOptions, setUpDocumentAjv } from './ajv-setup.ts';

// ajv-formats is CommonJS: its plugin is both `module.exports` and its `default` member, the one its types name.
const addFormats = addFormatsModule.default;

/**
 * One Ajv over the whole bundled document, so any `#/…` pointer of it can be compiled as a schema. The mock's own
 * validators are compiled ahead of time (`npm run gen`, `src/generated/validators-*.ts`); this compiler serves the
 * document checks, the generator, and the answers' check (`validateResponses`), which loads it only when asked.
 */
export function createDocumentAjv(
  doc: OpenAPI3,
  id: string,
  options: { useDefaults?: boolean; code?: Options['code'] } = {},
): Ajv2020 {
  return setUpDocumentAjv(new Ajv2020(documentAjvOptions(options)), addFormats, doc, id);
}
