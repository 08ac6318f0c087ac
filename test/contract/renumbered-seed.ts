import { readFileSync } from 'node:fs';
import type { SeedData } from '../../src/store/store.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const defaultSeed = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, Json>[]
>;

/** Which id space each reference field points into. */
const fieldSpaces: Record<string, string> = {
  domainId: 'domains',
  organizationId: 'organizations',
  customerId: 'organizations',
  projectId: 'projects',
  projectIds: 'projects',
  versionId: 'sceneVersions',
  sceneVersionId: 'sceneVersions',
  versionIds: 'sceneVersions',
  parentSceneVersionId: 'sceneVersions',
  objectId: 'dynamicObjects',
  dynamicObjectIds: 'dynamicObjects',
};
/** `scopeId` of a role assignment and `id` of a grant name their space through a sibling field. */
const scopeSpaces: Record<string, string> = { domain: 'domains', organization: 'organizations', project: 'projects' };

/**
 * The default seed with other ids everywhere, kept consistent across tables: domains, organizations,
 * projects, scene versions and dynamic objects renumbered; new scene UUIDs, new device ids (so new session
 * ids) and new key secrets, each key with a prefix of its own. `renumber` applies the same change to any
 * value written for the default seed (a principals file), so that what is expected follows the seed.
 */
export function renumberedSeed(): { seed: SeedData; renumber: <T>(value: T) => T } {
  const numbers: Record<string, Map<number, number>> = {};
  const offsets: Record<string, number> = {
    domains: 40,
    organizations: 5200,
    projects: 61000,
    sceneVersions: 87000,
    dynamicObjects: 93000,
  };
  for (const [space, offset] of Object.entries(offsets))
    numbers[space] = new Map(defaultSeed[space]!.map((row, index) => [row.id as number, offset + index * 7 + 3]));

  const strings = new Map<string, string>();
  for (const scene of defaultSeed.scenes!) strings.set(scene.id as string, `5eed${(scene.id as string).slice(4)}`);
  for (const session of defaultSeed.sessions!) {
    const device = session.deviceId as string;
    if (device) strings.set(device, [...device].reverse().join(''));
  }
  const keyTables = ['apiKeys', 'domainKeys', 'developerKeys', 'dataKeys'];
  let keyNumber = 0;
  for (const table of keyTables) {
    for (const key of defaultSeed[table]!) {
      const hex = /[0-9a-f]{32}$/.exec(key.secret as string)![0];
      strings.set(hex, `${(0xc0de0000 + ++keyNumber).toString(16)}${hex.slice(8)}`);
    }
  }

  const renumberString = (text: string) => {
    let result = text;
    for (const [from, to] of strings) result = result.split(from).join(to);
    return result;
  };
  const mapNumber = (space: string | undefined, value: Json): Json => {
    const map = space ? numbers[space] : undefined;
    if (!map) return value;
    if (typeof value === 'number') return map.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'number' ? (map.get(item) ?? item) : item));
    return value;
  };
  const walk = (value: Json, tableOfRow?: string): Json => {
    if (typeof value === 'string') return renumberString(value);
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value === null || typeof value !== 'object') return value;
    const result: Record<string, Json> = {};
    for (const [field, item] of Object.entries(value)) {
      const space =
        field === 'id' && tableOfRow
          ? tableOfRow
          : field === 'scopeId'
            ? scopeSpaces[value.scopeType as string]
            : field === 'id' && typeof value.scope === 'string'
              ? scopeSpaces[value.scope]
              : fieldSpaces[field];
      result[field] = space && (typeof item === 'number' || Array.isArray(item)) ? mapNumber(space, item) : walk(item);
    }
    return result;
  };

  const seed: Record<string, Json[]> = {};
  for (const [table, rows] of Object.entries(defaultSeed)) seed[table] = rows.map((row) => walk(row, table));
  for (const key of seed.apiKeys as Record<string, Json>[])
    key.prefix = /[0-9a-f]{32}$/.exec(key.secret as string)![0].slice(0, 8);
  return { seed: seed as SeedData, renumber: <T>(value: T) => walk(value as Json) as T };
}
