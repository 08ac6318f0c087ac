import type { MediaTypeObject, OpenAPI3, RequestBodyObject } from 'openapi-typescript';
import type { CompiledOperation } from '../spec/compile.ts';
import { listOperations, resolve, type OperationEntry } from '../spec/operations.ts';
import type { Resources } from './principals.ts';
import type { RequestSpec } from './model.ts';

const missingValues = { integer: 2147483647, string: 'c3d-contract-missing', uuid: '00000000-0000-4000-8000-00000000c3d0' };
const aliases: Record<string, string> = { projectIds: 'projectId', sdkSessionId: 'sessionId' };

/** How an operation's request is varied: its documented example, a body it must refuse, or a child that does not exist. */
export type Variant = 'example' | 'invalid-body' | 'missing-target' | 'missing-child';

export interface Aimed {
  request: RequestSpec;
}

/** Replaces the seed's ids in an example body with the tenant's, by field name. */
function substitute(value: unknown, resources: Resources): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, resources));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const own = resources[key];
    const plural = key.endsWith('Ids') ? resources[key.slice(0, -1)] : undefined;
    if (own !== undefined && (typeof item === 'number' || typeof item === 'string')) result[key] = typeof item === 'string' ? String(own) : own;
    else if (plural !== undefined && Array.isArray(item) && item.length > 0) result[key] = [typeof item[0] === 'string' ? String(plural) : plural];
    else result[key] = substitute(item, resources);
  }
  return result;
}

const emptyMultipart = '--c3dcontract--\r\n';

/** Builds requests for operations from the documents' examples and a tenant's resources. */
export class Aimer {
  private readonly entries = new Map<string, { doc: OpenAPI3; entry: OperationEntry }>();

  constructor(docs: Record<'api' | 'data', OpenAPI3>) {
    for (const doc of Object.values(docs)) for (const entry of listOperations(doc)) this.entries.set(entry.operation.operationId!, { doc, entry });
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
    keys.forEach((key, index) => {
      node = (node[key] = index === keys.length - 1 ? resources[aliases[key] ?? key] : {}) as Record<string, unknown>;
    });
    return { ...body, 'c3d-contract': 'not a field of this body' };
  }

  /** The request, or why the tenant's resources cannot address the operation. */
  aim(operation: CompiledOperation, resources: Resources, variant: Variant): RequestSpec | { unaimable: string } {
    const { doc, entry } = this.entries.get(operation.operationId)!;
    const targetName = operation.target && operation.target.from === 'path' ? operation.target.name : undefined;
    let path = operation.path;
    const query = new URLSearchParams();
    for (const parameter of entry.parameters) {
      const schema = resolve<{ type?: string; format?: string; examples?: unknown[] }>(doc, parameter.schema as never) ?? {};
      const key = parameter.in === 'query' && resources[`query:${parameter.name}`] !== undefined ? `query:${parameter.name}` : parameter.name;
      // Ids in the path must be the tenant's own; a query value may fall back to the documented example.
      const fallback = parameter.in === 'path' ? undefined : parameter.example ?? schema.examples?.[0];
      let value: unknown = resources[key] ?? resources[aliases[parameter.name] ?? ''] ?? fallback;
      const isChild = parameter.in === 'path' && parameter.name !== targetName;
      if ((variant === 'missing-child' && isChild) || (variant === 'missing-target' && parameter.in === 'path' && parameter.name === targetName)) {
        value = schema.format === 'uuid' ? missingValues.uuid : schema.type === 'integer' ? missingValues.integer : missingValues.string;
      }
      if (parameter.in === 'path') {
        if (value === undefined) return { unaimable: `no value for path parameter ${parameter.name}` };
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      } else if (parameter.in === 'query' && parameter.required) {
        if (value === undefined) return { unaimable: `no value for query parameter ${parameter.name}` };
        query.set(parameter.name, String(value));
      }
    }
    const search = query.toString();
    const request: RequestSpec = { host: operation.host, method: operation.method.toUpperCase(), path: search ? `${path}?${search}` : path };
    if (!operation.body) return request;
    const body = resolve<RequestBodyObject>(doc, entry.operation.requestBody!);
    const [mediaType, media] = Object.entries(body.content)[0] as [string, MediaTypeObject];
    if (variant === 'invalid-body') {
      // A body no schema of ours accepts: refused with 400 only after credentials and policy have let the caller through.
      if (operation.body.kind === 'json') request.body = { kind: 'json', contentType: 'application/json', text: JSON.stringify(this.invalidJson(operation, resources)) };
      else if (operation.body.kind === 'multipart') request.body = { kind: 'text', contentType: 'multipart/form-data; boundary=c3dcontract', text: emptyMultipart };
      else request.body = { kind: 'bytes', contentType: operation.body.mediaTypes.find((type) => !type.includes('*')) ?? 'application/octet-stream', bytes: new Uint8Array() };
      return request;
    }
    if (operation.body.kind !== 'json') return { unaimable: `${mediaType} bodies are sent by the write flows only` };
    const example = media.example ?? (Object.values(media.examples ?? {})[0] as { value?: unknown } | undefined)?.value;
    if (example === undefined) return { unaimable: 'no request example' };
    request.body = { kind: 'json', contentType: 'application/json', text: JSON.stringify(substitute(example, resources)) };
    return request;
  }
}
