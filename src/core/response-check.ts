import type { CompiledOperation } from '../spec/compile.ts';
import { responseMismatch } from '../spec/conformance.ts';
import { errorResponse } from './http.ts';

/**
 * Checks an answer against the operation's documented responses (status listed, content type listed, JSON
 * body valid). A mismatch replaces the answer with a 500 naming it, so the test that caused it fails.
 */
export async function checkResponse(operation: CompiledOperation, response: Response): Promise<Response> {
  const text = await response.clone().text();
  const mismatch = responseMismatch(operation, response.status, response.headers.get('content-type'), text);
  if (!mismatch) return response;
  return errorResponse(500, `Response does not match the documents (${operation.operationId}, ${response.status}): ${mismatch.message}`);
}
