import { errorResponse } from '../http/errors.ts';
import type { Mock } from '../core/mock.ts';
import { isOneOf, keysOf } from '../guards.ts';
import { documentNames, type DocumentName } from '../spec/documents.ts';
import { keySecrets, prefilledCredentials } from './docs-credentials.ts';
import { docsInitScript, docsPage } from './docs-page.ts';
import { documentContentTypes, servedDocumentText } from './served-documents.ts';
import { swaggerUiAssetLoader } from './swagger-ui-assets.ts';

export interface DocsOptions {
  mock: Mock;
  /** Each host's port, read when a document is served (both listeners are up by then). */
  ports: () => Record<DocumentName, number>;
  /** The clock that decides developer-key expiry, as the mock's. */
  now?: () => number;
}

/** The paths the docs answer: none is under `/v0/`, so no API route is shadowed. */
export const isDocsPath = (pathname: string) =>
  pathname === '/docs' || pathname.startsWith('/docs/') || pathname.startsWith('/openapi/');

type Body =
  | { text: string; contentType: string; cache: string }
  | { bytes: Uint8Array<ArrayBuffer>; contentType: string; cache: string };

const assetPrefix = '/docs/assets/';
const documentPath = /^\/openapi\/(api|data)\.(yaml|json)$/;
const documentFormats = keysOf(documentContentTypes);
const readMethods = 'GET, HEAD';

/**
 * The API reference on each listener: `GET /docs` (Swagger UI over both documents, the seed's keys
 * pre-filled), its assets under `/docs/assets/`, and the documents themselves under `/openapi/`, listing
 * the mock first in `servers`. GET and HEAD only; anything else under those paths is JSON 404 or 405.
 */
export function createDocsRoutes(
  options: DocsOptions,
): (home: DocumentName) => (request: Request) => Promise<Response> {
  const now = options.now ?? Date.now;
  const seeded = keySecrets(options.mock.store);

  /** What a path serves, made only once the method is known to be GET or HEAD. */
  const route = (url: URL, home: DocumentName): (() => Promise<Body>) | undefined => {
    const path = url.pathname;
    if (path === '/docs' || path === '/docs/')
      return async () => ({ text: docsPage, contentType: 'text/html; charset=utf-8', cache: 'no-store' });
    if (path === '/docs/init.js') {
      return async () => {
        const credentials = prefilledCredentials(options.mock.store, seeded, now());
        return {
          text: docsInitScript({ primary: home, credentials }),
          contentType: 'text/javascript; charset=utf-8',
          cache: 'no-store',
        };
      };
    }
    if (path.startsWith(assetPrefix)) {
      const load = swaggerUiAssetLoader(path.slice(assetPrefix.length));
      return load && (async () => ({ ...(await load()), cache: 'public, max-age=3600' }));
    }
    const match = documentPath.exec(path);
    if (!match) return undefined;
    const [, name, format] = match;
    if (!isOneOf(documentNames, name) || !isOneOf(documentFormats, format)) return undefined;
    return async () => {
      const mockUrl = `${url.protocol}//${url.hostname}:${options.ports()[name]}/v0`;
      return {
        text: servedDocumentText(name, format, mockUrl),
        contentType: documentContentTypes[format],
        cache: 'no-cache',
      };
    };
  };

  return (home) => async (request) => {
    const url = new URL(request.url);
    const served = route(url, home);
    if (!served)
      return errorResponse(
        404,
        `No docs file ${url.pathname}: the API reference is at /docs, the documents at /openapi/api.yaml and /openapi/data.yaml (or .json)`,
      );
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return errorResponse(
        405,
        `${request.method} is not allowed here; allowed: ${readMethods}`,
        {},
        { allow: readMethods },
      );
    }
    const body = await served();
    const bytes = 'bytes' in body ? body.bytes : new TextEncoder().encode(body.text);
    const headers = {
      'content-type': body.contentType,
      'content-length': String(bytes.byteLength),
      'cache-control': body.cache,
      'x-content-type-options': 'nosniff',
    };
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}
