import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Mock } from '../core/mock.ts';
import { SeedError, validateSeed } from '../store/seed.ts';
import type { SeedData } from '../store/store.ts';

/**
 * The state file of a long-running shared mock: read at start (a corrupt or truncated file is refused and
 * left as it is), written atomically (a temporary file, then a rename) shortly after each batch of changes
 * and once more at shutdown.
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
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SeedError(`${this.path}: the state file cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SeedError(
        `${this.path}: the state file is corrupt or truncated (${(error as Error).message}); it was left as it is`,
      );
    }
    return validateSeed(parsed, this.path);
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
      await writeFile(temporary, JSON.stringify(mock.snapshot()));
      await rename(temporary, this.path);
      this.savedAt = mutations;
    });
    return this.writing;
  }
}
