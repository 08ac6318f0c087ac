import type { CompiledOperation } from './compile.ts';

/** Which documented promise an answer breaks. */
export interface Mismatch {
  rule: 'schema.status-listed' | 'content-types.json-answer' | 'schema.content-type' | 'schema.body';
  message: string;
}

const matches = (listed: string, type: string) => listed === type || (listed.endsWith('/*') && type.startsWith(listed.slice(0, -1)));

/** Checks an answer against the operation's documented responses: status listed, content type listed, JSON body valid. */
export function responseMismatch(operation: CompiledOperation, status: number, contentType: string | null | undefined, text: string): Mismatch | undefined {
  const spec = operation.responses.get(String(status)) ?? operation.responses.get('default');
  if (!spec) return { rule: 'schema.status-listed', message: `status ${status} is not listed` };
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  if (spec.mediaTypes.length === 0) return text.length > 0 ? { rule: 'schema.body', message: 'a body where none is documented' } : undefined;
  if (!type) return { rule: 'schema.content-type', message: 'no Content-Type' };
  const listed = spec.mediaTypes.find((candidate) => matches(candidate, type));
  if (!listed) {
    const jsonPromised = spec.mediaTypes.some((candidate) => /json$/.test(candidate));
    return { rule: jsonPromised ? 'content-types.json-answer' : 'schema.content-type', message: `Content-Type ${type} is not one of ${spec.mediaTypes.join(', ')}` };
  }
  const validate = spec.validator(listed);
  if (!validate) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { rule: 'schema.body', message: 'the body is not JSON' };
  }
  if (validate(body)) return undefined;
  const error = validate.errors?.[0];
  return { rule: 'schema.body', message: `body${error?.instancePath ?? ''} ${error?.message ?? 'is invalid'} ${error?.params ? JSON.stringify(error.params) : ''}`.trim() };
}
