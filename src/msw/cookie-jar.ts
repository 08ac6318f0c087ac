import { setCookieOf } from '../http/cookies.ts';

/**
 * The cookies the mocked hosts have set, as a browser would keep them: a page cannot read `Set-Cookie`
 * or send `Cookie` through fetch, so `setupWorker` handlers keep the login cookie here and present it
 * on the next requests to the same base URL. Paths and expiry other than `Max-Age=0` are not modelled:
 * the mock sets one cookie, on `/`, for the session's life.
 */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  /** The `Cookie` header for a request to `base`, or undefined when nothing is kept or the request omits credentials. */
  header(base: string, request: Request): string | undefined {
    const kept = this.cookies.get(base);
    if (!kept?.size || request.credentials === 'omit') return undefined;
    return [...kept].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps (or, with `Max-Age=0` or an empty value, forgets) the cookies a response from `base` set. */
  store(base: string, response: Response): void {
    const setCookie = setCookieOf(response);
    if (!setCookie) return;
    for (const line of setCookie.split(/,(?=\s*[^;=\s]+=)/)) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
      const kept = this.cookies.get(base) ?? new Map<string, string>();
      if (expired || value === '') kept.delete(name);
      else kept.set(name, value);
      this.cookies.set(base, kept);
    }
  }

  clear(): void {
    this.cookies.clear();
  }
}
