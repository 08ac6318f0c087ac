/**
 * Browsers drop `Set-Cookie` from a Response built in script and `Cookie` from a Request, so the mock
 * keeps a response's cookies beside it too, and takes a request's cookies as an argument, for adapters
 * that run in a page (MSW `setupWorker`) and keep the cookie jar themselves.
 */
const setCookies = new WeakMap<Response, string>();

export interface RequestExtras {
  /** The request's `Cookie` header, where the Request itself cannot carry one. */
  cookie?: string;
}

export function withSetCookie(response: Response, setCookie: string | undefined): Response {
  if (setCookie) setCookies.set(response, setCookie);
  return response;
}

/** The `Set-Cookie` value the mock answered with, even where the Response's headers lost it. */
export function setCookieOf(response: Response): string | undefined {
  return setCookies.get(response) ?? response.headers.get('set-cookie') ?? undefined;
}
