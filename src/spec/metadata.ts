/**
 * The `x-c3d-*` extensions every operation carries, and how to read them.
 * The mock enforces credentials and roles from these; nothing is hard-coded per route.
 */
import { isOneOf, keysOf } from '../guards.ts';

export const scopes = ['domain', 'organization', 'project', 'user', 'public'] as const;
export const accessLevels = ['read', 'write', 'admin'] as const;
export const sources = ['confirmed', 'catalogue', 'inferred'] as const;

export type Scope = (typeof scopes)[number];
export type Access = (typeof accessLevels)[number];
export type Source = (typeof sources)[number];

/** Scopes whose target must be located by `x-c3d-target`. */
export const targetedScopes: readonly Scope[] = ['domain', 'organization', 'project'];

/** The kind of entity an id names, from the name of the parameter or body field holding it. */
export const targetKinds = {
  domainId: 'domain',
  organizationId: 'organization',
  projectId: 'project',
  projectIds: 'project',
  sceneId: 'scene',
  versionId: 'sceneVersion',
} as const;
export type TargetKind = (typeof targetKinds)[keyof typeof targetKinds];

export type Target =
  | { from: 'path' | 'query'; name: string; kind: TargetKind }
  | { from: 'body'; pointer: string; kind: TargetKind }
  | { from: 'credential' };

const targetSources = ['path', 'query', 'body'] as const;

/** Parses `path:<name>`, `query:<name>`, `body:<JSON pointer>` or `credential`; throws on anything else. */
export function parseTarget(value: unknown): Target {
  if (value === 'credential') return { from: 'credential' };
  const [, from, where] = (typeof value === 'string' ? /^(path|query|body):(.+)$/.exec(value) : null) ?? [];
  if (!isOneOf(targetSources, from) || where === undefined)
    throw new Error(
      `x-c3d-target must be path:<name>, query:<name>, body:<pointer> or credential, not ${JSON.stringify(value)}`,
    );
  const name = from === 'body' ? (where.split('/').pop() ?? '') : where;
  if (from === 'body' && !where.startsWith('/'))
    throw new Error(`x-c3d-target body pointer must start with /: ${where}`);
  const kind = isOneOf(keysOf(targetKinds), name) ? targetKinds[name] : undefined;
  if (!kind) throw new Error(`x-c3d-target names ${name}, which is not one of ${Object.keys(targetKinds).join(', ')}`);
  return from === 'body' ? { from, pointer: where, kind } : { from, name, kind };
}
