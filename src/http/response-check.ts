import { loadCompiler, type CompiledOperation } from '../spec/compile.ts';
import { responseMismatch } from '../spec/conformance.ts';
import { setCookieOf } from './cookies.ts';
import { errorResponse } from './errors.ts';

/**
 * Checks an answer against the operation's documented responses (status listed, content type listed, JSON
 * body valid, declared headers present and valid). A mismatch replaces the answer with a 500 naming it, so
 * the test that caused it fails. The answers' validators are the one kind compiled at run time (on first use): Ajv's
 * compiler is loaded for them only when `validateResponses` is on (in a browser, a chunk of its own).
 */
export async function checkResponse(operation: CompiledOperation, response: Response): Promise<Response> {
  await loadCompiler();
  const text = await response.clone().text();
  const header = (name: string) => (name === 'set-cookie' ? setCookieOf(response) : response.headers.get(name));
  const mismatch = responseMismatch(operation, response.status, response.headers.get('content-type'), text, header);
  if (!mismatch) return response;
  return errorResponse(
    500,
    `Response does not match the documents (${operation.operationId}, ${response.status}): ${mismatch.message}`,
  );
}
