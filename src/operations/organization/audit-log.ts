import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { records } from '../shared/views.ts';

const defaultLimit = 25;

/** The organization's audit log (written by the request wrapper), newest first, one page at a time. */
export const auditLogOperations = {
  listOrganizationAuditLog: ({ store, target, query }) => {
    const page: number = query.page ?? 0;
    const limit: number = query.limit ?? defaultLimit;
    const entries = store.tables.auditLog
      .children('organizationId', target.organization.key)
      .sort((a, b) => Number(b.record.createdAt) - Number(a.record.createdAt) || Number(b.key) - Number(a.key));
    return ok({
      count: entries.length,
      pages: Math.ceil(entries.length / limit),
      currentPage: page,
      results: records(entries.slice(page * limit, (page + 1) * limit)),
    });
  },
} satisfies Implementations;
