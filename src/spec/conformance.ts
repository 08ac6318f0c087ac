import type { CompiledOperation, ResponseHeaderSpec, ResponseSpec } from './compile.ts';

/** Which documented promise an answer breaks. */
export interface Mismatch {
  rule: 'schema.status-listed' | 'content-types.json-answer' | 'schema.content-type' | 'schema.body' | 'schema.headers';
  message: string;
}

const matches = (listed: string, type: string) =>
  listed === type || (listed.endsWith('/*') && type.startsWith(listed.slice(0, -1)));

/** Reads one answer header by its lower-case name. */
export type HeaderReader = (name: string) => string | null | undefined;

/**
 * Checks an answer against the operation's documented responses: status listed, content type listed, JSON
 * body valid, and the headers declared for that status: present when `required`, valid against their schema.
 */
export function responseMismatch(
  operation: CompiledOperation,
  status: number,
  contentType: string | null | undefined,
  text: string,
  header: HeaderReader,
): Mismatch | undefined {
  const spec = operation.responses.get(String(status)) ?? operation.responses.get('default');
  if (!spec) return { rule: 'schema.status-listed', message: `status ${status} is not listed` };
  return bodyMismatch(spec, contentType, text) ?? headerMismatch(spec, status, header);
}

function bodyMismatch(spec: ResponseSpec, contentType: string | null | undefined, text: string): Mismatch | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (spec.mediaTypes.length === 0)
    return text.length > 0 ? { rule: 'schema.body', message: 'a body where none is documented' } : undefined;
  if (!type) return { rule: 'schema.content-type', message: 'no Content-Type' };
  const listed = spec.mediaTypes.find((candidate) => matches(candidate, type));
  if (!listed) {
    const jsonPromised = spec.mediaTypes.some((candidate) => /json$/.test(candidate));
    return {
      rule: jsonPromised ? 'content-types.json-answer' : 'schema.content-type',
      message: `Content-Type ${type} is not one of ${spec.mediaTypes.join(', ')}`,
    };
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
  return {
    rule: 'schema.body',
    message:
      `body${error?.instancePath ?? ''} ${error?.message ?? 'is invalid'} ${error?.params ? JSON.stringify(error.params) : ''}`.trim(),
  };
}

/** A header value as the JSON type its schema names (`Content-Length: 12` is the integer 12). */
function coerce(value: string, type: ResponseHeaderSpec['type']): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function headerMismatch(spec: ResponseSpec, status: number, header: HeaderReader): Mismatch | undefined {
  for (const declared of spec.headers) {
    const value = header(declared.name);
    if (value === null || value === undefined) {
      if (declared.required)
        return { rule: 'schema.headers', message: `no ${declared.name} header: the documents require it on ${status}` };
      continue;
    }
    const validate = declared.validator();
    if (validate && !validate(coerce(value, declared.type))) {
      return {
        rule: 'schema.headers',
        message: `header ${declared.name}: ${JSON.stringify(value)} ${validate.errors?.[0]?.message ?? 'is invalid'}`,
      };
    }
  }
  return undefined;
}
