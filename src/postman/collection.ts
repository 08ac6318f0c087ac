import type { OpenAPI3 } from 'openapi-typescript';
import type { DocumentName } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';
import { describeOperation, listOperations, type OperationEntry } from '../spec/operations.ts';
import { placeAuth } from './auth-placement.ts';
import { correctedBody } from './bodies.ts';
import {
  isFolder,
  requestItems,
  type Auth,
  type CollectionJson,
  type RequestItem,
  type Url,
} from './collection-json.ts';
import { convertWithPostman } from './convert.ts';
import { answersCsrfToken, credentialsFor, keepCsrfToken } from './credentials.ts';
import { stableId } from './stable-id.ts';

/** The variable a document's requests start with (`{{apiBaseUrl}}`, `{{dataBaseUrl}}`), set by the environment. */
export const baseUrlVariable = (name: DocumentName) => `${name}BaseUrl`;

/** The converter's host variable, which it defines on the collection as the first server: the real host. */
const convertedHost = '{{baseUrl}}';

function pointAtVariable(url: Url | undefined, variable: string): void {
  if (!url) return;
  if (url.host.join('.') !== convertedHost) throw new Error(`unexpected host ${url.host.join('.')} from the converter`);
  url.host = [`{{${variable}}}`];
  if (url.raw) url.raw = url.raw.replace(convertedHost, `{{${variable}}}`);
}

/** `POST /scenes/{sceneId}`, from a request's method and its `:sceneId` path. */
const requestKey = (item: RequestItem) =>
  describeOperation({
    method: item.request.method,
    path: `/${item.request.url.path.map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment)).join('/')}`,
  });

/** Each converted request with the operation it came from; every operation must come out exactly once. */
function pairWithOperations(document: OpenAPI3, collection: CollectionJson): Map<RequestItem, OperationEntry> {
  const operations = new Map(listOperations(document).map((entry) => [describeOperation(entry), entry]));
  const pairs = new Map<RequestItem, OperationEntry>();
  for (const { item } of requestItems(collection.item)) {
    const key = requestKey(item);
    const entry = operations.get(key);
    if (!entry)
      throw new Error(`the converter produced ${key}, which is not an operation of the document (or came out twice)`);
    operations.delete(key);
    pairs.set(item, entry);
  }
  if (operations.size) throw new Error(`the converter left out ${[...operations.keys()].join(', ')}`);
  return pairs;
}

/**
 * One document as a Postman v2.1 collection: Postman's converter, then what it gets wrong for this API put
 * right: the base URL is a variable the environment sets (not the real host), each request sends the
 * credential its operation accepts from an environment variable, multipart and raw-file bodies are
 * usable (no hand-set multipart Content-Type), the login keeps its CSRF token, and ids are stable.
 */
export async function buildCollection(name: DocumentName): Promise<CollectionJson> {
  const document = bundledDocuments[name];
  const collection = await convertWithPostman(document);
  delete collection.variable;
  collection.info._postman_id = stableId(name);
  const wantedAuth = new Map<RequestItem, Auth>();
  for (const [item, { operation }] of pairWithOperations(document, collection)) {
    const operationId = operation.operationId ?? requestKey(item);
    item.id = stableId(`${name}:${operationId}`);
    pointAtVariable(item.request.url, baseUrlVariable(name));
    const credentials = credentialsFor(document, operation);
    wantedAuth.set(item, credentials.auth);
    item.request.header.push(...credentials.headers);
    const body = correctedBody(document, operation);
    if (body) item.request.body = body;
    // Postman writes the multipart Content-Type with its boundary only when none is set by hand.
    if (body?.mode === 'formdata')
      item.request.header = item.request.header.filter((header) => header.key.toLowerCase() !== 'content-type');
    for (const [index, response] of (item.response ?? []).entries()) {
      response.id = stableId(`${name}:${operationId}:response:${index}`);
      pointAtVariable(response.originalRequest?.url, baseUrlVariable(name));
      if (body && response.originalRequest) response.originalRequest.body = body;
    }
    if (answersCsrfToken(document, operation)) item.event = [...(item.event ?? []), keepCsrfToken()];
  }
  for (const folder of collection.item.filter(isFolder)) folder.id = stableId(`${name}:folder:${folder.name}`);
  placeAuth(collection, wantedAuth);
  return collection;
}
