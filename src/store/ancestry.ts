import type { Chain, Level } from '../spec/access.ts';
import type { TargetKind } from '../spec/metadata.ts';
import type { Store } from './store.ts';
import type { Row } from './table.ts';

/** A target found in the store: the rows along its ancestry and where it sits for the policy. */
export interface Located {
  level: Level;
  chain: Chain;
  domain?: Row;
  organization?: Row;
  project?: Row;
  scene?: Row;
  version?: Row;
}

/** Finds a domain, organization, project, scene or scene version and walks up to its domain; undefined when any link is missing. */
export function locate(store: Store, kind: TargetKind, id: unknown): Located | undefined {
  const { tables } = store;
  switch (kind) {
    case 'domain': {
      const domain = tables.domains.get(id as number);
      return domain && { level: 'domain', chain: { domainId: domain.key as number }, domain };
    }
    case 'organization': {
      const organization = tables.organizations.get(id as number);
      const above = organization && locate(store, 'domain', organization.record.domainId);
      return (
        above && {
          ...above,
          level: 'organization',
          chain: { ...above.chain, organizationId: organization.key as number },
          organization,
        }
      );
    }
    case 'project': {
      const project = tables.projects.get(id as number);
      const above = project && locate(store, 'organization', project.record.organizationId);
      return (
        above && { ...above, level: 'project', chain: { ...above.chain, projectId: project.key as number }, project }
      );
    }
    case 'scene': {
      const scene = tables.scenes.get(id as string);
      const above = scene && locate(store, 'project', scene.record.projectId);
      return above && { ...above, scene };
    }
    case 'sceneVersion': {
      const version = tables.sceneVersions.get(id as number);
      const above = version && locate(store, 'scene', version.record.sceneId);
      return above && { ...above, version };
    }
  }
}
