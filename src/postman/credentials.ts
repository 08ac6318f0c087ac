import type { OpenAPI3, OperationObject, ResponseObject, SchemaObject, SecuritySchemeObject } from 'openapi-typescript';
import { recordAt } from '../guards.ts';
import { resolve } from '../spec/operations.ts';
import type { Auth, Event, KeyValue } from './collection-json.ts';

/** The environment variable the CSRF token is kept in (filled by the requests that answer it). */
export const csrfVariable = 'csrfToken';

/** The Postman variable holding a scheme's credential: the scheme's own name (`{{orgKey}}`, `{{dataKey}}`, …). */
export const variableFor = (schemeName: string) => (schemeName === 'csrfHeader' ? csrfVariable : schemeName);

export const apiKeyAuth = (variable: string): Auth => ({
  type: 'apikey',
  apikey: [
    { key: 'key', value: 'Authorization', type: 'string' },
    { key: 'value', value: `{{${variable}}}`, type: 'string' },
    { key: 'in', value: 'header', type: 'string' },
  ],
});

export interface RequestCredentials {
  auth: Auth;
  /** Credential headers beside `Authorization` (the CSRF token of a cookie request). */
  headers: KeyValue[];
}

/**
 * How a request sends the first credential its operation accepts (the documents list the preferred one
 * first: the organization key on the dashboard API). An `Authorization` key becomes Postman's API-key
 * auth; another header scheme an extra header; the login cookie is left to Postman's cookie jar, which
 * keeps what `POST /sessions` set. A public operation sends nothing.
 */
export function credentialsFor(document: OpenAPI3, operation: OperationObject): RequestCredentials {
  const requirement = (operation.security ?? document.security ?? [])[0] ?? {};
  const credentials: RequestCredentials = { auth: { type: 'noauth' }, headers: [] };
  for (const name of Object.keys(requirement)) {
    const reference = document.components?.securitySchemes?.[name];
    if (!reference) throw new Error(`security scheme ${name} is not defined`);
    const scheme = resolve<SecuritySchemeObject>(document, reference);
    if (scheme.type !== 'apiKey' || scheme.in === 'query')
      throw new Error(`security scheme ${name}: only header and cookie API keys are exported`);
    if (scheme.in === 'cookie') continue;
    if (scheme.name === 'Authorization') credentials.auth = apiKeyAuth(variableFor(name));
    else credentials.headers.push({ key: scheme.name, value: `{{${variableFor(name)}}}`, type: 'text' });
  }
  return credentials;
}

/** Whether an operation's success answers the CSRF token (`csrf` in its JSON body): the login and the current session. */
export function answersCsrfToken(document: OpenAPI3, operation: OperationObject): boolean {
  return Object.entries(operation.responses ?? {}).some(([status, reference]) => {
    if (!status.startsWith('2')) return false;
    const schema = resolve<ResponseObject>(document, reference).content?.['application/json']?.schema;
    return !!schema && !!recordAt(resolve<SchemaObject>(document, schema), 'properties')?.csrf;
  });
}

/** A test script that keeps the answered CSRF token in the environment, for the cookie requests that must repeat it. */
export const keepCsrfToken = (): Event => ({
  listen: 'test',
  script: {
    type: 'text/javascript',
    exec: [`if (pm.response.code === 200) pm.environment.set('${csrfVariable}', pm.response.json().csrf);`],
  },
});
