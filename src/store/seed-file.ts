import { readFile } from 'node:fs/promises';
import { SeedError, validateSeed } from './seed.ts';
import type { SeedData } from './store.ts';

/** Reads, parses and validates a seed file; every failure is a SeedError naming the file. */
export async function loadSeedFile(file: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SeedError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
  return validateSeed(parsed, file);
}
