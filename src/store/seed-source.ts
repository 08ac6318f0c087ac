import type { SeedData } from './store.ts';

/** Where a store reads its seed again on reset: a fresh copy on every call. */
export interface SeedSource {
  parse(): SeedData;
}

export const textSource = (text: string): SeedSource => ({ parse: (): SeedData => JSON.parse(text) });

const offered = new WeakMap<object, SeedSource>();
/** Offered seeds a store has taken (and taken apart), with their sources. */
const taken = new WeakMap<object, SeedSource>();
/** Seeds their reader checked as it read them, until `validateSeed` is first asked about them. */
const validated = new WeakSet<object>();

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
  if (source) taken.set(seed, source);
  return source;
}

/**
 * The seed as its reader offered it: one a store has already taken apart (its records split, internal fields
 * moved out) is parsed again from its source (and offered, so the next store takes that copy as it is), so a
 * second mock from the same object sees the whole seed.
 */
export function wholeSeed(seed: SeedData): SeedData {
  if (typeof seed !== 'object' || seed === null) return seed;
  const source = taken.get(seed);
  return source ? offerSeed(source.parse(), source) : seed;
}

/** Marks a seed its reader checked record by record as it read it: `validateSeed` passes it once without checking again. */
export function markValidated(seed: SeedData): SeedData {
  validated.add(seed);
  return seed;
}

/** Whether a seed was checked by its reader and not asked about since (the mark holds for one validation). */
export function takeValidated(seed: unknown): seed is SeedData {
  if (typeof seed !== 'object' || seed === null || !validated.has(seed)) return false;
  validated.delete(seed);
  return true;
}
