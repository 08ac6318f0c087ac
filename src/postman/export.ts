import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromEntries } from '../guards.ts';
import { documentNames, type DocumentName } from '../spec/documents.ts';
import { bundledDocuments } from '../spec/load.ts';
import { buildCollection } from './collection.ts';
import { isFolder, requestItems } from './collection-json.ts';
import { buildEnvironment } from './environment.ts';

export const collectionFile = (name: DocumentName) => `c3d-mock-${name}.postman_collection.json`;
export const environmentFile = 'c3d-mock.postman_environment.json';

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** Where the mock serves a document by default: the document's server on this machine (`npm start`). */
export function mockBaseUrl(name: DocumentName): string {
  const server = (bundledDocuments[name].servers ?? []).find((candidate) => isLoopback(candidate.url));
  if (!server) throw new Error(`the ${name} document lists no server on this machine`);
  return server.url;
}

export interface ExportOptions {
  outDir: string;
  /** Defaults: the mock's own addresses. */
  baseUrls?: Partial<Record<DocumentName, string>>;
}

export interface ExportResult {
  outDir: string;
  files: string[];
  counts: Record<DocumentName, { requests: number; folders: number }>;
}

/** Writes one collection per document and the environment that points them at the mock. */
export async function exportPostman(options: ExportOptions): Promise<ExportResult> {
  await mkdir(options.outDir, { recursive: true });
  const baseUrls = fromEntries(
    documentNames.map((name): [DocumentName, string] => [name, options.baseUrls?.[name] ?? mockBaseUrl(name)]),
  );
  const files: string[] = [];
  const counts: [DocumentName, ExportResult['counts'][DocumentName]][] = [];
  const write = async (file: string, value: unknown) => {
    await writeFile(join(options.outDir, file), `${JSON.stringify(value, null, 2)}\n`);
    files.push(file);
  };
  for (const name of documentNames) {
    const collection = await buildCollection(name);
    counts.push([
      name,
      { requests: [...requestItems(collection.item)].length, folders: collection.item.filter(isFolder).length },
    ]);
    await write(collectionFile(name), collection);
  }
  await write(environmentFile, await buildEnvironment({ baseUrls }));
  return { outDir: options.outDir, files, counts: fromEntries(counts) };
}

export const summarize = (result: ExportResult) =>
  `postman: ${documentNames.map((name) => `${name} ${result.counts[name].requests} requests in ${result.counts[name].folders} folders`).join(', ')} and the environment written to ${result.outDir} (${result.files.join(', ')})`;
