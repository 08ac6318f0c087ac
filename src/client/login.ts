import { loginSession } from '../spec/credential-kinds.ts';
import type { ApiClient } from './client.ts';

/** Every user's password in the default seed (`fixtures/default.json`). */
export const seedPassword = 'c3d-mock-password';

/** What `POST /sessions` answered: the user's id and the CSRF token, and the cookie's token where it could be read. */
export interface LoggedIn {
  userId: number;
  csrf: string;
  /** The `c3d_session_v5` token from `Set-Cookie`; undefined in a browser, where script cannot read that header. */
  cookie?: string;
}

/** The value of the login cookie in a `Set-Cookie` header (Node's fetch shows it; a page's fetch does not). */
function sessionCookieOf(response: Response): string | undefined {
  const lines =
    typeof response.headers.getSetCookie === 'function'
      ? response.headers.getSetCookie()
      : [response.headers.get('set-cookie') ?? ''];
  for (const line of lines) {
    const [pair = ''] = line.split(';');
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === loginSession.cookie) {
      const value = pair.slice(separator + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * Logs `client` in as `email` (`POST /sessions`) and makes it send that login on every later request: the
 * CSRF token on writes, and, where the cookie could be read (Node), the cookie itself, since Node's fetch
 * keeps no cookies. In a browser the cookie stays with the browser (a real host) or with the MSW handlers'
 * jar (`cookies: 'jar'`). Throws, naming the status and the message, when the login is refused.
 *
 * ```ts
 * await login(api, 'viewer@acme.example');    // the default seed's password
 * ```
 */
export async function login(client: ApiClient, email: string, password: string = seedPassword): Promise<LoggedIn> {
  const { data, error, response } = await client.POST('/sessions', { body: { email, password } });
  if (!data) {
    const message = typeof error?.message === 'string' ? error.message : response.statusText;
    throw new Error(`login as ${email}: ${response.status} ${message}`);
  }
  const cookie = sessionCookieOf(response);
  client.setCredential({ session: cookie === undefined ? { csrf: data.csrf } : { csrf: data.csrf, cookie } });
  return cookie === undefined
    ? { userId: data.userId, csrf: data.csrf }
    : { userId: data.userId, csrf: data.csrf, cookie };
}
