import { readTextFile } from './read-text.ts';
import { SeedError } from './seed.ts';
import { offerSeed, textSource } from './seed-source.ts';
import type { SeedData } from './store.ts';

/**
 * Reads and parses a seed file (validation is the mock's, when it is built from it); failures are SeedErrors
 * naming the file. The seed is offered to the store with its text, which the store keeps to parse again on
 * reset: a large seed is neither copied nor serialised again.
 */
export async function readSeedFile(file: string): Promise<SeedData> {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    throw new SeedError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let seed: SeedData;
  try {
    seed = JSON.parse(text) as SeedData;
  } catch (error) {
    throw new SeedError(`${file}: is not valid JSON (${(error as Error).message})`);
  }
  return offerSeed(seed, textSource(text));
}
