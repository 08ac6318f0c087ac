import type { Handlers } from '../types.ts';
import { accountHandlers } from './account.ts';
import { apiKeyHandlers } from './api-keys.ts';
import { auditLogHandlers } from './audit-log.ts';
import { connectionHandlers } from './connections.ts';
import { domainHandlers } from './domains.ts';
import { loginSessionHandlers } from './login-sessions.ts';
import { memberHandlers } from './members.ts';
import { organizationSettingsHandlers } from './organizations.ts';
import { tagHandlers } from './tags.ts';

/** Handlers of the organization groups (login, account, domains, organizations, members, keys, audit log, connections, tags). */
export const organizationHandlers: Handlers = {
  ...loginSessionHandlers,
  ...accountHandlers,
  ...domainHandlers,
  ...organizationSettingsHandlers,
  ...tagHandlers,
  ...memberHandlers,
  ...apiKeyHandlers,
  ...auditLogHandlers,
  ...connectionHandlers,
};
