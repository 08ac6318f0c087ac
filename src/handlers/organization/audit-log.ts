import { ok } from '../results.ts';
import type { Handlers } from '../types.ts';
import { records } from '../views.ts';

const defaultLimit = 25;

/** The organization's audit log (written by the request wrapper), newest first, one page at a time. */
export const auditLogHandlers: Handlers = {
  listOrganizationAuditLog: ({ store, target, query }) => {
    const page: number = query.page ?? 0;
    const limit: number = query.limit ?? defaultLimit;
    const entries = store.tables.auditLog
      .children('organizationId', target!.organization!.key)
      .sort((a, b) => Number(b.record.createdAt) - Number(a.record.createdAt) || Number(b.key) - Number(a.key));
    return ok({
      count: entries.length,
      pages: Math.ceil(entries.length / limit),
      currentPage: page,
      results: records(entries.slice(page * limit, (page + 1) * limit)),
    });
  },
};
