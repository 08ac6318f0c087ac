import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { credentialKindNames, keyKindNames, type CredentialKind } from '../spec/credential-kinds.ts';
import type { Access } from '../spec/metadata.ts';
import schema from './principals.schema.json' with { type: 'json' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

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
  revoked?: { kind: CredentialKind; authorization: string }[];
}

/** A principals file that does not fit its schema; the message names the file and the field. */
export class PrincipalsError extends Error {
  override name = 'PrincipalsError';
}

let validate: ReturnType<Ajv2020['compile']> | undefined;

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
    addFormats(ajv);
    validate = ajv.compile(withKinds(schema));
  }
  if (!validate(value)) {
    const error = validate.errors![0]!;
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const field =
      `${error.instancePath}${params.missingProperty ? `/${params.missingProperty}` : params.additionalProperty ? `/${params.additionalProperty}` : ''}` ||
      '/';
    throw new PrincipalsError(
      `${source}: ${field}: ${params.missingProperty ? 'is required' : params.additionalProperty ? 'is not allowed' : error.message}`,
    );
  }
  const file = value as PrincipalsFile;
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
    throw new PrincipalsError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
}

/** Edit distance between two names, ignoring case. */
function distance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
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
