import type { Implementations } from '../shared/types.ts';
import { accountOperations } from './account.ts';
import { apiKeyOperations } from './api-keys.ts';
import { auditLogOperations } from './audit-log.ts';
import { connectionOperations } from './connections.ts';
import { domainOperations } from './domains.ts';
import { loginSessionOperations } from './login-sessions.ts';
import { memberOperations } from './members.ts';
import { organizationSettingsOperations } from './organizations.ts';
import { tagOperations } from './tags.ts';

/** Implementations of the organization groups (login, account, domains, organizations, members, keys, audit log, connections, tags). */
export const organizationOperations = {
  ...loginSessionOperations,
  ...accountOperations,
  ...domainOperations,
  ...organizationSettingsOperations,
  ...tagOperations,
  ...memberOperations,
  ...apiKeyOperations,
  ...auditLogOperations,
  ...connectionOperations,
} satisfies Implementations;
