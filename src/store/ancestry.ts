import type { Chain, Level } from '../spec/access.ts';
import type { TargetKind } from '../spec/metadata.ts';
import type { Store, TableRow } from './store.ts';

/** A target found in the store: the rows along its ancestry and where it sits for the policy. */
export interface Located {
  level: Level;
  chain: Chain;
  domain?: TableRow<'domains'>;
  organization?: TableRow<'organizations'>;
  project?: TableRow<'projects'>;
  scene?: TableRow<'scenes'>;
  version?: TableRow<'sceneVersions'>;
}

/** A located target of each kind: the rows and chain ids of its ancestry, which are then always there. */
export interface LocatedByKind {
  domain: Located & { domain: TableRow<'domains'>; chain: { domainId: number } };
  organization: Omit<LocatedByKind['domain'], 'chain'> & {
    organization: TableRow<'organizations'>;
    chain: { domainId: number; organizationId: number };
  };
  project: Omit<LocatedByKind['organization'], 'chain'> & {
    project: TableRow<'projects'>;
    chain: { domainId: number; organizationId: number; projectId: number };
  };
  scene: LocatedByKind['project'] & { scene: TableRow<'scenes'> };
  sceneVersion: LocatedByKind['scene'] & { version: TableRow<'sceneVersions'> };
}

/** An id of a table keyed by numbers; any other value finds no row there. */
const numeric = (id: unknown) => (typeof id === 'number' ? id : undefined);

function locateDomain(store: Store, id: unknown): LocatedByKind['domain'] | undefined {
  const domain = store.tables.domains.get(numeric(id));
  return domain && { level: 'domain', chain: { domainId: domain.key }, domain };
}

function locateOrganization(store: Store, id: unknown): LocatedByKind['organization'] | undefined {
  const organization = store.tables.organizations.get(numeric(id));
  const above = organization && locateDomain(store, organization.record.domainId);
  return (
    above && {
      ...above,
      level: 'organization',
      chain: { ...above.chain, organizationId: organization.key },
      organization,
    }
  );
}

function locateProject(store: Store, id: unknown): LocatedByKind['project'] | undefined {
  const project = store.tables.projects.get(numeric(id));
  const above = project && locateOrganization(store, project.record.organizationId);
  return above && { ...above, level: 'project', chain: { ...above.chain, projectId: project.key }, project };
}

function locateScene(store: Store, id: unknown): LocatedByKind['scene'] | undefined {
  const scene = store.tables.scenes.get(typeof id === 'string' ? id : undefined);
  const above = scene && locateProject(store, scene.record.projectId);
  return above && { ...above, scene };
}

function locateVersion(store: Store, id: unknown): LocatedByKind['sceneVersion'] | undefined {
  const version = store.tables.sceneVersions.get(numeric(id));
  const above = version && locateScene(store, version.record.sceneId);
  return above && { ...above, version };
}

/**
 * What `locate` found, per store's tables (a reset or restore brings new ones), kind and id, with the sum of the
 * ancestry tables' mutation counts when it was found: every request locates its target and the credential's home, and
 * the rows along an ancestry rarely change.
 */
const found = new WeakMap<Store['tables'], Map<TargetKind, Map<unknown, { stamp: number; located: Located }>>>();

const ancestryStamp = ({ tables }: Store): number =>
  tables.domains.mutations +
  tables.organizations.mutations +
  tables.projects.mutations +
  tables.scenes.mutations +
  tables.sceneVersions.mutations;

/**
 * Finds a domain, organization, project, scene or scene version and walks up to its domain; undefined when any link is
 * missing. The answer is shared between callers until an ancestry table changes: it is read, never changed.
 */
export function locate<K extends TargetKind>(store: Store, kind: K, id: unknown): LocatedByKind[K] | undefined;
export function locate(store: Store, kind: TargetKind, id: unknown): Located | undefined {
  let byKind = found.get(store.tables);
  if (!byKind) found.set(store.tables, (byKind = new Map()));
  let byId = byKind.get(kind);
  if (!byId) byKind.set(kind, (byId = new Map()));
  const stamp = ancestryStamp(store);
  const kept = byId.get(id);
  if (kept?.stamp === stamp) return kept.located;
  const located = walkUp(store, kind, id);
  if (located) byId.set(id, { stamp, located });
  else byId.delete(id);
  return located;
}

function walkUp(store: Store, kind: TargetKind, id: unknown): Located | undefined {
  switch (kind) {
    case 'domain':
      return locateDomain(store, id);
    case 'organization':
      return locateOrganization(store, id);
    case 'project':
      return locateProject(store, id);
    case 'scene':
      return locateScene(store, id);
    case 'sceneVersion':
      return locateVersion(store, id);
  }
}
