import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';

/** Organizations: the calling key's own, one with its projects, and its settings. */
export const organizationSettingsOperations = {
  getApiKeyWhoami: ({ target }) => ok({ organizationId: target.organization.key }),

  // `excludeTags` only narrows the projects' statistics, and this list always answers `stats: null`.
  getOrganization: ({ store, target }) => {
    const organization = target.organization;
    const projects = store.tables.projects
      .children('organizationId', organization.key)
      .map(({ record }) => ({ ...record, stats: null }));
    return ok({ ...organization.record, projects });
  },

  updateOrganization: ({ store, target, body, now }) =>
    ok(store.tables.organizations.update(target.organization.key, { record: { ...body, updatedAt: now } }).record),
} satisfies Implementations;
