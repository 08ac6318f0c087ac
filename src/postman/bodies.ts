import type {
  MediaTypeObject,
  OpenAPI3,
  OperationObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from 'openapi-typescript';
import { isRecord } from '../guards.ts';
import { resolve } from '../spec/operations.ts';
import type { Body, FormPart } from './collection-json.ts';

interface PartsSchema {
  properties?: Record<string, SchemaObject | ReferenceObject>;
  required?: string[];
  example?: unknown;
}

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');
const isText = (type: string) => type.startsWith('text/') || type === 'application/x-www-form-urlencoded';

function exampleOf(document: OpenAPI3, media: MediaTypeObject, schema: PartsSchema): Record<string, unknown> {
  const [named] = Object.values(media.examples ?? {});
  const example: unknown =
    media.example ?? (named ? resolve<{ value?: unknown }>(document, named).value : undefined) ?? schema.example;
  return isRecord(example) ? example : {};
}

/**
 * The parts of a multipart body, from its schema: a part with a text example (the reviews CSV) is a text
 * field holding it, every other part a file to pick. Parts neither required nor in the example are unticked.
 * Pattern properties (`<mesh>.gltf`) name no part and are left out.
 */
function formParts(document: OpenAPI3, media: MediaTypeObject): FormPart[] {
  const schema = resolve<PartsSchema>(document, media.schema ?? {});
  const example = exampleOf(document, media, schema);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, raw]): FormPart => {
    const { description } = resolve<{ description?: string }>(document, raw);
    const value = example[key];
    const part: FormPart = typeof value === 'string' ? { key, type: 'text', value } : { key, type: 'file', src: null };
    if (description) part.description = description;
    if (!required.has(key) && !(key in example)) part.disabled = true;
    return part;
  });
}

/**
 * The body a request should carry where the converter's is wrong, else undefined (keep the converter's).
 * It takes the first listed media type, as the converter does: multipart bodies are rebuilt (it writes
 * every part as the text `string`, ignoring binary parts and the documented example), and raw files
 * (a media upload, audio) become a file to pick instead of an empty text body.
 */
export function correctedBody(document: OpenAPI3, operation: OperationObject): Body | undefined {
  if (!operation.requestBody) return undefined;
  const body = resolve<RequestBodyObject>(document, operation.requestBody);
  const [type, media] = Object.entries(body.content ?? {})[0] ?? [];
  if (!type || !media || isJson(type) || isText(type)) return undefined;
  if (type === 'multipart/form-data') return { mode: 'formdata', formdata: formParts(document, media) };
  return { mode: 'file', file: { src: null } };
}
