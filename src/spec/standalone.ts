/**
 * `npm run gen`: Ajv's standalone code of a set of validators, as one ES module of `src/generated/` that needs
 * neither Ajv's compiler nor the documents at run time: only ajv-formats' format functions (passed in, so a
 * caller may swap one, as the seed's fast `date-time`) and two small helpers copied in.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import equal from 'ajv/dist/runtime/equal.js';

// CommonJS modules whose default export arrives wrapped under NodeNext.
const unwrap = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;
const standaloneCode = unwrap<(ajv: Ajv2020, refs: Record<string, string>) => string>(standaloneCodeModule);

/** The runtime helpers Ajv's code may `require`, and the source each is replaced with. */
const helpers: Record<string, { name: string; source: () => string }> = {
  'require("ajv/dist/runtime/ucs2length").default': {
    name: 'ucs2length',
    source: () => String(unwrap<(value: string) => number>(ucs2length)),
  },
  'require("ajv/dist/runtime/equal").default': {
    name: 'equal',
    source: () => String(unwrap<(a: unknown, b: unknown) => boolean>(equal)),
  },
};

/** The helper every error object is made by (see `compactErrors`): the same properties, in the same order. */
const makeError =
  'function makeError(instancePath, schemaPath, keyword, params, message) {\n' +
  '  return { instancePath, schemaPath, keyword, params, message };\n}';
const pushError =
  'function pushError(errors, error) {\n  if (errors === null) return [error];\n  errors.push(error);\n  return errors;\n}';

/** Splits `text` at its top-level commas (outside strings and brackets). */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (char === '"') {
      for (at++; at < text.length && text[at] !== '"'; at++) if (text[at] === '\\') at++;
    } else if (char === '{' || char === '(' || char === '[') depth++;
    else if (char === '}' || char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, at));
      start = at + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Where the object literal opening at `open` closes (outside strings), or -1. */
function closingBrace(code: string, open: number): number {
  let depth = 0;
  for (let at = open; at < code.length; at++) {
    const char = code.charAt(at);
    if (char === '"') {
      for (at++; at < code.length && code[at] !== '"'; at++) if (code[at] === '\\') at++;
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return at;
  }
  return -1;
}

const errorKeys = ['instancePath', 'schemaPath', 'keyword', 'params', 'message'];

/**
 * Ajv writes each of its thousands of error objects out in full, property names and all, and each push onto the
 * error list as an if/else: the same objects and lists, made by two small helpers, take a fraction of the code.
 */
function compactErrors(code: string): { code: string; helpers: string[] } {
  let out = '';
  let from = 0;
  let made = 0;
  for (let at = code.indexOf('{instancePath'); at !== -1; at = code.indexOf('{instancePath', from)) {
    const end = closingBrace(code, at);
    const parts = end === -1 ? [] : topLevelParts(code.slice(at + 1, end));
    const values = parts.map((part, index) => {
      const key = errorKeys[index];
      if (index === 0 && part === 'instancePath') return part;
      return key && part.startsWith(`${key}:`) ? part.slice(key.length + 1) : undefined;
    });
    if (parts.length !== errorKeys.length || values.some((value) => value === undefined)) {
      out += code.slice(from, at + 1);
      from = at + 1;
      continue;
    }
    out += `${code.slice(from, at)}makeError(${values.join(',')})`;
    from = end + 1;
    made++;
  }
  out += code.slice(from);
  let pushed = 0;
  out = out.replace(
    /if\(vErrors === null\)\{\nvErrors = \[(err\d+)\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}/g,
    (_match, error: string) => {
      pushed++;
      return `vErrors = pushError(vErrors, ${error});`;
    },
  );
  return { code: out, helpers: [...(made ? [makeError] : []), ...(pushed ? [pushError] : [])] };
}

/** The Ajv code options a standalone module is compiled with: source kept, formats read from `formats`. */
export const standaloneCodeOptions = { source: true, esm: false, lines: true } as const;

/** Keywords whose checks need what `forStandalone` turns off. */
const trackedKeywords = /"(unevaluatedProperties|unevaluatedItems|\$dynamicRef|\$dynamicAnchor|\$recursiveRef)"/;

/**
 * Readies an Ajv (made with `standaloneCodeOptions`, formats added, before anything is compiled) for standalone
 * code: formats read from the module's `formats` parameter; and, for schemas without `unevaluated*` or dynamic
 * references (`schemas`, checked), none of the bookkeeping of what each check evaluated, which only those keywords
 * read and which would double the code. The checks and their errors are the same.
 */
export function forStandalone(ajv: Ajv2020, schemas: unknown[]): Ajv2020 {
  for (const schema of schemas) {
    const keyword = trackedKeywords.exec(JSON.stringify(schema));
    if (keyword) throw new Error(`a schema uses ${keyword[1]}: the standalone validators need Ajv's tracking of it`);
  }
  ajv.opts.code.formats = _`formats`;
  ajv.opts.unevaluated = false;
  ajv.opts.dynamicRef = false;
  return ajv;
}

/**
 * The module: `build(formats)` makes every validator named in `refs` (export name → schema id of `ajv`), and
 * the module exports either the validators built with ajv-formats' full formats (`validators`) or the builder
 * (`buildValidators`), for a caller that brings its own formats.
 */
export function renderStandaloneModule(
  ajv: Ajv2020,
  refs: Record<string, string>,
  options: { banner: string; exportBuilder?: boolean },
): string {
  let code = standaloneCode(ajv, refs).replace(/^"use strict";/, '');
  const used: string[] = [];
  for (const [required, helper] of Object.entries(helpers)) {
    if (!code.includes(required)) continue;
    code = code.replaceAll(required, helper.name);
    used.push(helper.source());
  }
  const compacted = compactErrors(code);
  code = compacted.code;
  used.push(...compacted.helpers);
  const leftover = /require\([^)]*\)/.exec(code);
  if (leftover) throw new Error(`standalone code needs ${leftover[0]}, which no helper replaces`);
  const lines = [
    options.banner.trimEnd(),
    '// @ts-nocheck',
    "import type { ValidateFunction } from 'ajv';",
    options.exportBuilder ? '' : "import { fullFormats } from 'ajv-formats/dist/formats.js';",
    ...used,
    `function build(exports, formats) {${code}\nreturn exports;\n}`,
    options.exportBuilder
      ? "/** Every validator, over the given formats (ajv-formats' `fullFormats`, or a copy with some replaced). */\n" +
        'export const buildValidators = (formats: Record<string, unknown>): Record<string, ValidateFunction> => build({}, formats);'
      : 'export const validators: Record<string, ValidateFunction> = build({}, fullFormats);',
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}
