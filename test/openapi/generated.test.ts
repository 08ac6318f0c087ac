import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/documents.ts';
import { renderGenerated } from '../../src/spec/render.ts';

it('src/generated is fresh (run `npm run gen` after changing openapi/)', async () => {
  const stale: string[] = [];
  for (const [path, content] of await renderGenerated()) {
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed !== content) stale.push(relative(repoRoot, path));
  }
  expect(stale).toEqual([]);
}, 60_000);
