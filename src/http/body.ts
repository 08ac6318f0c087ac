import type { BodySpec, CompiledOperation } from '../spec/compile.ts';
import { HttpError } from './errors.ts';
import { firstError } from './parameters.ts';
import { contradiction } from './sniff.ts';

/** A file part of a multipart body, or a raw body. */
export interface UploadedFile {
  /** The multipart field the file came in (empty for a raw body). */
  field: string;
  /** The file's name (for a multipart part, its filename, else its field). */
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** 256 MiB: several times the 100 MB per file the upload tools allow, for multipart scene uploads. */
export const defaultMaxBodyBytes = 256 * 1024 * 1024;

/** Bodies of a declared length up to this are read whole rather than through their stream. */
const smallBodyBytes = 64 * 1024;

/**
 * Reads a body up to a limit: 413 as soon as a declared Content-Length or the bytes received pass it, so an
 * oversized upload is never held in memory whole.
 */
async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit)
    throw new HttpError(413, `The body is ${declared} bytes; the limit is ${limit}`, undefined, 'body-too-large');
  // A small body of a declared length is read whole, without a reader over its stream (the Node server reads it
  // straight from the socket); a body longer than it declared still answers 413.
  if (declared <= smallBodyBytes && !request.bodyUsed) {
    let whole: Uint8Array<ArrayBuffer>;
    try {
      whole = new Uint8Array(await request.arrayBuffer());
    } catch {
      throw new HttpError(400, 'The body could not be read: the upload was aborted', undefined, 'body-malformed');
    }
    if (whole.byteLength > limit)
      throw new HttpError(413, `The body is over the limit of ${limit} bytes`, undefined, 'body-too-large');
    return whole;
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch {
      throw new HttpError(400, 'The body could not be read: the upload was aborted', undefined, 'body-malformed');
    }
    const { done, value } = read;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => {});
      throw new HttpError(413, `The body is over the limit of ${limit} bytes`, undefined, 'body-too-large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const isJsonType = (type: string) => type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);

function accepts(listed: string[], type: string): boolean {
  return listed.some(
    (pattern) => pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))),
  );
}

/** Checks a parsed JSON body against the operation's schema: 400 naming the first failing field. */
export function validateJsonBody(operation: CompiledOperation, value: unknown): void {
  const validate = operation.body?.validator();
  if (!validate || value === undefined || validate(value)) return;
  const [first] = validate.errors ?? [];
  if (first?.instancePath === '' && first.keyword === 'type')
    throw new HttpError(400, `Invalid json: the body ${first.message}`, '/', 'body-schema');
  const { message, field } = firstError(validate.errors, 'body');
  throw new HttpError(400, `Invalid body: ${message}`, field.replace(/^body/, '') || '/', 'body-schema');
}

/** The multipart parts: text fields by name, and every file part in order. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Where a fault may bend the reading of request bodies. */
export interface RequestBodyHooks {
  /** Whether the Content-Type, and a raw file's bytes, are checked against what the operation takes. */
  contentTypeChecked(checked: boolean): boolean;
}

export const ruleKeepingBodyHooks: RequestBodyHooks = { contentTypeChecked: (checked) => checked };

/** What was read of a body, for the journal: filled as it is read (a reference to the text, never a copy). */
export interface BodySeen {
  bytes?: number;
  /** A JSON body's text. */
  text?: string;
}

/** How `readBody` reads: whether the schema is checked later, the size limit, the fault hooks and the journal's view. */
export interface ReadBodyOptions {
  deferValidation?: boolean;
  maxBytes?: number;
  hooks?: RequestBodyHooks;
  seen?: BodySeen;
}

/** One body being read: the operation's body spec and the Content-Type as sent and as a bare lower-case type. */
interface BodyRead {
  request: Request;
  operation: CompiledOperation;
  spec: BodySpec;
  header: string | null;
  type: string;
  /** Whether the Content-Type (and a raw file's bytes) are checked: a fault may turn it off. */
  checksType: boolean;
  limit: number;
  options: ReadBodyOptions;
}

function unsupportedType(header: string | null, expected: string): HttpError {
  return new HttpError(
    415,
    `Unsupported Content-Type ${JSON.stringify(header ?? '')}: expected ${expected}`,
    undefined,
    'content-type',
  );
}

/**
 * Reads the request body the operation takes: 415 when the Content-Type is missing or not accepted (or a
 * raw file's bytes contradict it), 400 when it is malformed or fails the schema. No body taken: undefined.
 */
export async function readBody(
  request: Request,
  operation: CompiledOperation,
  options: ReadBodyOptions = {},
): Promise<unknown> {
  const spec = operation.body;
  if (!spec) return undefined;
  const header = request.headers.get('content-type');
  const read: BodyRead = {
    request,
    operation,
    spec,
    header,
    type: header?.split(';')[0]?.trim().toLowerCase() ?? '',
    checksType: (options.hooks ?? ruleKeepingBodyHooks).contentTypeChecked(true),
    limit: options.maxBytes ?? defaultMaxBodyBytes,
    options,
  };
  if (spec.kind === 'json') return readJsonBody(read);
  if (spec.kind === 'multipart') return readMultipartBody(read);
  return readRawBody(read);
}

/** A JSON body: parsed, and checked against the schema unless that is deferred. */
async function readJsonBody({
  request,
  operation,
  spec,
  header,
  type,
  checksType,
  limit,
  options,
}: BodyRead): Promise<unknown> {
  if (!isJsonType(type) && checksType) throw unsupportedType(header, 'application/json');
  const raw = await readLimited(request, limit);
  const text = new TextDecoder().decode(raw);
  if (options.seen) {
    options.seen.bytes = raw.byteLength;
    options.seen.text = text;
  }
  if (text.trim() === '') {
    if (spec.required) throw new HttpError(400, 'Invalid json: a JSON body is required', '/', 'body-malformed');
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Invalid json: the body is not valid JSON', '/', 'body-malformed');
  }
  if (!options.deferValidation) validateJsonBody(operation, value);
  return value;
}

/** A multipart body: its text fields by name and its file parts in order. */
async function readMultipartBody({
  request,
  spec,
  header,
  type,
  checksType,
  limit,
  options,
}: BodyRead): Promise<MultipartBody> {
  if (type !== 'multipart/form-data' && checksType) throw unsupportedType(header, 'multipart/form-data');
  const bytes = await readLimited(request, limit);
  if (options.seen) options.seen.bytes = bytes.byteLength;
  let form: FormData;
  try {
    form = await new Response(bytes, {
      headers: { 'content-type': header ?? '' },
    }).formData();
  } catch {
    throw new HttpError(400, 'Invalid multipart body', '/', 'body-malformed');
  }
  const body: MultipartBody = { fields: {}, files: [] };
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') body.fields[name] = value;
    else
      body.files.push({
        field: name,
        name: value.name || name,
        contentType: value.type || 'application/octet-stream',
        bytes: new Uint8Array(await value.arrayBuffer()),
      });
  }
  if (body.files.length === 0 && Object.keys(body.fields).length === 0 && spec.required)
    throw new HttpError(400, 'The multipart body has no parts', '/', 'body-malformed');
  return body;
}

/** A raw file body of one of the listed media types, whose bytes must not contradict its Content-Type. */
async function readRawBody({
  request,
  spec,
  header,
  type,
  checksType,
  limit,
  options,
}: BodyRead): Promise<UploadedFile> {
  if (!accepts(spec.mediaTypes, type) && checksType)
    throw unsupportedType(header, `one of ${spec.mediaTypes.join(', ')}`);
  const bytes = await readLimited(request, limit);
  if (options.seen) options.seen.bytes = bytes.byteLength;
  if (bytes.length === 0 && spec.required) throw new HttpError(400, 'The request has no body', '/', 'body-malformed');
  const problem = checksType ? contradiction(type, bytes) : undefined;
  if (problem)
    throw new HttpError(415, `Content-Type ${type} contradicts the body: ${problem}`, undefined, 'content-type');
  return { field: '', name: '', contentType: type || 'application/octet-stream', bytes } satisfies UploadedFile;
}
