import { closeSync, fstatSync, openSync, type Stats } from 'node:fs';
import { stringAt } from '../guards.ts';
import { readText } from './read-text.ts';
import { SeedError } from './seed.ts';
import { readNdjsonSeed } from './seed-ndjson.ts';
import { markValidated, offerSeed, type SeedSource } from './seed-source.ts';
import type { SeedData } from './store.ts';
import { dayMs, markShifted, type ShiftedSeed } from './time-shift.ts';

/** Whether a seed file is in the NDJSON format (`seed-ndjson.ts`): by its name, `.ndjson` or `.jsonl`. */
export const isNdjsonFile = (file: string): boolean => /\.(ndjson|jsonl)$/i.test(file);

/** A file system error's code (`ENOENT`…), for messages. */
const errorCode = (error: unknown): string => stringAt(error, 'code') ?? 'error';

export interface SeedFileOptions {
  /**
   * The clock of the mock the seed is for (epoch ms): an NDJSON seed that declares its reference date has its
   * dates moved as it is read, by the shift that clock gives it (the store then has nothing left to move).
   */
  now?: number;
}

/**
 * Reads a seed file: NDJSON (`.ndjson`, `.jsonl`: streamed and checked record by record, see `seed-ndjson.ts`)
 * or one JSON object of tables (checked by the mock it is given to). Failures are SeedErrors naming the file
 * (and, for NDJSON, the line). The seed is offered to the store with its source: a JSON seed with its text,
 * which the store keeps to parse again on reset; an NDJSON seed with its file, read again on reset, so no copy
 * of it is kept in any form.
 */
export async function readSeedFile(file: string, options: SeedFileOptions = {}): Promise<SeedData> {
  if (isNdjsonFile(file)) return readNdjsonSeedFile(file, options);
  return readJsonSeedFile(file);
}

/** How a JSON seed's failures are told: what cannot be read, what is not JSON (both given the reason). */
export interface JsonSeedMessages {
  unreadable(reason: string): string;
  notJson(reason: string): string;
}

const seedMessages = (file: string): JsonSeedMessages => ({
  unreadable: (reason) => `${file}: cannot be read (${reason})`,
  notJson: (reason) => `${file}: is not valid JSON (${reason})`,
});

/**
 * Reads a seed file of one JSON object of tables, offered with a source that reads the same file again on reset
 * (as an NDJSON seed's does; the file stays open, and one changed in place is refused on reset), so no copy of its
 * text is kept.
 */
export function readJsonSeedFile(file: string, messages: JsonSeedMessages = seedMessages(file)): SeedData {
  let descriptor: number;
  let stats: Stats;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new SeedError(messages.unreadable(errorCode(error)), { cause: error });
  }
  const parsed = (): SeedData => {
    let text: string;
    try {
      text = readText(descriptor);
    } catch (error) {
      throw new SeedError(messages.unreadable(errorCode(error)), { cause: error });
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SeedError(messages.notJson(error instanceof Error ? error.message : String(error)));
    }
  };
  let seed: SeedData;
  try {
    stats = fstatSync(descriptor);
    seed = parsed();
  } catch (error) {
    closeSync(descriptor);
    throw error;
  }
  const source: SeedSource = {
    parse: () => {
      if (!sameFile(stats, fstatSync(descriptor)))
        throw new SeedError(`${file}: changed since the mock read it (a reset reads it again, as it was)`);
      return parsed();
    },
  };
  descriptors.register(source, descriptor);
  return offerSeed(seed, source);
}

const sameFile = (before: Stats, after: Stats) =>
  before.size === after.size && before.mtimeMs === after.mtimeMs && before.ino === after.ino;

/** Closes the descriptor of an NDJSON seed's source once nothing holds the source. */
const descriptors = new FinalizationRegistry<number>((descriptor) => {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed: nothing to do.
  }
});

/**
 * Reads an NDJSON seed file, offered with a source that reads the same file again on reset. The file stays
 * open, so one replaced since (a rename over it, as state files are written) is still read as it was; one
 * changed in place is refused on reset, naming it. The seed is marked as checked (`validateSeed` passes it once)
 * and, with its dates moved as read, as shifted (`shiftSeed` moves only what is left).
 */
export function readNdjsonSeedFile(file: string, options: SeedFileOptions = {}): SeedData {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new SeedError(`${file}: cannot be read (${errorCode(error)})`);
  }
  let stats: Stats;
  let first: ReturnType<typeof readNdjsonSeed>;
  try {
    stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw new SeedError(`${file}: cannot be read (EISDIR)`);
    const { now } = options;
    first = readNdjsonSeed(descriptor, file, {
      shiftFor: (declared) =>
        now === undefined || declared === undefined ? 0 : Math.floor(now / dayMs) * dayMs - declared,
    });
  } catch (error) {
    closeSync(descriptor);
    throw error;
  }
  // Shared by every copy read from this file: the store's last shift, which the next read applies as it reads.
  const mark: ShiftedSeed = { referenceDate: first.referenceDate, shiftedMs: first.shiftedMs };
  const source: SeedSource = {
    parse: () => {
      if (!sameFile(stats, fstatSync(descriptor)))
        throw new SeedError(`${file}: changed since the mock read it (a reset reads it again, as it was)`);
      const again = readNdjsonSeed(descriptor, file, { shiftFor: () => mark.shiftedMs });
      markShifted(again.seed, mark);
      return markValidated(again.seed);
    },
  };
  descriptors.register(source, descriptor);
  markShifted(first.seed, mark);
  return offerSeed(markValidated(first.seed), source);
}
