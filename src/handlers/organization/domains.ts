import { ok } from '../results.ts';
import type { Handlers } from '../types.ts';
import { records } from '../views.ts';

/** Domains, the scope above organizations, and their organizations. */
export const domainHandlers: Handlers = {
  getDomain: ({ target }) => ok(target!.domain!.record),

  updateDomain: ({ store, target, body, now }) =>
    ok(store.tables.domains.update(target!.domain!.key, { record: { ...body, updatedAt: now } }).record),

  listDomainOrganizations: ({ store, target }) =>
    ok(records(store.tables.organizations.children('domainId', target!.domain!.key))),
};
