/** `npm run gen`: writes the bundled documents and their TypeScript types under src/generated/. */
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { repoRoot } from './documents.ts';
import { renderGenerated } from './render.ts';

for (const [path, content] of await renderGenerated()) {
  await writeFile(path, content);
  console.log(`wrote ${relative(repoRoot, path)}`);
}
