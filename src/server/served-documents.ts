import type { OpenAPI3, ServerObject } from 'openapi-typescript';
import { stringify } from 'yaml';
import type { DocumentName } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';

export type DocumentFormat = 'yaml' | 'json';

export const documentContentTypes: Record<DocumentFormat, string> = {
  yaml: 'application/yaml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const isLocalMock = (url: string) => {
  try {
    return loopbackHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
};

/**
 * A bundled document as this mock serves it: `servers` lists the mock's own URL first, so "Try it out"
 * calls the mock, then the documented real servers. The documented local mock address is dropped: this
 * mock replaces it, and it may listen elsewhere.
 */
export function servedDocument(name: DocumentName, mockUrl: string): OpenAPI3 {
  const document = bundledDocuments[name];
  const documented = (document.servers ?? []).filter((server) => server.url !== mockUrl && !isLocalMock(server.url));
  // Cast kept: openapi-typescript's ServerObject requires `variables`, which OpenAPI leaves optional.
  const own = { url: mockUrl, description: 'This mock (c3d-mock)' } as ServerObject;
  return { ...document, servers: [own, ...documented] };
}

// Writing the dashboard document as YAML takes a few hundred milliseconds: each text is kept, for the few host names a mock is reached by.
const cache = new Map<string, string>();
const cacheLimit = 16;

/** The served document as YAML or JSON text. */
export function servedDocumentText(name: DocumentName, format: DocumentFormat, mockUrl: string): string {
  const key = `${name} ${format} ${mockUrl}`;
  let text = cache.get(key);
  if (text === undefined) {
    const document = servedDocument(name, mockUrl);
    text =
      format === 'yaml'
        ? stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })
        : JSON.stringify(document, null, 2);
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(key, text);
  }
  return text;
}
