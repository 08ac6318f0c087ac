import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { components } from '../../generated/api.ts';
import { referencedRow } from '../shared/references.ts';
import { noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';

/** A user as `GET /users/me` shows it: the stored account plus every role assignment it holds. */
export function accountView(store: Store, user: TableRow<'users'>): components['schemas']['Account'] {
  const roles = store.tables.roleAssignments.children('userId', user.key).map(({ record }) => ({
    scopeType: record.scopeType,
    scopeId: record.scopeId,
    role: record.role,
  }));
  return { ...user.record, roles };
}

/** The calling user's own account: read it, change the name, change the password. */
export const accountOperations = {
  getMyAccount: ({ store, principal }) => ok(accountView(store, referencedRow(store.tables.users, principal.userId))),

  updateMyAccount: ({ store, principal, body, now }) => {
    const user = store.tables.users.update(principal.userId, { record: { ...body, updatedAt: now } });
    return ok(accountView(store, user));
  },

  updateMyPassword: ({ store, principal, body, now }) => {
    const user = referencedRow(store.tables.users, principal.userId);
    if (user.internal.password !== body.currentPassword) fail(403, 'The current password is wrong');
    store.tables.users.update(user.key, { record: { updatedAt: now }, internal: { password: body.newPassword } });
    return noContent();
  },
} satisfies Implementations;
