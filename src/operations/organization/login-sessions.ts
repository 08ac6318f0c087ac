import { fail } from '../../http/errors.ts';
import { referencedRow } from '../shared/references.ts';
import { ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';

const token = () => crypto.randomUUID().replace(/-/g, '');
const cookie = (value: string, extra = '') => `c3d_session_v5=${value}; HttpOnly; Path=/${extra}`;

/** Dashboard login sessions: log in, read the current one, log out. */
export const loginSessionOperations = {
  createLoginSession: ({ store, body, now }) => {
    const user = store.tables.users.findUnique('email', String(body.email).toLowerCase());
    // The same answer for an unknown email and a wrong password: no hint which it was.
    if (!user || user.internal.password !== body.password) fail(401, 'Wrong email or password');
    const login = store.tables.loginSessions.insert({
      token: token(),
      userId: user.key,
      csrf: token(),
      createdAt: now,
    });
    return ok({ userId: user.key, csrf: login.record.csrf }, { 'set-cookie': cookie(login.key) });
  },

  getCurrentLoginSession: ({ store, principal }) => {
    const user = referencedRow(store.tables.users, principal.userId);
    return ok({ userId: user.key, email: user.record.email, csrf: principal.csrf });
  },

  deleteCurrentLoginSession: ({ store, principal }) => {
    store.tables.loginSessions.delete(principal.loginToken);
    return { status: 204, empty: true, headers: { 'set-cookie': cookie('', '; Max-Age=0') } };
  },
} satisfies Implementations;
