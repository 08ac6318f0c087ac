import { stringAt } from '../../../guards.ts';
import type { FlowContext } from './context.ts';
import { api, expectStatus, type Flow, takenBy } from './flow.ts';

type LoginState = { cookie?: string; csrf?: string };

/**
 * A login session's life, on the cookie it answered: current, refused to log out without its CSRF token,
 * logged out, and refused once ended.
 */
export function loginSessionFlow({ user, present }: FlowContext): Flow<LoginState> | undefined {
  if (
    !user ||
    !('email' in user.credential) ||
    !present('createLoginSession', 'getCurrentLoginSession', 'deleteCurrentLoginSession')
  )
    return undefined;
  const { credential } = user;
  // The log-in step checks that a cookie and a CSRF token came back before any step sends them.
  const cookie = (s: LoginState) => ({ cookie: `c3d_session_v5=${s.cookie}` });
  const step = takenBy<LoginState>('flows.login', undefined);
  return {
    name: 'login session life',
    steps: [
      step({
        title: 'log in',
        operationId: 'createLoginSession',
        headers: () => ({}),
        request: () => api.post('/sessions', credential),
        check: (answer, s) => {
          s.cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
          s.csrf = stringAt(answer.body, 'csrf');
          return expectStatus(answer, 200) ?? (s.cookie && s.csrf ? undefined : 'no cookie or no csrf token');
        },
      }),
      step({
        title: 'the session is current',
        operationId: 'getCurrentLoginSession',
        headers: cookie,
        request: () => api.get('/sessions/current'),
        check: (answer, s) =>
          expectStatus(answer, 200) ??
          (stringAt(answer.body, 'csrf') === s.csrf ? undefined : 'the csrf token differs from the login'),
      }),
      step({
        title: 'logging out without the CSRF token is refused',
        rule: 'credentials.csrf',
        operationId: 'deleteCurrentLoginSession',
        headers: cookie,
        request: () => api.delete('/sessions/current'),
        check: (answer) => expectStatus(answer, 403),
      }),
      step({
        title: 'log out',
        operationId: 'deleteCurrentLoginSession',
        cleanup: true,
        headers: (s) => ({ ...cookie(s), ...(s.csrf === undefined ? {} : { 'c3d-csrf': s.csrf }) }),
        request: () => api.delete('/sessions/current'),
        check: (answer) => expectStatus(answer, 200, 204),
      }),
      step({
        title: 'the ended session is refused',
        rule: 'credentials.ended-session',
        operationId: 'getCurrentLoginSession',
        headers: cookie,
        request: () => api.get('/sessions/current'),
        check: (answer) => expectStatus(answer, 401),
      }),
    ],
  };
}
