import type { OpenAPI3 } from 'openapi-typescript';
import { isRecord, recordAt } from '../guards.ts';
import { createDocumentAjv } from './ajv.ts';

interface FoundExample {
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
  /** Where the example stands, for the message. */
  where: string;
  value: unknown;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const looksLikeSchema = (node: Record<string, unknown>) =>
  ['type', 'properties', 'items', 'oneOf', 'anyOf', 'allOf', '$ref', 'enum', 'const'].some((key) => key in node);

/** Every example in the document: media types, parameters and headers (against their `schema`) and schemas' own. */
export function collectExamples(doc: OpenAPI3): FoundExample[] {
  const found: FoundExample[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        visit(child, `${pointer}/${index}`);
      });
      return;
    }
    if (!isRecord(node)) return;
    const record = node;
    if ('schema' in record && typeof record.schema === 'object') {
      const schemaPointer = `${pointer}/schema`;
      if ('example' in record) found.push({ schemaPointer, where: `${pointer}/example`, value: record.example });
      const examples = recordAt(record, 'examples');
      if (examples) {
        for (const [name, example] of Object.entries(examples)) {
          if (isRecord(example) && 'value' in example)
            found.push({ schemaPointer, where: `${pointer}/examples/${escapePointer(name)}`, value: example.value });
        }
      }
    } else if (looksLikeSchema(record)) {
      if ('example' in record)
        found.push({ schemaPointer: pointer, where: `${pointer}/example`, value: record.example });
      if (Array.isArray(record.examples)) {
        record.examples.forEach((value, index) => {
          found.push({ schemaPointer: pointer, where: `${pointer}/examples/${index}`, value });
        });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'example' || key === 'examples') continue;
      visit(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  visit(doc, '#');
  return found;
}

/** Validates every example against its schema with Ajv2020 and formats; answers one line per invalid example. */
export function invalidExamples(doc: OpenAPI3): string[] {
  const ajv = createDocumentAjv(doc, 'c3d-examples');
  return collectExamples(doc).flatMap(({ schemaPointer, where, value }) => {
    const validate = ajv.compile({ $ref: `c3d-examples${schemaPointer}` });
    if (validate(value)) return [];
    const errors = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return [`${where}: ${errors.join('; ')}`];
  });
}
