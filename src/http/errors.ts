/** The JSON and error answers, and the error thrown to give one. */
export const jsonType = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': jsonType, ...headers } });
}

export function errorResponse(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(status, { code: status, message, ...extra }, headers);
}

/** Thrown by operations and the pipeline to answer an error; caught by the request wrapper. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Answers an error from anywhere below the pipeline; a declaration, so TypeScript narrows after the call. */
export function fail(status: number, message: string, field?: string): never {
  throw new HttpError(status, message, field);
}
