import { readFile } from 'node:fs/promises';
import { SeedError } from './seed.ts';
import type { SeedData } from './store.ts';

/** Reads and parses a seed file (validation is the mock's, when it is built from it); failures are SeedErrors naming the file. */
export async function readSeedFile(file: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as SeedData;
  } catch (error) {
    throw new SeedError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
}
