import { stringAt } from '../guards.ts';
import type { OpenAPI3, OperationObject, ParameterObject, PathItemObject, ReferenceObject } from 'openapi-typescript';

export const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface OperationEntry {
  method: HttpMethod;
  path: string;
  operation: OperationObject;
  /** Path-level and operation-level parameters, resolved; the operation's win on a name clash. */
  parameters: ParameterObject[];
}

const isRef = (value: unknown): value is ReferenceObject => stringAt(value, '$ref') !== undefined;

/** Whether a parsed JSON value is an OpenAPI 3 document, as its `openapi` version says. */
export function isOpenApiDocument(value: unknown): value is OpenAPI3 {
  return stringAt(value, 'openapi')?.startsWith('3.') === true;
}

/** A parsed JSON value as an OpenAPI 3 document; throws when it is not one. */
export function openApiDocument(value: unknown, source: string): OpenAPI3 {
  if (!isOpenApiDocument(value)) throw new Error(`${source} is not an OpenAPI 3 document`);
  return value;
}

/** Follows a local `#/…` reference (repeatedly); anything else is answered as it is. */
export function resolve<T>(doc: OpenAPI3, value: T | ReferenceObject): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 32) throw new Error(`reference loop at ${current.$ref}`);
    current = lookupPointer(doc, current.$ref);
  }
  // A reference stands for what the document declares at its place: the document's contract, not a check.
  return current as T;
}

/** Reads a `#/a/b~1c` JSON pointer out of the document; throws when it does not resolve. */
export function lookupPointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external reference ${ref} in a bundled document`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`unresolved reference ${ref}`);
    node = Reflect.get(node, key);
  }
  return node;
}

/** Every operation of a document, in document order. */
export function listOperations(doc: OpenAPI3): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = resolve<PathItemObject>(doc, rawItem);
    const shared = (item.parameters ?? []).map((p) => resolve<ParameterObject>(doc, p));
    for (const method of httpMethods) {
      if (!item[method]) continue;
      const operation = resolve<OperationObject>(doc, item[method]);
      const own = (operation.parameters ?? []).map((p) => resolve<ParameterObject>(doc, p));
      const byKey = new Map<string, ParameterObject>();
      for (const parameter of [...shared, ...own]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      entries.push({ method, path, operation, parameters: [...byKey.values()] });
    }
  }
  return entries;
}

export const describeOperation = ({ method, path }: { method: string; path: string }) =>
  `${method.toUpperCase()} ${path}`;
