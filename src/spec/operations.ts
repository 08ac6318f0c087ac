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

const isRef = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && typeof (value as ReferenceObject).$ref === 'string';

/** Follows a local `#/…` reference (repeatedly); anything else is answered as it is. */
export function resolve<T>(doc: OpenAPI3, value: T | ReferenceObject): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 32) throw new Error(`reference loop at ${current.$ref}`);
    current = lookupPointer(doc, current.$ref);
  }
  return current as T;
}

/** Reads a `#/a/b~1c` JSON pointer out of the document; throws when it does not resolve. */
export function lookupPointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external reference ${ref} in a bundled document`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`unresolved reference ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every operation of a document, in document order. */
export function listOperations(doc: OpenAPI3): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = resolve<PathItemObject>(doc, rawItem as PathItemObject | ReferenceObject);
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
