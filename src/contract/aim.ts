import type { MediaTypeObject, OpenAPI3, RequestBodyObject } from 'openapi-typescript';
import { arrayAt, isRecord, stringAt } from '../guards.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import { listOperations, resolve, type OperationEntry } from '../spec/operations.ts';
import type { Resources } from './principals.ts';
import type { RequestSpec } from './model.ts';

const missingValues = {
  integer: 2147483647,
  string: 'c3d-contract-missing',
  uuid: '00000000-0000-4000-8000-00000000c3d0',
};
/** Names under which the documents carry an id a tenant holds under another name. */
const aliases: Record<string, string> = { projectIds: 'projectId', sdkSessionId: 'sessionId', sdkId: 'sessionId' };

/** How an operation's request is varied: its documented example, a body it must refuse, or a child that does not exist. */
export type Variant = 'example' | 'invalid-body' | 'missing-target' | 'missing-child';

export interface Aimed {
  request: RequestSpec;
}

/**
 * The tenant key an id field stands for: a field ending in `Id` (or `Ids`, a list of them) whose name, its
 * singular or its alias is a parameter name of the documents, that is, an id a tenant can hold.
 */
function idKeyOf(field: string, parameterNames: ReadonlySet<string>): string | undefined {
  if (!/[a-z]Ids?$/.test(field)) return undefined;
  const singular = field.endsWith('Ids') ? field.slice(0, -1) : field;
  const key = parameterNames.has(singular) ? singular : (aliases[field] ?? aliases[singular]);
  return key !== undefined && parameterNames.has(key) ? key : undefined;
}

class MissingId extends Error {}

/**
 * Replaces the seed's ids in an example body with the tenant's, by field name, at any depth. An id field the
 * tenant has no value for throws `MissingId`: the body would otherwise name another tenant's resource.
 */
function substitute(value: unknown, resources: Resources, parameterNames: ReadonlySet<string>, pointer = ''): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => substitute(item, resources, parameterNames, `${pointer}/${index}`));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    const key = idKeyOf(field, parameterNames);
    const isIdValue = (entry: unknown) => typeof entry === 'number' || typeof entry === 'string';
    const holdsIds = isIdValue(item) || (Array.isArray(item) && item.length > 0 && item.every(isIdValue));
    if (key === undefined || !holdsIds) {
      result[field] = substitute(item, resources, parameterNames, `${pointer}/${field}`);
      continue;
    }
    const own = resources[key];
    if (own === undefined) throw new MissingId(`no value for ${key} (the example body's ${pointer}/${field})`);
    const sameType = (sample: unknown) => (typeof sample === 'string' ? String(own) : own);
    result[field] = Array.isArray(item) ? [sameType(item[0])] : sameType(item);
  }
  return result;
}

const emptyMultipart = '--c3dcontract--\r\n';

/** Builds requests for operations from the documents' examples and a tenant's resources. */
export class Aimer {
  private readonly entries = new Map<string, { doc: OpenAPI3; entry: OperationEntry }>();
  /** Every path and query parameter name of the documents: the names a tenant's ids go by. */
  readonly parameterNames = new Set<string>();

  constructor(docs: Record<'api' | 'data', OpenAPI3>) {
    for (const doc of Object.values(docs)) {
      for (const entry of listOperations(doc)) {
        const { operationId } = entry.operation;
        if (operationId !== undefined) this.entries.set(operationId, { doc, entry });
        for (const parameter of entry.parameters)
          if (parameter.in === 'path' || parameter.in === 'query') this.parameterNames.add(parameter.name);
      }
    }
  }

  /**
   * A JSON body no schema of ours accepts. Where the target is read from the body, the body names it (and
   * lacks the rest), so the policy still sees whose resource it is.
   */
  private invalidJson(operation: CompiledOperation, resources: Resources): unknown {
    if (operation.target?.from !== 'body') return [];
    const keys = operation.target.pointer.split('/').slice(1);
    const body: Record<string, unknown> = {};
    let node = body;
    for (const [index, key] of keys.entries()) {
      if (index === keys.length - 1) {
        node[key] = resources[aliases[key] ?? key];
        continue;
      }
      const child: Record<string, unknown> = {};
      node[key] = child;
      node = child;
    }
    return { ...body, 'c3d-contract': 'not a field of this body' };
  }

  /** The request, or why the tenant's resources cannot address the operation. */
  // Over 80 lines, kept whole: path and query, then the body, in the order the request is built.
  aim(operation: CompiledOperation, resources: Resources, variant: Variant): RequestSpec | { unaimable: string } {
    const known = this.entries.get(operation.operationId);
    if (!known) throw new Error(`${operation.operationId}: not an operation of the documents`);
    const { doc, entry } = known;
    const targetName = operation.target && operation.target.from === 'path' ? operation.target.name : undefined;
    let path = operation.path;
    const query = new URLSearchParams();
    for (const parameter of entry.parameters) {
      const schema = resolve<unknown>(doc, parameter.schema);
      const key =
        parameter.in === 'query' && resources[`query:${parameter.name}`] !== undefined
          ? `query:${parameter.name}`
          : parameter.name;
      // Ids in the path must be the tenant's own; a query value may fall back to the documented example.
      const fallback = parameter.in === 'path' ? undefined : (parameter.example ?? arrayAt(schema, 'examples')?.[0]);
      let value: unknown = resources[key] ?? resources[aliases[parameter.name] ?? ''] ?? fallback;
      const isChild = parameter.in === 'path' && parameter.name !== targetName;
      if (
        (variant === 'missing-child' && isChild) ||
        (variant === 'missing-target' && parameter.in === 'path' && parameter.name === targetName)
      ) {
        value =
          stringAt(schema, 'format') === 'uuid'
            ? missingValues.uuid
            : stringAt(schema, 'type') === 'integer'
              ? missingValues.integer
              : missingValues.string;
      }
      if (parameter.in === 'path') {
        if (value === undefined) return { unaimable: `no value for path parameter ${parameter.name}` };
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      } else if (parameter.in === 'query' && parameter.required) {
        // An id in the query must be the tenant's own too: the documented example names the seed's.
        const ownId = resources[key] ?? resources[aliases[parameter.name] ?? ''];
        if (
          value === undefined ||
          (ownId === undefined && idKeyOf(parameter.name, this.parameterNames) !== undefined)
        ) {
          return { unaimable: `no value for query parameter ${parameter.name}` };
        }
        query.set(parameter.name, String(value));
      }
    }
    const search = query.toString();
    const request: RequestSpec = {
      host: operation.host,
      method: operation.method.toUpperCase(),
      path: search ? `${path}?${search}` : path,
    };
    const { requestBody } = entry.operation;
    if (!operation.body || !requestBody) return request;
    if (variant === 'invalid-body') {
      // A body no schema of ours accepts: refused with 400 only after credentials and policy have let the caller through.
      if (operation.body.kind === 'json')
        request.body = {
          kind: 'json',
          contentType: 'application/json',
          text: JSON.stringify(this.invalidJson(operation, resources)),
        };
      else if (operation.body.kind === 'multipart')
        request.body = { kind: 'text', contentType: 'multipart/form-data; boundary=c3dcontract', text: emptyMultipart };
      else
        request.body = {
          kind: 'bytes',
          contentType: operation.body.mediaTypes.find((type) => !type.includes('*')) ?? 'application/octet-stream',
          bytes: new Uint8Array(),
        };
      return request;
    }
    const [firstMediaType] = Object.entries(resolve<RequestBodyObject>(doc, requestBody).content);
    if (!firstMediaType) return { unaimable: 'no request body media type' };
    const [mediaType, media] = firstMediaType;
    if (operation.body.kind !== 'json') return { unaimable: `${mediaType} bodies are sent by the write flows only` };
    // The examples of a media type given by reference are not looked up.
    const documented: MediaTypeObject = '$ref' in media ? {} : media;
    const [firstExample] = Object.values(documented.examples ?? {});
    const example = documented.example ?? (isRecord(firstExample) ? firstExample.value : undefined);
    if (example === undefined) return { unaimable: 'no request example' };
    try {
      request.body = {
        kind: 'json',
        contentType: 'application/json',
        text: JSON.stringify(substitute(example, resources, this.parameterNames)),
      };
    } catch (error) {
      if (error instanceof MissingId) return { unaimable: error.message };
      throw error;
    }
    return request;
  }
}
