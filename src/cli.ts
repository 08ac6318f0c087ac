/**
 * `npm start`. The mock server is not built yet; until it is, this prints a summary of the two
 * OpenAPI documents the mock will serve: hosts, operations per tag, and how sure the record is of them.
 */
import { readFile } from 'node:fs/promises';
import type { OpenAPI3 } from 'openapi-typescript';
import { bundlePath, documentNames } from './spec/documents.ts';
import { listOperations } from './spec/operations.ts';

for (const name of documentNames) {
  const doc = JSON.parse(await readFile(bundlePath(name), 'utf8')) as OpenAPI3;
  const operations = listOperations(doc);
  const count = (key: (op: (typeof operations)[number]) => string) =>
    operations.reduce((counts, op) => counts.set(key(op), (counts.get(key(op)) ?? 0) + 1), new Map<string, number>());
  console.log(`\n${doc.info.title} (openapi/${name}.yaml): ${operations.length} operations`);
  for (const server of doc.servers ?? []) console.log(`  ${server.url}  ${server.description ?? ''}`);
  const bySource = count((op) => String((op.operation as Record<string, unknown>)['x-c3d-source']));
  console.log(`  sources: ${[...bySource].map(([source, n]) => `${n} ${source}`).join(', ')}`);
  for (const [tag, n] of count((op) => op.operation.tags?.[0] ?? '-')) console.log(`  ${String(n).padStart(3)}  ${tag}`);
}
console.log('\nThe mock server itself is not built yet: see the README.');
