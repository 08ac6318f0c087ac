import type { CompiledOperation } from '../spec/compile.ts';
import { errorResponse } from './http.ts';

/**
 * Checks an answer against the operation's documented responses (status listed, content type listed, JSON
 * body valid). A mismatch replaces the answer with a 500 naming it, so the test that caused it fails.
 */
export async function checkResponse(operation: CompiledOperation, response: Response): Promise<Response> {
  const problem = await findMismatch(operation, response.clone());
  if (!problem) return response;
  return errorResponse(500, `Response does not match the documents (${operation.operationId}, ${response.status}): ${problem}`);
}

async function findMismatch(operation: CompiledOperation, response: Response): Promise<string | undefined> {
  const spec = operation.responses.get(String(response.status)) ?? operation.responses.get('default');
  if (!spec) return `status ${response.status} is not listed`;
  const type = response.headers.get('content-type')?.split(';')[0]!.trim();
  const text = await response.text();
  if (spec.mediaTypes.length === 0) return text.length > 0 ? 'a body where none is documented' : undefined;
  if (!type) return 'no Content-Type';
  const listed = spec.mediaTypes.find((candidate) => candidate === type || (candidate.endsWith('/*') && type.startsWith(candidate.slice(0, -1))));
  if (!listed) return `Content-Type ${type} is not one of ${spec.mediaTypes.join(', ')}`;
  const validate = spec.validator(listed);
  if (!validate) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (validate(body)) return undefined;
  const error = validate.errors?.[0];
  return `body${error?.instancePath ?? ''} ${error?.message ?? 'is invalid'} ${error?.params ? JSON.stringify(error.params) : ''}`.trim();
}
