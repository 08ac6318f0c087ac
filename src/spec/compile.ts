import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type {
  HeaderObject,
  OpenAPI3,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  ResponsesObject,
  SchemaObject,
} from 'openapi-typescript';
import { isOneOf, stringAt } from '../guards.ts';
import { validators as apiValidators } from '../generated/validators-api.ts';
import { validators as dataValidators } from '../generated/validators-data.ts';
import { documentAjvOptions, setUpDocumentAjv } from './ajv-setup.ts';
import { isCredentialKind, type CredentialKind } from './credential-kinds.ts';
import type { DocumentName } from './documents.ts';
import { accessLevels, parseTarget, scopes, type Access, type Scope, type Target } from './metadata.ts';
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

/** A validator made when it is first needed; each is made once. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The validators `npm run gen` compiled ahead of time, by host: `parameters:<operationId>`, `body:<operationId>`. */
const precompiled: Record<DocumentName, Record<string, ValidateFunction>> = {
  api: apiValidators,
  data: dataValidators,
};

type DocumentAjvFactory = (doc: OpenAPI3, id: string, options?: { useDefaults?: boolean }) => Ajv2020;
let documentAjvFactory: DocumentAjvFactory | undefined;

let required: NodeJS.Require | null | undefined;

/** Node's `require`, reached without importing a Node module (so a browser bundle neither needs nor carries it). */
function nodeRequire(): NodeJS.Require | undefined {
  if (required === undefined) {
    const module = globalThis.process?.getBuiltinModule?.('module');
    required = module?.createRequire(import.meta.url) ?? null;
  }
  return required ?? undefined;
}

type AddFormats = (ajv: Ajv2020) => Ajv2020;

/**
 * Ajv's compiler, for what is not compiled ahead of time (the answers' check, `validateResponses`): in Node it is
 * required when first needed; in a browser `loadCompiler()` must have loaded it (a chunk of its own).
 */
function compilerFactory(): DocumentAjvFactory {
  if (documentAjvFactory) return documentAjvFactory;
  const require = nodeRequire();
  if (!require) throw new Error("Ajv's compiler is not loaded: await loadCompiler() before checking answers");
  const ajvModule: { Ajv2020: new (options: object) => Ajv2020 } = require('ajv/dist/2020.js');
  const Ajv = ajvModule.Ajv2020;
  const formats: AddFormats & { default?: AddFormats } = require('ajv-formats');
  const addFormats = formats.default ?? formats;
  documentAjvFactory = (doc, id, options) =>
    setUpDocumentAjv(new Ajv(documentAjvOptions(options)), addFormats, doc, id);
  return documentAjvFactory;
}

/** Loads Ajv's compiler where it cannot be required synchronously (a browser), for the answers' check. */
export async function loadCompiler(): Promise<void> {
  if (documentAjvFactory || nodeRequire()) return;
  documentAjvFactory = (await import('./ajv.ts')).createDocumentAjv;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function coercionType(schema: SchemaObject): ParameterSpec['type'] {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string';
}

/** Where a possibly-referenced object really lives, as a pointer into the document. */
function pointerOf(value: unknown, fallback: string): string {
  return stringAt(value, '$ref') ?? fallback;
}

function bodyKind(mediaTypes: string[]): BodyKind {
  if (mediaTypes.every((type) => /^application\/([\w.-]+\+)?json$/.test(type))) return 'json';
  if (mediaTypes.includes('multipart/form-data')) return 'multipart';
  return 'raw';
}

/** What compiling one document's operations shares: the document, its validators, its schema references. */
interface CompileContext {
  doc: OpenAPI3;
  /** Ajv's compiler over the document, made when first needed (answers only, or what was not compiled ahead of time). */
  ajv: () => Ajv2020;
  /** The validator `npm run gen` compiled for `name`, else `schema` compiled now. */
  validator: (name: string, schema: object) => ValidateFunction;
  /** Every schema a request's check needs, by the name its compiled validator has (`npm run gen` compiles them). */
  schemas: Map<string, object>;
  ref: (pointer: string) => { $ref: string };
}

/** An operation's request body: its kind, its media types, and (JSON bodies) its validator, compiled on first use. */
function compileBody(
  { doc, validator: precompiledOr, schemas, ref }: CompileContext,
  rawBody: NonNullable<OperationObject['requestBody']>,
  opPointer: string,
  operationId: string,
): BodySpec {
  const bodyPointer = pointerOf(rawBody, `${opPointer}/requestBody`);
  const requestBody = resolve<RequestBodyObject>(doc, rawBody);
  const mediaTypes = Object.keys(requestBody.content ?? {}).map((type) => type.toLowerCase());
  const [firstMediaType] = mediaTypes;
  if (firstMediaType === undefined) throw new Error(`${bodyPointer} lists no media type`);
  const kind = bodyKind(mediaTypes);
  const schemaRef = ref(`${bodyPointer}/content/${escapePointer(firstMediaType)}/schema`);
  if (kind === 'json') schemas.set(`body:${operationId}`, schemaRef);
  const validator = once(() => precompiledOr(`body:${operationId}`, schemaRef));
  return {
    kind,
    required: requestBody.required === true,
    mediaTypes,
    validator: () => (kind === 'json' ? validator() : undefined),
  };
}

/** An operation's responses by status: media types, headers and validators, each compiled on first use. */
function compileResponses(
  { doc, ajv, ref }: CompileContext,
  rawResponses: ResponsesObject,
  opPointer: string,
): Map<string, ResponseSpec> {
  const responses = new Map<string, ResponseSpec>();
  for (const [status, raw] of Object.entries(rawResponses)) {
    const responsePointer = pointerOf(raw, `${opPointer}/responses/${status}`);
    const response = resolve<ResponseObject>(doc, raw);
    const mediaTypes = Object.keys(response.content ?? {});
    const validators = new Map<string, ValidateFunction>();
    const headers = Object.entries(response.headers ?? {}).map(([name, rawHeader]): ResponseHeaderSpec => {
      const header = resolve<HeaderObject>(doc, rawHeader);
      const schemaPointer = `${pointerOf(rawHeader, `${responsePointer}/headers/${escapePointer(name)}`)}/schema`;
      const validator = once(() => (header.schema ? ajv().compile(ref(schemaPointer)) : undefined));
      const type = header.schema ? coercionType(resolve<SchemaObject>(doc, header.schema)) : 'string';
      return { name: name.toLowerCase(), required: header.required === true, type, validator };
    });
    responses.set(status, {
      mediaTypes,
      headers,
      validator(mediaType) {
        if (!/json$/.test(mediaType) || !response.content?.[mediaType]?.schema) return undefined;
        let validate = validators.get(mediaType);
        if (!validate) {
          validate = ajv().compile(ref(`${responsePointer}/content/${escapePointer(mediaType)}/schema`));
          validators.set(mediaType, validate);
        }
        return validate;
      },
    });
  }
  return responses;
}

/**
 * Compiles every operation of a document: metadata, credentials, and the parameter and body validators (`npm run
 * gen` compiled them ahead of time; start-up compiles none), and response validators, compiled on first use.
 */
export function compileOperations(doc: OpenAPI3, host: DocumentName): CompiledOperation[] {
  return walkOperations(doc, host).operations;
}

/**
 * The schemas of every parameter and JSON body check of a document, by the name of their validator
 * (`parameters:<operationId>`, `body:<operationId>`), for `npm run gen` to compile ahead of time.
 */
export function requestSchemas(doc: OpenAPI3, host: DocumentName): Map<string, object> {
  return walkOperations(doc, host).schemas;
}

/** A parameter the request check reads, with the pointer to its schema. */
interface ParameterEntry {
  spec: ParameterSpec;
  pointer: string;
}

/** The path's and the operation's parameters (cookies aside) by `in:name`; the operation's win on a clash. */
function collectParameters(
  doc: OpenAPI3,
  lists: { list: PathItemObject['parameters']; base: string }[],
): Map<string, ParameterEntry> {
  const parameters = new Map<string, ParameterEntry>();
  for (const { list, base } of lists) {
    (list ?? []).forEach((raw, index) => {
      const pointer = pointerOf(raw, `${base}/parameters/${index}`);
      const parameter = resolve<ParameterObject>(doc, raw);
      if (parameter.in === 'cookie') return;
      const spec: ParameterSpec = {
        name: parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name,
        in: parameter.in,
        required: parameter.required === true,
        type: parameter.schema ? coercionType(resolve<SchemaObject>(doc, parameter.schema)) : 'string',
      };
      parameters.set(`${spec.in}:${spec.name}`, { spec, pointer: `${pointer}/schema` });
    });
  }
  return parameters;
}

/** One schema over `{path, query, header}`, each an object of the parameters found there. */
function parametersSchema(parameters: Iterable<ParameterEntry>, ref: CompileContext['ref']): object {
  const groups: Record<string, { properties: Record<string, unknown>; required: string[] }> = {};
  for (const { spec, pointer } of parameters) {
    const group = (groups[spec.in] ??= { properties: {}, required: [] });
    group.properties[spec.name] = ref(pointer);
    if (spec.required) group.required.push(spec.name);
  }
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(groups).map(([location, group]) => [location, { type: 'object', ...group }]),
    ),
  };
}

/** The credential kinds an operation's `security` list names. */
function credentialKindsOf(operation: OperationObject): Set<CredentialKind> {
  const kinds = new Set<CredentialKind>();
  for (const requirement of operation.security ?? []) {
    for (const name of Object.keys(requirement)) if (isCredentialKind(name)) kinds.add(name);
  }
  return kinds;
}

/** An `x-c3d-*` extension whose value must be one of `members`. */
function extensionOneOf<Member extends string>(
  operation: OperationObject,
  name: `x-c3d-${string}`,
  members: readonly Member[],
  where: string,
): Member {
  const value: unknown = operation[name];
  if (!isOneOf(members, value)) throw new Error(`${where}: ${name} must be one of ${members.join(', ')}`);
  return value;
}

/** Where one operation sits: its path item, method, and the pointers to both. */
interface OperationSite {
  path: string;
  method: HttpMethod;
  item: PathItemObject;
  itemPointer: string;
  rawOperation: OperationObject | ReferenceObject;
}

function compileOperation(context: CompileContext, host: DocumentName, site: OperationSite): CompiledOperation {
  const { doc, validator } = context;
  const { path, method, item, itemPointer, rawOperation } = site;
  const opPointer = pointerOf(rawOperation, `${itemPointer}/${method}`);
  const operation = resolve<OperationObject>(doc, rawOperation);
  const { operationId } = operation;
  if (operationId === undefined) throw new Error(`${opPointer} has no operationId`);

  const parameters = collectParameters(doc, [
    { list: item.parameters, base: itemPointer },
    { list: operation.parameters, base: opPointer },
  ]);
  const schema = parametersSchema(parameters.values(), context.ref);
  context.schemas.set(`parameters:${operationId}`, schema);

  const target: unknown = operation['x-c3d-target'];
  return {
    host,
    operationId,
    method,
    path,
    summary: operation.summary ?? '',
    scope: extensionOneOf(operation, 'x-c3d-scope', scopes, opPointer),
    access: extensionOneOf(operation, 'x-c3d-access', accessLevels, opPointer),
    target: target === undefined ? undefined : parseTarget(target),
    unserved: operation['x-c3d-unserved'] === true,
    credentialKinds: credentialKindsOf(operation),
    parameters: [...parameters.values()].map(({ spec }) => spec),
    validateParameters: once(() => validator(`parameters:${operationId}`, schema)),
    body: operation.requestBody && compileBody(context, operation.requestBody, opPointer, operationId),
    responses: compileResponses(context, operation.responses ?? {}, opPointer),
  };
}

function walkOperations(
  doc: OpenAPI3,
  host: DocumentName,
): { operations: CompiledOperation[]; schemas: Map<string, object> } {
  const ajv = once(() => compilerFactory()(doc, host, { useDefaults: true }));
  const ref = (pointer: string) => ({ $ref: `${host}${pointer}` });
  const ready = precompiled[host];
  const validator = (name: string, schema: object) => ready[name] ?? ajv().compile(schema);
  const context: CompileContext = { doc, ajv, validator, schemas: new Map(), ref };
  const compiled: CompiledOperation[] = [];

  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = pointerOf(rawItem, `#/paths/${escapePointer(path)}`);
    const item = resolve<PathItemObject>(doc, rawItem);
    for (const method of httpMethods) {
      const rawOperation = item[method];
      if (!rawOperation) continue;
      compiled.push(compileOperation(context, host, { path, method, item, itemPointer, rawOperation }));
    }
  }
  return { operations: compiled, schemas: context.schemas };
}
