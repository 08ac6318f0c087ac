import type { ErrorObject } from 'ajv';
import { arrayAt, stringAt } from '../guards.ts';
import type { CompiledOperation, ParameterSpec } from '../spec/compile.ts';

export interface Parameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
}

/** Turns a raw string into the parameter's documented type when it reads as one; otherwise leaves it for validation to refuse. */
function coerce(raw: string, type: ParameterSpec['type']): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d{1,16}$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

/** Collects and coerces the operation's declared path, query and header parameters; undeclared ones are ignored. */
export function coerceParameters(
  operation: CompiledOperation,
  path: Record<string, string>,
  query: URLSearchParams,
  headers: Headers,
): Parameters {
  const result: Parameters = { path: {}, query: {}, header: {} };
  for (const spec of operation.parameters) {
    const raw =
      spec.in === 'path' ? path[spec.name] : spec.in === 'query' ? query.get(spec.name) : headers.get(spec.name);
    if (raw === undefined || raw === null) continue;
    result[spec.in][spec.name] = coerce(raw, spec.type);
  }
  return result;
}

/**
 * The first validation error as a sentence, the field it names (`/entityFilters/projectId`, `query.limit`) and
 * its JSON pointer in the validated value (`/entityFilters/projectId`, `/query/limit`).
 */
export function firstError(
  errors: ErrorObject[] | null | undefined,
  prefix: string,
): { message: string; field: string; pointer: string } {
  const error = errors?.[0];
  if (!error) return { message: 'is invalid', field: prefix || '/', pointer: '/' };
  const missingProperty = stringAt(error.params, 'missingProperty');
  const additionalProperty = stringAt(error.params, 'additionalProperty');
  const allowedValues = arrayAt(error.params, 'allowedValues');
  const pointer =
    error.instancePath + (missingProperty ? `/${missingProperty}` : additionalProperty ? `/${additionalProperty}` : '');
  const field = prefix ? `${prefix}${pointer}` : pointer.slice(1).replace('/', '.') || '/';
  const detail = missingProperty
    ? 'is required'
    : additionalProperty
      ? 'is not allowed'
      : allowedValues
        ? `must be one of ${allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : (error.message ?? 'is invalid');
  return { message: `${field} ${detail}`, field, pointer: pointer || '/' };
}

const documentedQuery = new WeakMap<CompiledOperation, ReadonlySet<string>>();

/** The query parameters of a request the operation does not document (the mock ignores them), in order. */
export function undocumentedQueryParameters(operation: CompiledOperation, query: URLSearchParams): string[] {
  let names = documentedQuery.get(operation);
  if (!names) {
    names = new Set(operation.parameters.filter((spec) => spec.in === 'query').map((spec) => spec.name));
    documentedQuery.set(operation, names);
  }
  const unknown: string[] = [];
  for (const name of query.keys()) if (!names.has(name) && !unknown.includes(name)) unknown.push(name);
  return unknown;
}
