import { closeSync, existsSync, openSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Mock } from '../core/mock.ts';
import { isNdjsonFile, readJsonSeedFile, readNdjsonSeedFile } from '../store/seed-file.ts';
import { writeNdjsonSeed } from '../store/seed-ndjson.ts';
import { markValidated } from '../store/seed-source.ts';
import { SeedError, validateSeed } from '../store/seed.ts';
import { derived, type SeedData, type Store } from '../store/store.ts';
import type { JsonRecord } from '../store/table.ts';
import { tableNames, type TableName } from '../store/tables.ts';

/** The store's records as a seed's flat records, a table at a time, made as they are written (no snapshot of it all). */
function* storeTables(store: Store): Generator<[TableName, Iterable<JsonRecord>]> {
  for (const name of tableNames) {
    const skip = new Set(Object.keys(derived[name]?.({}) ?? {}));
    const rows: Iterable<{ record: JsonRecord; internal: JsonRecord }> = store.tables[name].all();
    yield [
      name,
      (function* () {
        for (const row of rows) {
          const flat: JsonRecord = { ...row.record };
          for (const field in row.internal) if (!skip.has(field)) flat[field] = row.internal[field];
          yield flat;
        }
      })(),
    ];
  }
}

/**
 * The state file of a long-running shared mock: read at start (a corrupt or truncated file is refused and
 * left as it is), written atomically (a temporary file, then a rename) shortly after each batch of changes
 * and once more at shutdown. A file named `.ndjson` (or `.jsonl`) is in the NDJSON seed format: read record by
 * record (the store reads it again on reset, from the file as it was at start: saves rename over it), and
 * written record by record from the store, with no snapshot nor one string of the whole state.
 */
export class StateFile {
  private savedAt = -1;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly delayMs = 50,
  ) {}

  /** The saved state, or undefined when there is no file yet; throws a SeedError naming the file when it cannot be used. */
  async read(): Promise<SeedData | undefined> {
    if (isNdjsonFile(this.path)) {
      if (!existsSync(this.path)) return undefined;
      try {
        return readNdjsonSeedFile(this.path);
      } catch (error) {
        if (!(error instanceof SeedError) || !/ is not valid JSON /.test(error.message)) throw error;
        throw new SeedError(`${error.message}: the state file is corrupt or truncated; it was left as it is`);
      }
    }
    if (!existsSync(this.path)) return undefined;
    // Read again from the file as it was at start on reset (saves rename over it), so no copy of its text is kept.
    const parsed = readJsonSeedFile(this.path, {
      unreadable: (reason) => `${this.path}: the state file cannot be read (${reason})`,
      notJson: (reason) => `${this.path}: the state file is corrupt or truncated (${reason}); it was left as it is`,
    });
    // Checked here, so the mock does not check it again.
    return markValidated(validateSeed(parsed, this.path));
  }

  /** Called after every request: saves soon when the store changed since the last save. */
  noteRequest(mock: Mock): void {
    if (mock.store.mutations() === this.savedAt || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save(mock);
    }, this.delayMs);
  }

  /** Writes the whole state now (after any write under way). */
  async save(mock: Mock): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      const mutations = mock.store.mutations();
      const temporary = `${this.path}.${process.pid}.tmp`;
      if (isNdjsonFile(this.path)) {
        // Synchronous, so the file holds the state of one moment; a record at a time, so no copy of the state.
        const descriptor = openSync(temporary, 'w');
        try {
          writeNdjsonSeed(descriptor, storeTables(mock.store));
        } finally {
          closeSync(descriptor);
        }
      } else {
        await writeFile(temporary, JSON.stringify(mock.snapshot()));
      }
      await rename(temporary, this.path);
      this.savedAt = mutations;
    });
    return this.writing;
  }
}
