import { loginSession } from '../../spec/credential-kinds.ts';
import { userGrants } from '../principal.ts';
import type { CookieKindModule } from './kind.ts';

/** A login session: a row of `loginSessions`, holding its user's role assignments up to admin. */
export const sessionCookie: CookieKindModule = {
  cap: 'admin',
  hint: 'the c3d_session_v5 cookie (log in with POST /v0/sessions)',
  audit: { actor: 'user', keyId: false },
  csrf: {
    header: loginSession.csrfHeader,
    refusal:
      `Missing or wrong ${loginSession.csrfHeader} header: ` +
      'every request other than GET made with the session cookie must send it',
  },
  resolve(secret, { store, hooks }) {
    const login = store.tables.loginSessions.get(secret);
    const user = login && store.tables.users.get(login.record.userId);
    if (!login || !user) return { ok: false, message: 'Unknown or expired login session' };
    const userId = user.key;
    return {
      ok: true,
      principal: {
        label: `user ${user.record.email}`,
        userId,
        grants: userGrants(store, userId, hooks),
        loginToken: secret,
        csrf: login.record.csrf,
      },
    };
  },
};
