import type { ValidateFunction } from 'ajv';
import type {
  HeaderObject,
  OpenAPI3,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from 'openapi-typescript';
import { createDocumentAjv } from './ajv.ts';
import { isCredentialKind, type CredentialKind } from './credential-kinds.ts';
import type { DocumentName } from './documents.ts';
import { parseTarget, type Access, type Scope, type Target } from './metadata.ts';
import { httpMethods, resolve, type HttpMethod } from './operations.ts';

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** The JSON type the raw string is coerced to before validation. */
  type: 'integer' | 'number' | 'boolean' | 'string';
}

export type BodyKind = 'json' | 'multipart' | 'raw';

export interface BodySpec {
  kind: BodyKind;
  required: boolean;
  /** Accepted media types, lower case; `audio/*` style wildcards allowed. */
  mediaTypes: string[];
  /** The JSON body's validator, compiled on first use; undefined for other kinds. */
  validator(): ValidateFunction | undefined;
}

/** A response header the documents declare. */
export interface ResponseHeaderSpec {
  /** Lower case. */
  name: string;
  required: boolean;
  /** The JSON type the raw value is coerced to before validation. */
  type: ParameterSpec['type'];
  /** Validates the coerced value against the header's schema; compiled on first use. */
  validator(): ValidateFunction | undefined;
}

export interface ResponseSpec {
  /** Media types listed for this status; empty when it has no body. */
  mediaTypes: string[];
  headers: ResponseHeaderSpec[];
  /** Validator of each JSON media type's schema, compiled on first use. */
  validator(mediaType: string): ValidateFunction | undefined;
}

/** One operation, with everything a request needs compiled once at start. */
export interface CompiledOperation {
  host: DocumentName;
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  scope: Scope;
  access: Access;
  target?: Target;
  unserved: boolean;
  /** Credential kinds the operation accepts (its `security` list); empty when public. */
  credentialKinds: ReadonlySet<CredentialKind>;
  parameters: ParameterSpec[];
  /** Validates `{path, query, header}` after coercion; compiled on first use. */
  validateParameters(): ValidateFunction;
  body?: BodySpec;
  responses: Map<string, ResponseSpec>;
}

/** Ajv compiles a validator when it is first needed, so start-up stays fast; each is compiled once. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function coercionType(schema: SchemaObject): ParameterSpec['type'] {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string';
}

/** Where a possibly-referenced object really lives, as a pointer into the document. */
function pointerOf(value: unknown, fallback: string): string {
  const ref = (value as ReferenceObject).$ref;
  return typeof ref === 'string' ? ref : fallback;
}

function bodyKind(mediaTypes: string[]): BodyKind {
  if (mediaTypes.every((type) => /^application\/([\w.-]+\+)?json$/.test(type))) return 'json';
  if (mediaTypes.includes('multipart/form-data')) return 'multipart';
  return 'raw';
}

/** Compiles every operation of a document: parameter, body and response validators, metadata, credentials. */
export function compileOperations(doc: OpenAPI3, host: DocumentName): CompiledOperation[] {
  const ajv = createDocumentAjv(doc, host, { useDefaults: true });
  const ref = (pointer: string) => ({ $ref: `${host}${pointer}` });
  const compiled: CompiledOperation[] = [];

  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = pointerOf(rawItem, `#/paths/${escapePointer(path)}`);
    const item = resolve<PathItemObject>(doc, rawItem as PathItemObject);
    for (const method of httpMethods) {
      if (!item[method]) continue;
      const opPointer = pointerOf(item[method], `${itemPointer}/${method}`);
      const operation = resolve<OperationObject>(doc, item[method]);
      const extensions = operation as Record<string, unknown>;

      const parameterPointers = new Map<string, { spec: ParameterSpec; pointer: string }>();
      const collect = (list: unknown[] | undefined, base: string) =>
        (list ?? []).forEach((raw, index) => {
          const pointer = pointerOf(raw, `${base}/parameters/${index}`);
          const parameter = resolve<ParameterObject>(doc, raw as ParameterObject);
          if (parameter.in === 'cookie') return;
          const schema = resolve<SchemaObject>(doc, (parameter.schema ?? {}) as SchemaObject);
          const spec: ParameterSpec = {
            name: parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name,
            in: parameter.in as ParameterSpec['in'],
            required: parameter.required === true,
            type: coercionType(schema),
          };
          parameterPointers.set(`${spec.in}:${spec.name}`, { spec, pointer: `${pointer}/schema` });
        });
      collect(item.parameters, itemPointer);
      collect(operation.parameters, opPointer);

      const groups: Record<string, { properties: Record<string, unknown>; required: string[] }> = {};
      for (const { spec, pointer } of parameterPointers.values()) {
        const group = (groups[spec.in] ??= { properties: {}, required: [] });
        group.properties[spec.name] = ref(pointer);
        if (spec.required) group.required.push(spec.name);
      }
      const validateParameters = once(() =>
        ajv.compile({
          type: 'object',
          properties: Object.fromEntries(
            Object.entries(groups).map(([location, group]) => [location, { type: 'object', ...group }]),
          ),
        }),
      );

      let body: BodySpec | undefined;
      if (operation.requestBody) {
        const bodyPointer = pointerOf(operation.requestBody, `${opPointer}/requestBody`);
        const requestBody = resolve<RequestBodyObject>(doc, operation.requestBody);
        const mediaTypes = Object.keys(requestBody.content ?? {}).map((type) => type.toLowerCase());
        const kind = bodyKind(mediaTypes);
        const schemaRef = ref(`${bodyPointer}/content/${escapePointer(mediaTypes[0]!)}/schema`);
        const validator = once(() => ajv.compile(schemaRef));
        body = {
          kind,
          required: requestBody.required === true,
          mediaTypes,
          validator: () => (kind === 'json' ? validator() : undefined),
        };
      }

      const responses = new Map<string, ResponseSpec>();
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const responsePointer = pointerOf(raw, `${opPointer}/responses/${status}`);
        const response = resolve<ResponseObject>(doc, raw as ResponseObject);
        const mediaTypes = Object.keys(response.content ?? {});
        const validators = new Map<string, ValidateFunction>();
        const headers = Object.entries(response.headers ?? {}).map(([name, rawHeader]): ResponseHeaderSpec => {
          const header = resolve<HeaderObject>(doc, rawHeader as HeaderObject);
          const schemaPointer = `${pointerOf(rawHeader, `${responsePointer}/headers/${escapePointer(name)}`)}/schema`;
          const validator = once(() => (header.schema ? ajv.compile(ref(schemaPointer)) : undefined));
          const type = header.schema
            ? coercionType(resolve<SchemaObject>(doc, header.schema as SchemaObject))
            : 'string';
          return { name: name.toLowerCase(), required: header.required === true, type, validator };
        });
        responses.set(status, {
          mediaTypes,
          headers,
          validator(mediaType) {
            if (!/json$/.test(mediaType) || !response.content?.[mediaType]?.schema) return undefined;
            let validate = validators.get(mediaType);
            if (!validate) {
              validate = ajv.compile(ref(`${responsePointer}/content/${escapePointer(mediaType)}/schema`));
              validators.set(mediaType, validate);
            }
            return validate;
          },
        });
      }

      const kinds = new Set<CredentialKind>();
      for (const requirement of operation.security ?? []) {
        for (const name of Object.keys(requirement)) if (isCredentialKind(name)) kinds.add(name);
      }
      const target = extensions['x-c3d-target'];
      compiled.push({
        host,
        operationId: operation.operationId!,
        method,
        path,
        summary: operation.summary ?? '',
        scope: extensions['x-c3d-scope'] as Scope,
        access: extensions['x-c3d-access'] as Access,
        target: target === undefined ? undefined : parseTarget(target),
        unserved: extensions['x-c3d-unserved'] === true,
        credentialKinds: kinds,
        parameters: [...parameterPointers.values()].map(({ spec }) => spec),
        validateParameters,
        body,
        responses,
      });
    }
  }
  return compiled;
}
