import defaultSeed from '../../fixtures/default.json' with { type: 'json' };
import type { SeedData } from './store.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The embedded default seed, frozen: the test suite checks it, so a mock built from it skips the check (and
 * compiling the seed validators, a third of a second of every start-up).
 */
export const embeddedSeed: SeedData = deepFreeze(defaultSeed);
