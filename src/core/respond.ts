import type { HandlerResult } from '../handlers/types.ts';
import type { FaultName } from './faults.ts';
import { withSetCookie } from './cookies.ts';
import { jsonType } from './http.ts';

/** A handler's result as a Response, with the faults that corrupt answers applied. */
export function toResponse(
  result: HandlerResult,
  extraHeaders: Record<string, string>,
  faults: ReadonlySet<FaultName>,
): Response {
  const headers: Record<string, string> = { ...result.headers, ...extraHeaders };
  if (faults.has('drop-request-time')) delete headers['cvr-request-time'];
  return withSetCookie(build(result, headers, faults), headers['set-cookie']);
}

function build(result: HandlerResult, headers: Record<string, string>, faults: ReadonlySet<FaultName>): Response {
  if ('json' in result) {
    let body = faults.has('drop-required-field') ? withoutIds(result.json) : result.json;
    if (faults.has('drop-page-item')) body = withoutLastPageRecord(body);
    headers['content-type'] = faults.has('json-as-text') ? 'text/plain; charset=utf-8' : jsonType;
    return new Response(JSON.stringify(body), { status: result.status, headers });
  }
  if ('text' in result) {
    headers['content-type'] = result.contentType;
    return new Response(result.text, { status: result.status, headers });
  }
  if ('bytes' in result) {
    headers['content-type'] = faults.has('lose-upload-type') ? 'application/octet-stream' : result.contentType;
    headers['content-length'] = String(result.bytes.byteLength);
    return new Response(result.bytes as Uint8Array<ArrayBuffer>, { status: result.status, headers });
  }
  return new Response(null, { status: result.status, headers });
}

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  const { id: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** A paginated answer (`{count, pages, currentPage, results}`) with its last record gone and its count kept. */
function withoutLastPageRecord(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const page = value as Record<string, unknown>;
  const isPage =
    ['count', 'pages', 'currentPage'].every((key) => typeof page[key] === 'number') && Array.isArray(page.results);
  return isPage && (page.results as unknown[]).length > 0
    ? { ...page, results: (page.results as unknown[]).slice(0, -1) }
    : value;
}
