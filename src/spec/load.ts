import type { OpenAPI3 } from 'openapi-typescript';
import api from '../generated/api.json' with { type: 'json' };
import data from '../generated/data.json' with { type: 'json' };
import type { DocumentName } from './documents.ts';
import { openApiDocument } from './operations.ts';

/** The bundled documents, as `npm run gen` wrote them; importable in Node and in the browser. */
export const bundledDocuments: Record<DocumentName, OpenAPI3> = {
  api: openApiDocument(api, 'api'),
  data: openApiDocument(data, 'data'),
};
