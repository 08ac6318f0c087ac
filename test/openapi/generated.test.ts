import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/documents.ts';
import { renderGenerated } from '../../src/spec/render.ts';
import { renderSeedValidators, seedValidatorsPath } from '../../src/store/seed-validators.ts';

it("src/generated is fresh (run `npm run gen` after changing openapi/ or the store's schemas)", async () => {
  const stale: string[] = [];
  const files = await renderGenerated();
  // The seed's checks, from the committed documents (stale ones already fail above) and the store's own schemas.
  files.set(seedValidatorsPath, renderSeedValidators());
  for (const [path, content] of files) {
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed !== content) stale.push(relative(repoRoot, path));
  }
  expect(stale).toEqual([]);
}, 60_000);
