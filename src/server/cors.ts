export const corsMethods = 'GET, POST, PUT, PATCH, DELETE';
/** The request headers a preflight without `Access-Control-Request-Headers` is told it may send. */
export const corsDefaultHeaders = 'Authorization, Content-Type, c3d-csrf, x-c3d-mock-latency, x-c3d-mock-error';
/** Response headers of the mock a page may read beyond the safelisted ones (`c3d-csrf` is only a request header). */
export const corsExposedHeaders = 'cvr-request-time, content-disposition, allow';
export const corsMaxAgeSeconds = 600;

const headerList = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/**
 * CORS for browser apps on another origin (a dev server, the docs page of the other port): any origin,
 * with credentials. Preflights are answered here and never reach the mock (no route, credential,
 * latency or injected error applies to them); answers to requests with an `Origin` carry the headers a
 * browser needs to hand them to the page. Requests without `Origin` are passed through untouched.
 * Hono's `cors` middleware does not do this: it adds its headers to requests without `Origin`, answers
 * every OPTIONS itself, echoes a malformed header list, names no headers when none are requested and
 * knows no Private Network Access.
 */
export function withCors(fetch: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  // Not an async function: a request without Origin is handed on without another promise around its answer.
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null) return fetch(request);
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method'))
      return Promise.resolve(preflight(request, origin));
    // The mock's answers are built here, never taken from a fetch(), so their headers can be added to in place
    // (keeping Content-Length; a kept answer's headers become a Headers object the server writes).
    return fetch(request).then((response) => {
      exposeTo(response.headers, origin);
      return response;
    });
  };
}

function exposeTo(headers: Headers, origin: string): void {
  headers.set('access-control-allow-origin', origin);
  headers.set('access-control-allow-credentials', 'true');
  headers.set('access-control-expose-headers', corsExposedHeaders);
  headers.append('vary', 'Origin');
}

function preflight(request: Request, origin: string): Response {
  const requested = request.headers.get('access-control-request-headers')?.trim();
  const headers = new Headers({
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': corsMethods,
    'access-control-allow-headers': requested && headerList.test(requested) ? requested : corsDefaultHeaders,
    'access-control-max-age': String(corsMaxAgeSeconds),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
  });
  // A page on a public origin calling a mock on this machine (Chrome's Private Network Access).
  if (request.headers.get('access-control-request-private-network') === 'true')
    headers.set('access-control-allow-private-network', 'true');
  return new Response(null, { status: 204, headers });
}
