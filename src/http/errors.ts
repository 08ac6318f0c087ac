import type { RuleId } from '../journal/rules.ts';

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

/**
 * Thrown by operations and the pipeline to answer an error; caught by the request wrapper. `rule` names the rule
 * of `src/journal/rules.ts` the refusal enforces: metadata for the journal only, never part of the answer.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly rule?: RuleId,
  ) {
    super(message);
  }
}

/** Answers an error from anywhere below the pipeline; a declaration, so TypeScript narrows after the call. */
export function fail(status: number, message: string, field?: string): never {
  throw new HttpError(status, message, field);
}
