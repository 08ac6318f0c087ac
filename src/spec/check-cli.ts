/**
 * Checks bundled documents against the project's rules and prints every offence:
 *   tsx src/spec/check-cli.ts [bundle.json …]   (default: the committed bundles in src/generated)
 */
import { readFile } from 'node:fs/promises';
import { bundlePath, documentNames } from './documents.ts';
import { documentRules } from './document-rules.ts';
import { openApiDocument } from './operations.ts';
import { operationIdRule } from './rules.ts';

const files = process.argv.length > 2 ? process.argv.slice(2) : documentNames.map(bundlePath);
const docs = await Promise.all(
  files.map(async (file) => openApiDocument(JSON.parse(await readFile(file, 'utf8')), file)),
);
let total = 0;
const report = (title: string, lines: string[]) => {
  total += lines.length;
  for (const line of lines) console.log(`${title}: ${line}`);
};
docs.forEach((doc, index) => {
  for (const [name, rule] of Object.entries(documentRules(doc))) report(`${files[index]} ${name}`, rule(doc));
});
report('operationIds', operationIdRule(docs));
console.log(total === 0 ? 'openapi checks: clean' : `openapi checks: ${total} problem(s)`);
process.exitCode = total === 0 ? 0 : 1;
