import type { SeedData } from './store.ts';

/** Where a store reads its seed again on reset: a fresh copy on every call. */
export interface SeedSource {
  parse(): SeedData;
}

export const textSource = (text: string): SeedSource => ({ parse: () => JSON.parse(text) as SeedData });

const offered = new WeakMap<object, SeedSource>();

/**
 * Marks a seed as freshly parsed from `source` and held by no one else (a seed file just read): the store
 * built from it keeps its records as they are, instead of copying a seed of perhaps hundreds of megabytes.
 */
export function offerSeed(seed: SeedData, source: SeedSource): SeedData {
  // Not an object (validation will say so): nothing to offer.
  if (typeof seed === 'object' && seed !== null) offered.set(seed, source);
  return seed;
}

/** The source of an offered seed, once: a second store built from the same object copies it. */
export function takeOfferedSeed(seed: SeedData): SeedSource | undefined {
  if (typeof seed !== 'object' || seed === null) return undefined;
  const source = offered.get(seed);
  offered.delete(seed);
  return source;
}
