import { readFile } from 'node:fs/promises';
import type { SecuritySchemeObject } from 'openapi-typescript';
import { loadPrincipals, type PrincipalSpec } from '../contract/principals.ts';
import { isRecord } from '../guards.ts';
import { accessRank } from '../spec/access.ts';
import { documentNames, repoRoot, type DocumentName } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';
import { resolve } from '../spec/operations.ts';
import { baseUrlVariable } from './collection.ts';
import { csrfVariable, variableFor } from './credentials.ts';
import { stableId } from './stable-id.ts';

export interface EnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret';
  enabled: boolean;
}

/** A Postman environment export. */
export interface EnvironmentJson {
  id: string;
  name: string;
  values: EnvironmentValue[];
  _postman_variable_scope: 'environment';
}

export interface EnvironmentSources {
  baseUrls: Record<DocumentName, string>;
  /** Defaults: the default seed and its principals file. */
  seedFile?: string;
  principalsFile?: string;
}

/** The schemes sent as the `Authorization` header, in document order: each becomes an environment variable. */
function authorizationSchemes(): string[] {
  const names = new Set<string>();
  for (const name of documentNames) {
    const document = bundledDocuments[name];
    for (const [scheme, reference] of Object.entries(document.components?.securitySchemes ?? {})) {
      const definition = resolve<SecuritySchemeObject>(document, reference);
      if (definition.type === 'apiKey' && definition.in === 'header' && definition.name === 'Authorization')
        names.add(scheme);
    }
  }
  return [...names];
}

const strongest = (principal: PrincipalSpec) =>
  Math.max(0, ...principal.grants.map((grant) => accessRank[grant.access]));

/** The seed's live secrets: every `secret` of a record that is not revoked. */
function liveSecrets(seed: unknown): Set<string> {
  const secrets = new Set<string>();
  if (!isRecord(seed)) return secrets;
  for (const table of Object.values(seed)) {
    if (!Array.isArray(table)) continue;
    for (const record of table) {
      if (isRecord(record) && typeof record.secret === 'string' && record.revoked !== true) secrets.add(record.secret);
    }
  }
  return secrets;
}

/**
 * The key each scheme's variable holds: of the principals of that kind in the principals file's first
 * tenant (Acme in the default seed), the one with the most access. Each must be a live key of the seed.
 */
async function seededKeys(seedFile: string, principalsFile: string): Promise<Map<string, string>> {
  const principals = await loadPrincipals(principalsFile);
  const secrets = liveSecrets(JSON.parse(await readFile(seedFile, 'utf8')));
  const tenant = Object.keys(principals.tenants)[0];
  const keys = new Map<string, string>();
  for (const scheme of authorizationSchemes()) {
    const candidates = principals.principals.filter(
      (principal) => principal.kind === scheme && principal.tenant === tenant,
    );
    const chosen = candidates.reduce<PrincipalSpec | undefined>(
      (best, principal) => (!best || strongest(principal) > strongest(best) ? principal : best),
      undefined,
    );
    if (!chosen || !('authorization' in chosen.credential))
      throw new Error(`${principalsFile}: no ${scheme} principal in tenant ${tenant}`);
    if (!secrets.has(chosen.credential.authorization))
      throw new Error(`${principalsFile}: ${chosen.name}'s key is not a live key of ${seedFile}`);
    keys.set(variableFor(scheme), chosen.credential.authorization);
  }
  return keys;
}

/** The environment the collections run against: the mock's base URLs and the default seed's keys. */
export async function buildEnvironment(sources: EnvironmentSources): Promise<EnvironmentJson> {
  const keys = await seededKeys(
    sources.seedFile ?? `${repoRoot}fixtures/default.json`,
    sources.principalsFile ?? `${repoRoot}fixtures/default.principals.json`,
  );
  return {
    id: stableId('environment'),
    name: 'c3d-mock',
    values: [
      ...documentNames.map(
        (name): EnvironmentValue => ({
          key: baseUrlVariable(name),
          value: sources.baseUrls[name],
          type: 'default',
          enabled: true,
        }),
      ),
      ...[...keys].map(([key, value]): EnvironmentValue => ({ key, value, type: 'secret', enabled: true })),
      // Filled by the login request's test script; cookie requests other than GET send it as `c3d-csrf`.
      { key: csrfVariable, value: '', type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
}
