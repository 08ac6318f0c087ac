import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The contract suite judges other implementations by its own reading of the rules, so nothing it runs may
 * come from the mock's credentials, policy, pipeline, store or operations: a rule broken there would then be
 * broken in the suite's expectations too, and go unseen.
 */
const forbidden = ['src/auth', 'src/core', 'src/store', 'src/operations'];

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The relative modules a file imports or re-exports, statically or dynamically (type-only imports included). */
function relativeImports(text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((file) => file.fileName).filter((name) => name.startsWith('.'));
}

/** The source file a relative specifier names (`./x.ts`, `./x.js` compiled from `./x.ts`, `./x`, `./x/index.ts`); undefined for data files. */
function sourceOf(imported: string): string | undefined {
  return [imported, imported.replace(/\.js$/, '.ts'), `${imported}.ts`, join(imported, 'index.ts')].find(
    (candidate) => candidate.endsWith('.ts') && existsSync(candidate),
  );
}

/**
 * Follows the relative imports of every file under `start` transitively; one line per forbidden module reached,
 * naming the chain of files from the contract file to the import that reaches it.
 */
async function forbiddenReaches(root: string, start: string, fenced: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const fence = fenced.map((directory) => resolve(root, directory));
  const queue: { file: string; via: string[] }[] = (await sourceFiles(resolve(root, start))).map((file) => ({
    file,
    via: [],
  }));
  while (queue.length > 0) {
    const { file, via } = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const chain = [...via, relative(root, file)];
    for (const specifier of relativeImports(await readFile(file, 'utf8'))) {
      const imported = resolve(dirname(file), specifier);
      if (fence.some((directory) => imported.startsWith(`${directory}/`))) {
        problems.push(`${chain.join(' → ')} imports '${specifier}' (${relative(root, imported)})`);
      } else {
        const next = sourceOf(imported);
        if (next) queue.push({ file: next, via: chain });
      }
    }
  }
  return problems;
}

describe('the contract suite stands apart from the mock', () => {
  it(`reaches nothing under ${forbidden.join(', ')} from src/contract/`, async () => {
    expect(await forbiddenReaches(process.cwd(), 'src/contract', forbidden)).toEqual([]);
  });

  it('names the file and the import when a forbidden module is reached, directly or through another file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'c3d-imports-'));
    try {
      await mkdir(join(root, 'src/contract/cases'), { recursive: true });
      await mkdir(join(root, 'src/shared'), { recursive: true });
      await mkdir(join(root, 'src/auth'), { recursive: true });
      await writeFile(
        join(root, 'src/contract/cases/roles.ts'),
        "import type { Grant } from '../../auth/grants.ts';\nexport * from '../../shared/words.ts';\n",
      );
      await writeFile(
        join(root, 'src/shared/words.ts'),
        "export { a } from './more.js';\nexport const load = () => import('../auth/policy.ts');\n",
      );
      await writeFile(join(root, 'src/shared/more.ts'), "import '../store/store';\n");
      await writeFile(join(root, 'src/contract/clean.ts'), "import { words } from '../shared/clean.ts';\n");
      await writeFile(join(root, 'src/shared/clean.ts'), 'export const words = 1;\n');
      expect((await forbiddenReaches(root, 'src/contract', forbidden)).sort()).toEqual([
        "src/contract/cases/roles.ts imports '../../auth/grants.ts' (src/auth/grants.ts)",
        "src/contract/cases/roles.ts → src/shared/words.ts imports '../auth/policy.ts' (src/auth/policy.ts)",
        "src/contract/cases/roles.ts → src/shared/words.ts → src/shared/more.ts imports '../store/store' (src/store/store)",
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
