import { isRecord } from '../guards.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { Answer } from './model.ts';

const listedType = (listed: string, type: string) =>
  listed === type || (listed.endsWith('/*') && type.startsWith(listed.slice(0, -1)));

/** The documents' error body: `{code, message}`. */
const isErrorBody = (body: unknown) =>
  isRecord(body) && typeof body.code === 'number' && typeof body.message === 'string';

/**
 * Whether an answer shows that the target served the operation, so that it may count for coverage: the
 * documents list its status and its content type for that operation. A 404 or 405 counts only with the
 * documents' `{code, message}` error body, since any server answers those for a path it does not serve.
 * A request nothing answered never counts.
 */
export function answeredAsRouted(operation: CompiledOperation, answer: Answer): boolean {
  if (answer.status === 0) return false;
  const listed = operation.responses.get(String(answer.status)) ?? operation.responses.get('default');
  if (!listed) return false;
  if ((answer.status === 404 || answer.status === 405) && !isErrorBody(answer.body)) return false;
  if (listed.mediaTypes.length === 0) return true;
  const type = answer.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && listed.mediaTypes.some((candidate) => listedType(candidate, type));
}

/** A status any server gives for a path it does not serve: an operation proven by such answers alone is not shown to be served. */
export const isNotFoundOrNotAllowed = (status: number | undefined) => status === 404 || status === 405;
