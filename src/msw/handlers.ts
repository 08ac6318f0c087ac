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

/** A base URL, resolved and matched as MSW matches `http.all(root)` and `http.all(`${root}/*`)`. */
interface Base {
  host: DocumentName;
  /** As given, without its trailing slash: the cookie jar's key and what `rebase` reads. */
  root: string;
  /** Lower-cased, as MSW's path matching ignores case; undefined when relative (resolved per request). */
  match: string | undefined;
  /** The request URLs that begin with this (exactly) are already the core's own (the base's path is `/v0`). */
  own: string | undefined;
}

const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i;
/** MSW's `cleanUrl`: a handler's path without its query or hash. */
const clean = (path: string) => (path.endsWith('?') ? path : path.replace(/[?|#].*$/g, ''));

function baseOf(host: DocumentName, root: string): Base {
  if (!absolute.test(root) && !root.startsWith('*')) return { host, root, match: undefined, own: undefined };
  let own: string | undefined;
  try {
    const parsed = new URL(root);
    if (parsed.pathname === '/v0') own = `${parsed.origin}/v0`;
  } catch {}
  return { host, root, match: clean(root).toLowerCase(), own };
}

/** What MSW matches a relative path against: the page's address, as `getAbsoluteUrl` resolves it. */
function resolved(base: Base): string {
  const origin = typeof location !== 'undefined' && location.href;
  return clean(origin ? decodeURI(new URL(encodeURI(base.root), origin).href) : base.root).toLowerCase();
}

/** The first base (in the order given) whose root or `root/*` the request's URL (without query or hash) matches. */
function find(bases: readonly Base[], url: string): Base | undefined {
  const end = url.search(/[?#]/);
  const target = (end === -1 ? url : url.slice(0, end)).toLowerCase();
  for (const base of bases) {
    const match = base.match ?? resolved(base);
    if (target.startsWith(match) && (target.length === match.length || target.charCodeAt(match.length) === 47))
      return base;
  }
  return undefined;
}

/** The request itself when its URL is already under the core's `/v0` (no copy), else the rebased copy. */
function forCore(request: Request, base: Base): Request {
  const url = request.url;
  if (base.own && url.startsWith(base.own) && !url.includes('#')) {
    const next = url.charCodeAt(base.own.length);
    if (Number.isNaN(next) || next === 47 || next === 63) return request;
  }
  return rebase(request, base.root);
}

/**
 * MSW handlers over a fresh mock: one catch-all handler matching every base URL of both hosts (the root and all
 * under it, as `http.all(root)` and `http.all(`${root}/*`)` would, in the order given), calling the core, so a
 * request is routed once by the compiled table rather than tried against a handler per route or per base URL. The
 * core's hosts apply the network conditions (`latency`, `errorRate`, the `x-c3d-mock-*` headers) as the server does.
 */
export function createHandlers(options: HandlerOptions = {}): { mock: Mock; handlers: HttpHandler[] } {
  const mock = createMock(options);
  const jar =
    (options.cookies ?? (typeof document === 'undefined' ? 'headers' : 'jar')) === 'jar' ? new CookieJar() : undefined;
  const bases: Base[] = [];
  for (const host of ['api', 'data'] as const) {
    for (const base of [
      ...(options.includeRealHosts === false ? [] : defaultBaseUrls[host]),
      ...(options.baseUrls?.[host] ?? []),
    ])
      bases.push(baseOf(host, base.replace(/\/$/, '')));
  }
  if (bases.length === 0) return { mock, handlers: [] };
  // The base each matched request was matched to, from the predicate to the resolver.
  const matched = new WeakMap<Request, Base>();
  const handler = http.all(
    ({ request }) => {
      const base = find(bases, request.url);
      if (!base) return false;
      matched.set(request, base);
      return true;
    },
    async ({ request }) => {
      const base = matched.get(request) ?? find(bases, request.url);
      if (!base) throw new Error(`c3d-mock: ${request.url} is under none of the mocked base URLs`);
      const { host, root } = base;
      if (!jar) return mock.hosts[host](forCore(request, base));
      const response = await mock.hosts[host](forCore(request, base), {
        cookie: request.headers.get('cookie') ?? jar.header(root, request),
      });
      jar.store(root, response);
      return response;
    },
  );
  return { mock, handlers: [handler] };
}
