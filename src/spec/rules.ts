import type { MediaTypeObject, OpenAPI3, RequestBodyObject, ResponseObject, SchemaObject } from 'openapi-typescript';
import { credentialKinds, isCredentialKind } from './credential-kinds.ts';
import { isOneOf } from '../guards.ts';
import { accessLevels, parseTarget, scopes, sources, targetedScopes } from './metadata.ts';
import { describeOperation, listOperations, resolve, type OperationEntry } from './operations.ts';

/** A rule answers one line per offence; an empty list means the document keeps it. */
export type Rule = (doc: OpenAPI3) => string[];

const each = (doc: OpenAPI3, check: (entry: OperationEntry) => string | string[] | undefined): string[] =>
  listOperations(doc).flatMap((entry) => {
    const found = check(entry);
    const lines = found === undefined ? [] : Array.isArray(found) ? found : [found];
    return lines.map((line) => `${describeOperation(entry)}: ${line}`);
  });

const ext = (entry: OperationEntry, name: `x-c3d-${string}`): unknown => entry.operation[name];
const scopeOf = (entry: OperationEntry) => ext(entry, 'x-c3d-scope');
const hasCredentials = (entry: OperationEntry) => (entry.operation.security ?? []).length > 0;
const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/.test(mediaType);

function requestBody(doc: OpenAPI3, entry: OperationEntry): RequestBodyObject | undefined {
  return entry.operation.requestBody ? resolve<RequestBodyObject>(doc, entry.operation.requestBody) : undefined;
}

export const metadataRule: Rule = (doc) =>
  each(doc, (entry) => {
    const problems: string[] = [];
    const checkEnum = (name: `x-c3d-${string}`, allowed: readonly string[]) => {
      const value = ext(entry, name);
      if (!isOneOf(allowed, value))
        problems.push(`${name} is ${JSON.stringify(value)}, not one of ${allowed.join('|')}`);
    };
    checkEnum('x-c3d-scope', scopes);
    checkEnum('x-c3d-access', accessLevels);
    checkEnum('x-c3d-source', sources);
    const target = ext(entry, 'x-c3d-target');
    if (!isOneOf(targetedScopes, scopeOf(entry))) {
      if (target !== undefined) problems.push(`x-c3d-target is set but scope ${scopeOf(entry)} has no target`);
      return problems;
    }
    try {
      const parsed = parseTarget(target);
      if (parsed.from === 'path' || parsed.from === 'query') {
        if (!entry.parameters.some((p) => p.in === parsed.from && p.name === parsed.name)) {
          problems.push(`x-c3d-target names ${parsed.from} parameter ${parsed.name}, which is not declared`);
        }
      }
      if (parsed.from === 'body' && !requestBody(doc, entry))
        problems.push('x-c3d-target reads the body, which the operation does not take');
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    return problems;
  });

export const operationIdRule = (docs: OpenAPI3[]): string[] => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const doc of docs) {
    for (const entry of listOperations(doc)) {
      const id = entry.operation.operationId;
      const where = `${doc.info.title} ${describeOperation(entry)}`;
      if (!id) problems.push(`${where}: no operationId`);
      else if (seen.has(id)) problems.push(`${where}: operationId ${id} is also used by ${seen.get(id)}`);
      else seen.set(id, where);
    }
  }
  return problems;
};

export const tagAndSummaryRule: Rule = (doc) => {
  const defined = new Set((doc.tags ?? []).map((tag) => tag.name));
  return each(doc, ({ operation }) => {
    const problems: string[] = [];
    if (!operation.summary?.trim()) problems.push('no summary');
    const tags = operation.tags ?? [];
    const [tag] = tags;
    if (tags.length !== 1 || tag === undefined) problems.push(`needs exactly one tag, has ${tags.length}`);
    else if (!defined.has(tag)) problems.push(`tag ${tag} is not defined`);
    return problems;
  });
};

export const securityRule: Rule = (doc) => {
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  return each(doc, (entry) => {
    const { operation, method } = entry;
    if (!operation.security) return 'no security list (write `security: []` for a public operation)';
    const scope = scopeOf(entry);
    if ((scope === 'public') !== (operation.security.length === 0)) {
      return scope === 'public'
        ? 'a public operation must have `security: []`'
        : 'only public operations may accept no credential';
    }
    const problems: string[] = [];
    for (const requirement of operation.security) {
      const names = Object.keys(requirement);
      for (const name of names) if (!schemes.has(name)) problems.push(`security scheme ${name} is not defined`);
      const cookie = names.some((name) => isCredentialKind(name) && credentialKinds[name].carrier === 'cookie');
      const csrf = names.includes('csrfHeader');
      if (cookie && method !== 'get' && !csrf)
        problems.push('a cookie session on a non-GET operation must also require csrfHeader');
      if (csrf && (!cookie || method === 'get'))
        problems.push('csrfHeader goes only with sessionCookie on non-GET operations');
      if (scope === 'user' && !cookie) problems.push('user-scoped operations accept only the cookie session');
    }
    return problems;
  });
};

export const pathParameterRule: Rule = (doc) =>
  each(doc, ({ path, parameters }) => {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].flatMap(([, name]) => name ?? []);
    const declared = parameters.filter((p) => p.in === 'path');
    const problems = templated
      .filter((name) => !declared.some((p) => p.name === name))
      .map((name) => `path parameter ${name} is not declared`);
    for (const parameter of declared) {
      if (!templated.includes(parameter.name)) problems.push(`path parameter ${parameter.name} is not in the path`);
      if (parameter.required !== true) problems.push(`path parameter ${parameter.name} must be required`);
      if (!parameter.schema) problems.push(`path parameter ${parameter.name} has no schema`);
    }
    return problems;
  });

export const responseRule: Rule = (doc) =>
  each(doc, (entry) => {
    const responses = entry.operation.responses ?? {};
    const codes = Object.keys(responses);
    const problems: string[] = [];
    const need = (code: string, why: string) => {
      if (!codes.includes(code)) problems.push(`lists no ${code} (${why})`);
    };
    const unserved = ext(entry, 'x-c3d-unserved') === true;
    if (!unserved && !codes.some((code) => /^2\d\d$/.test(code))) problems.push('lists no 2xx response');
    if (requestBody(doc, entry)) {
      need('400', 'it takes a body');
      need('415', 'it takes a body');
    } else if (entry.parameters.some((p) => p.in === 'path' || p.in === 'query')) {
      need('400', 'a parameter may be malformed');
    }
    if (hasCredentials(entry)) need('401', 'it takes credentials');
    if (isOneOf(targetedScopes, scopeOf(entry))) need('404', 'its target may not exist or be invisible');
    if (!unserved && hasCredentials(entry) && ext(entry, 'x-c3d-access') !== 'read')
      need('403', 'it needs more than read access');
    const target = ext(entry, 'x-c3d-target');
    if (hasCredentials(entry) && isOneOf(['domain', 'organization'], scopeOf(entry)) && target !== 'credential') {
      need('403', 'a caller with a grant only below the target sees it but may not use it');
    }
    for (const [code, raw] of Object.entries(responses)) {
      const response = resolve<ResponseObject>(doc, raw);
      for (const [type, media] of Object.entries(response.content ?? {})) {
        if (isJson(type) && !media.schema) problems.push(`${code} ${type} has no schema`);
      }
      if (/^[45]/.test(code) && !response.content?.['application/json'])
        problems.push(`${code} has no application/json error body`);
    }
    return problems;
  });

/** The data host stamps every success with `cvr-request-time` (the SDKs check it). */
export const requestTimeHeaderRule: Rule = (doc) =>
  each(doc, ({ operation }) =>
    Object.entries(operation.responses ?? {})
      .filter(([code]) => /^2\d\d$/.test(code))
      .filter(([, raw]) => !resolve<ResponseObject>(doc, raw).headers?.['cvr-request-time'])
      .map(([code]) => `${code} lacks the cvr-request-time header`),
  );

function hasExample(doc: OpenAPI3, media: MediaTypeObject): boolean {
  if (media.example !== undefined || media.examples !== undefined) return true;
  if (!media.schema) return false;
  const schema = resolve<SchemaObject>(doc, media.schema);
  if (hasOwnExample(schema)) return true;
  if (schema.type === 'array' && 'items' in schema && schema.items && !Array.isArray(schema.items))
    return hasOwnExample(resolve<SchemaObject>(doc, schema.items));
  return false;
}

function hasOwnExample(schema: SchemaObject): boolean {
  return schema.example !== undefined || ('examples' in schema && schema.examples !== undefined);
}

export const exampleCoverageRule: Rule = (doc) =>
  each(doc, (entry) => {
    const problems: string[] = [];
    for (const [type, media] of Object.entries(requestBody(doc, entry)?.content ?? {})) {
      if (isJson(type) && !hasExample(doc, media)) problems.push(`request ${type} has no example`);
    }
    for (const [code, raw] of Object.entries(entry.operation.responses ?? {})) {
      if (!/^2\d\d$/.test(code)) continue;
      for (const [type, media] of Object.entries(resolve<ResponseObject>(doc, raw).content ?? {})) {
        if (isJson(type) && !hasExample(doc, media)) problems.push(`${code} ${type} has no example`);
      }
    }
    return problems;
  });
