import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';

/** Domains, the scope above organizations, and their organizations. */
export const domainOperations = {
  getDomain: ({ target }) => ok(target.domain.record),

  updateDomain: ({ store, target, body, now }) =>
    ok(store.tables.domains.update(target.domain.key, { record: { ...body, updatedAt: now } }).record),

  listDomainOrganizations: ({ store, target }) =>
    ok(records(store.tables.organizations.children('domainId', target.domain.key))),
} satisfies Implementations;
