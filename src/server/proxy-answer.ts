import type { IncomingHttpHeaders } from 'node:http';
import { firstError } from '../http/parameters.ts';
import { credentialShape } from '../journal/excerpt.ts';
import type { Finding } from '../journal/types.ts';
import type { CompiledOperation, ResponseSpec } from '../spec/compile.ts';

/** The upstream's answer as the proxy judges it: its status and its headers. */
export interface AnswerHead {
  statusCode?: number;
  headers: IncomingHttpHeaders;
}

const listedType = (listed: string, type: string) =>
  listed === type || (listed.endsWith('/*') && type.startsWith(listed.slice(0, -1)));
const isJson = (type: string) => /^application\/(?:[\w.-]+\+)?json$/.test(type);

/** A header value as the JSON type its schema names. */
function coerceHeader(value: string, type: string): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** One header of the answer, its repeated values joined. */
function headerOf(answer: AnswerHead, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The answer's side: its status listed for the operation, its content type, JSON that parses and fits the schema,
 * the headers the documents require, and no credential of the request repeated. `text` is the decoded body, undefined
 * when it was not read whole (over the limit, or an unknown encoding): the body's checks are then skipped.
 */
export function judgeAnswer(
  operation: CompiledOperation,
  method: string,
  answer: AnswerHead,
  text: string | undefined,
  secrets: readonly string[],
  over = false,
): Finding[] {
  const found: Finding[] = [];
  const status = answer.statusCode ?? 0;
  const echo = echoedCredential(answer, text, secrets);
  if (echo) found.push(echo);
  const spec: ResponseSpec | undefined =
    operation.responses.get(String(status)) ??
    operation.responses.get(`${Math.floor(status / 100)}XX`) ??
    operation.responses.get('default');
  if (!spec) {
    found.push({
      rule: 'answer-status-undocumented',
      message: `${status} is not a status the documents list for ${operation.operationId} (${[...operation.responses.keys()].join(', ')})`,
    });
    return found;
  }
  found.push(...judgeAnswerHeaders(spec, status, answer));
  if (method === 'HEAD' || status === 204 || status === 304) return found;
  found.push(...judgeAnswerBody(spec, status, answer, text, over));
  return found;
}

/** The first of the request's secrets the answer repeats, in a header or in its body (one finding at most). */
function echoedCredential(
  answer: AnswerHead,
  text: string | undefined,
  secrets: readonly string[],
): Finding | undefined {
  for (const secret of secrets) {
    const inHeader = Object.entries(answer.headers).find(([, value]) =>
      (Array.isArray(value) ? value : [value ?? '']).some((one) => String(one).includes(secret)),
    );
    if (inHeader || text?.includes(secret))
      return {
        rule: 'answer-echoes-credential',
        message: `The answer repeats the request's credential (${credentialShape(secret)}) in ${inHeader ? `the ${inHeader[0]} header` : 'its body'}`,
      };
  }
  return undefined;
}

/** The headers the documents declare for the status: present when required, and fitting their schema. */
function judgeAnswerHeaders(spec: ResponseSpec, status: number, answer: AnswerHead): Finding[] {
  const found: Finding[] = [];
  for (const declared of spec.headers) {
    const value = headerOf(answer, declared.name);
    if (value === undefined) {
      if (declared.required)
        found.push({
          rule: 'answer-header-missing',
          message: `No ${declared.name} header: the documents require it on ${status}`,
          pointer: `/headers/${declared.name}`,
        });
      continue;
    }
    const validate = declared.validator();
    if (validate && !validate(coerceHeader(value, declared.type)))
      found.push({
        rule: 'answer-header-missing',
        message: `The ${declared.name} header ${JSON.stringify(value)} ${validate.errors?.[0]?.message ?? 'is invalid'}`,
        pointer: `/headers/${declared.name}`,
      });
  }
  return found;
}

/** The body: none where the documents give none, a listed Content-Type, and JSON that parses and fits the schema. */
function judgeAnswerBody(
  spec: ResponseSpec,
  status: number,
  answer: AnswerHead,
  text: string | undefined,
  over: boolean,
): Finding[] {
  const found: Finding[] = [];
  const type = headerOf(answer, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const empty = text === '' || (!over && text === undefined && headerOf(answer, 'content-length') === '0');
  if (spec.mediaTypes.length === 0) {
    if (text !== undefined && text !== '')
      found.push({ rule: 'answer-schema', message: `A body where the documents give ${status} none`, pointer: '/' });
    return found;
  }
  if (type === '') {
    if (!empty)
      found.push({
        rule: 'answer-content-type',
        message: `No Content-Type; the documents list ${spec.mediaTypes.join(', ')}`,
      });
    return found;
  }
  const listed = spec.mediaTypes.find((candidate) => listedType(candidate.toLowerCase(), type));
  if (!listed)
    found.push({
      rule: 'answer-content-type',
      message: `Content-Type ${type} is not one the documents list for ${status}: ${spec.mediaTypes.join(', ')}`,
    });
  if (text === undefined || !isJson(type)) return found;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    found.push({ rule: 'answer-not-json', message: `The answer says ${type} but its body is not JSON` });
    return found;
  }
  const validate = listed ? spec.validator(listed) : undefined;
  if (validate && !validate(body)) {
    const { message, pointer } = firstError(validate.errors, 'body');
    found.push({ rule: 'answer-schema', message: `The answer's ${message}`, pointer: pointer.replace(/^\/?/, '/') });
  }
  return found;
}
