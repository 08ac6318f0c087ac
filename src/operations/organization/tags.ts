import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';

/** The defaults (test, junk, Crash, LowMemory) and the organization's own tags. */
function organizationTags(store: Store, organization: TableRow<'organizations'>): TableRow<'sessionTags'>[] {
  const tags = store.tables.sessionTags;
  return [
    ...tags.children('organizationId', null).filter((tag) => tag.record.isDefault === true),
    ...tags.children('organizationId', organization.key),
  ];
}

/** Tags the organization inherits: non-default tags held by no organization but by its domain (`domainId`). */
function inheritedTags(store: Store, organization: TableRow<'organizations'>): TableRow<'sessionTags'>[] {
  return store.tables.sessionTags
    .children('organizationId', null)
    .filter((tag) => tag.record.isDefault !== true && tag.record.domainId === organization.record.domainId);
}

/** Session-tag definitions of an organization. */
export const tagOperations = {
  listOrganizationTags: ({ store, target }) => ok(records(organizationTags(store, target.organization))),

  listAllOrganizationTags: ({ store, target }) => {
    const organization = target.organization;
    return ok(records([...organizationTags(store, organization), ...inheritedTags(store, organization)]));
  },

  createOrganizationTag: ({ store, target, body, auditTarget }) => {
    const organization = target.organization;
    const title = body.title;
    const visible = [...organizationTags(store, organization), ...inheritedTags(store, organization)];
    if (visible.some((tag) => String(tag.record.title).toLowerCase() === title.toLowerCase())) {
      fail(400, `A tag titled "${title}" already exists in this organization`, '/title');
    }
    const projectIds = (body.projectIds ?? []).map(Number);
    projectIds.forEach((projectId, index) => {
      if (store.tables.projects.get(projectId)?.record.organizationId !== organization.key) {
        fail(400, `Project ${projectId} is not a project of organization ${organization.key}`, `/projectIds/${index}`);
      }
    });
    const table = store.tables.sessionTags;
    const row = table.insert({
      id: table.nextKey(),
      title,
      colourHex: body.colourHex,
      isDefault: false,
      organizationId: organization.key,
      description: body.description ?? null,
      projectIds: [...new Set(projectIds)],
    });
    auditTarget('tag', row.key);
    return ok(row.record);
  },
} satisfies Implementations;
