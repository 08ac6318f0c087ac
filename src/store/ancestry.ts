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

/** Finds a domain, organization, project, scene or scene version and walks up to its domain; undefined when any link is missing. */
export function locate<K extends TargetKind>(store: Store, kind: K, id: unknown): LocatedByKind[K] | undefined;
export function locate(store: Store, kind: TargetKind, id: unknown): Located | undefined {
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
