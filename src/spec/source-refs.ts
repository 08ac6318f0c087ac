import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { parse } from 'yaml';
import { lookupPointer } from './operations.ts';

/**
 * Follows every `$ref` from the given source files through the files they name, and answers one line
 * per reference whose file is missing or whose pointer does not resolve inside it.
 */
export async function unresolvedSourceRefs(entryFiles: string[], root: string): Promise<string[]> {
  const parsed = new Map<string, unknown>();
  const problems: string[] = [];
  const queue = [...entryFiles];
  const load = async (file: string) => {
    if (!parsed.has(file)) parsed.set(file, parse(await readFile(file, 'utf8')));
    return parsed.get(file);
  };
  const seen = new Set<string>();
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const refs: string[] = [];
    collectRefs(await load(file), refs);
    for (const ref of refs) {
      const [target, pointer = ''] = ref.split('#');
      const targetFile = target ? resolvePath(dirname(file), target) : file;
      const where = `${relative(root, file)}: $ref ${ref}`;
      let content: unknown;
      try {
        content = await load(targetFile);
      } catch {
        problems.push(`${where}: file not found`);
        continue;
      }
      if (pointer) {
        try {
          lookupPointer(content, `#${pointer}`);
        } catch {
          problems.push(`${where}: pointer does not resolve`);
        }
      }
      queue.push(targetFile);
    }
  }
  return problems;
}

function collectRefs(node: unknown, into: string[]): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') into.push(value);
    else if (key !== 'example' && key !== 'examples') collectRefs(value, into);
  }
}
