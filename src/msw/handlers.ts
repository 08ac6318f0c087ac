import { http, type HttpHandler } from 'msw';
import { createMock, type Mock, type MockOptions } from '../core/mock.ts';
import type { DocumentName } from '../spec/documents.ts';
import { CookieJar } from './cookie-jar.ts';

/** Where each host's `/v0` root is served; the real hosts (production and dev) by default. */
export const defaultBaseUrls: Record<DocumentName, string[]> = {
  api: ['https://api.cognitive3d.com/v0', 'https://api.c3ddev.com/v0'],
  data: ['https://data.cognitive3d.com/v0', 'https://data.c3ddev.com/v0'],
};

export interface HandlerOptions extends MockOptions {
  /** Base URLs (each the API's `/v0` root, e.g. `http://localhost:5173/api/v0`) to serve besides, or instead of, the real hosts. */
  baseUrls?: Partial<Record<DocumentName, string[]>>;
  /** Keep the real hosts as well as `baseUrls` (default true). */
  includeRealHosts?: boolean;
  /**
   * `jar`: keep the cookies the mock sets and send them on later requests, as a browser does for a real host
   * (a page's fetch can neither read `Set-Cookie` nor send `Cookie`); `headers`: use the requests' own
   * `Cookie` headers only, as Node's fetch does. Default: `jar` in a browser, `headers` elsewhere.
   */
  cookies?: 'jar' | 'headers';
}

/** The request as the core expects it: the same method, headers and body, its path under `/v0`. */
function rebase(request: Request, base: string): Request {
  const url = new URL(request.url);
  const root = new URL(base);
  const rest = url.pathname.slice(root.pathname.replace(/\/$/, '').length);
  return new Request(new URL(`/v0${rest}${url.search}`, root.origin), request);
}

/**
 * MSW handlers over a fresh mock: one catch-all per base URL of each host, each calling the core, so a
 * request is routed once by the compiled table rather than tried against a handler per route. The core's
 * hosts apply the network conditions (`latency`, `errorRate`, the `x-c3d-mock-*` headers) as the server does.
 */
export function createHandlers(options: HandlerOptions = {}): { mock: Mock; handlers: HttpHandler[] } {
  const mock = createMock(options);
  const jar =
    (options.cookies ?? (typeof document === 'undefined' ? 'headers' : 'jar')) === 'jar' ? new CookieJar() : undefined;
  const handlers: HttpHandler[] = [];
  for (const host of ['api', 'data'] as const) {
    const bases = [
      ...(options.includeRealHosts === false ? [] : defaultBaseUrls[host]),
      ...(options.baseUrls?.[host] ?? []),
    ];
    for (const base of bases) {
      const root = base.replace(/\/$/, '');
      const serve = async ({ request }: { request: Request }) => {
        if (!jar) return mock.hosts[host](rebase(request, root));
        const response = await mock.hosts[host](rebase(request, root), {
          cookie: request.headers.get('cookie') ?? jar.header(root, request),
        });
        jar.store(root, response);
        return response;
      };
      handlers.push(http.all(root, serve), http.all(`${root}/*`, serve));
    }
  }
  return { mock, handlers };
}
