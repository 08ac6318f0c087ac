import type { OpenAPI3 } from 'openapi-typescript';
import api from '../generated/api.runtime.json' with { type: 'json' };
import data from '../generated/data.runtime.json' with { type: 'json' };
import type { DocumentName } from './documents.ts';
import { openApiDocument } from './operations.ts';

/**
 * The documents as the mock reads them at run time (the route table, metadata, parameters, record schemas, key
 * formats): the bundled documents without their prose (`description`, `example`, `examples`; `npm run gen` writes
 * them). The API reference, the contract suite and Postman read the whole ones (`load.ts`).
 */
export const runtimeDocuments: Record<DocumentName, OpenAPI3> = {
  api: openApiDocument(api, 'api'),
  data: openApiDocument(data, 'data'),
};
