import { withSetCookie } from './cookies.ts';
import { jsonType } from './errors.ts';

/** What an operation answers: JSON, text, bytes or nothing, with a status and headers. */
export type OperationResult =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string; headers?: Record<string, string> }
  | { status: number; bytes: Uint8Array; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

/** Where a fault may bend an answer; each hook takes what the rules give and returns what is sent. */
export interface ResponseHooks {
  responseHeaders(headers: Record<string, string>): Record<string, string>;
  jsonBody(body: unknown): unknown;
  jsonContentType(contentType: string): string;
  fileContentType(contentType: string): string;
}

export const ruleKeepingResponseHooks: ResponseHooks = {
  responseHeaders: (headers) => headers,
  jsonBody: (body) => body,
  jsonContentType: (contentType) => contentType,
  fileContentType: (contentType) => contentType,
};

/** An operation's result as a Response, through the response hooks. */
export function toResponse(
  result: OperationResult,
  extraHeaders: Record<string, string>,
  hooks: ResponseHooks = ruleKeepingResponseHooks,
): Response {
  const headers = hooks.responseHeaders({ ...result.headers, ...extraHeaders });
  return withSetCookie(build(result, headers, hooks), headers['set-cookie']);
}

function build(result: OperationResult, headers: Record<string, string>, hooks: ResponseHooks): Response {
  if ('json' in result) {
    headers['content-type'] = hooks.jsonContentType(jsonType);
    return new Response(JSON.stringify(hooks.jsonBody(result.json)), { status: result.status, headers });
  }
  if ('text' in result) {
    headers['content-type'] = result.contentType;
    return new Response(result.text, { status: result.status, headers });
  }
  if ('bytes' in result) {
    headers['content-type'] = hooks.fileContentType(result.contentType);
    headers['content-length'] = String(result.bytes.byteLength);
    return new Response(result.bytes as Uint8Array<ArrayBuffer>, { status: result.status, headers });
  }
  return new Response(null, { status: result.status, headers });
}
