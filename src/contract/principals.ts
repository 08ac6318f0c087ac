import { readFile } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { credentialKindNames, keyKindNames, type CredentialKind, type KeyKind } from '../spec/credential-kinds.ts';
import type { Access } from '../spec/metadata.ts';
import { messageOf, stringAt } from '../guards.ts';
import schema from './principals.schema.json' with { type: 'json' };

export type Resources = Record<string, number | string> & {
  domainId: number;
  organizationId: number;
  projectId: number;
};

export interface PrincipalSpec {
  name: string;
  kind: CredentialKind;
  credential: { authorization: string } | { email: string; password: string };
  tenant: string;
  grants: { scope: 'domain' | 'organization' | 'project'; id: number; access: Access }[];
}

export interface PrincipalsFile {
  api?: string;
  data?: string;
  tenants: Record<string, Resources>;
  principals: PrincipalSpec[];
  revoked?: { kind: KeyKind; authorization: string }[];
}

/** A principals file that does not fit its schema; the message names the file and the field. */
export class PrincipalsError extends Error {
  override name = 'PrincipalsError';
}

let validate: ValidateFunction<PrincipalsFile> | undefined;

/** The schema with each `kind` limited to the credential kinds (a revoked credential: the key kinds). */
function withKinds(base: typeof schema): object {
  const copy = structuredClone(base);
  Object.assign(copy.properties.principals.items.properties.kind, { enum: credentialKindNames });
  Object.assign(copy.properties.revoked.items.properties.kind, { enum: keyKindNames });
  return copy;
}

export function parsePrincipals(value: unknown, source: string): PrincipalsFile {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    // `default` both where Node imports this CommonJS module and where a bundler unwraps it: the plugin is its own.
    ajvFormats.default(ajv);
    validate = ajv.compile<PrincipalsFile>(withKinds(schema));
  }
  if (!validate(value)) {
    const [error] = validate.errors ?? [];
    if (!error) throw new PrincipalsError(`${source}: does not fit the principals schema`);
    const params = {
      missingProperty: stringAt(error.params, 'missingProperty'),
      additionalProperty: stringAt(error.params, 'additionalProperty'),
    };
    const field =
      `${error.instancePath}${params.missingProperty ? `/${params.missingProperty}` : params.additionalProperty ? `/${params.additionalProperty}` : ''}` ||
      '/';
    throw new PrincipalsError(
      `${source}: ${field}: ${params.missingProperty ? 'is required' : params.additionalProperty ? 'is not allowed' : error.message}`,
    );
  }
  const file = value;
  for (const [index, principal] of file.principals.entries()) {
    if (!file.tenants[principal.tenant])
      throw new PrincipalsError(`${source}: /principals/${index}/tenant: no tenant named ${principal.tenant}`);
    const isLogin = 'email' in principal.credential;
    if (isLogin !== (principal.kind === 'sessionCookie')) {
      throw new PrincipalsError(
        `${source}: /principals/${index}/credential: a sessionCookie principal logs in with email and password; every other kind sends an authorization value`,
      );
    }
  }
  return file;
}

/** The resources of a principal's tenant, which `parsePrincipals` has checked is in the file. */
export function tenantOf(file: PrincipalsFile, principal: { tenant: string }): Resources {
  const resources = file.tenants[principal.tenant];
  if (!resources) throw new PrincipalsError(`no tenant named ${principal.tenant}`);
  return resources;
}

/** The resources of the file's first tenant (its schema asks for two tenants at least). */
export function firstTenant(file: PrincipalsFile): Resources {
  for (const resources of Object.values(file.tenants)) return resources;
  throw new PrincipalsError('the file names no tenant');
}

export async function loadPrincipals(file: string): Promise<PrincipalsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PrincipalsError(`${file}: cannot be read`);
  }
  try {
    return parsePrincipals(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof PrincipalsError) throw error;
    throw new PrincipalsError(`${file}: is not valid JSON (${messageOf(error)})`);
  }
}

/** Edit distance between two names, ignoring case. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  let rowEnd = y.length;
  for (const [i, letter] of x.split('').entries()) {
    let diagonal = i;
    let left = i + 1;
    const current = [left];
    for (const [j, above] of previous.slice(1).entries()) {
      left = Math.min(above + 1, left + 1, diagonal + (letter === y[j] ? 0 : 1));
      current.push(left);
      diagonal = above;
    }
    previous = current;
    rowEnd = left;
  }
  return rowEnd;
}

/** The known name closest to an unknown one, when it is close enough to be a slip (a changed case, a letter or two). */
export function closestName(unknown: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const d = distance(unknown, name);
    if (!best || d < best.distance) best = { name, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(unknown.length / 4)) ? best.name : undefined;
}

/**
 * Tenant keys the suite cannot use: each must be a parameter name of the documents or `query:<name>` of a
 * query parameter, since that is how ids are put into requests. An unknown key would silently aim nothing.
 */
export function tenantKeyProblems(file: PrincipalsFile, knownKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [tenantName, resources] of Object.entries(file.tenants)) {
    for (const key of Object.keys(resources)) {
      if (knownKeys.has(key)) continue;
      const near = closestName(key, knownKeys);
      problems.push(
        `tenant ${tenantName}: "${key}" is not a parameter name of the documents${near ? `; did you mean "${near}"?` : ' (nor query:<name> of a query parameter)'}`,
      );
    }
  }
  return problems;
}
