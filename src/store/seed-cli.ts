/**
 * `npm run seed:check -- FILE`: validates a seed file, JSON or NDJSON (`.ndjson`, `.jsonl`: checked a record at a
 * time as it is read), and prints how many records each table holds. Exits 1 with the message naming the record
 * and field (and, for NDJSON, the file's line) when the seed is invalid.
 */
import { readSeedFile } from './seed-file.ts';
import { validateSeed } from './seed.ts';

const file = process.argv[2] ?? new URL('../../fixtures/default.json', import.meta.url).pathname;
try {
  const seed = validateSeed(await readSeedFile(file), file);
  for (const [table, records] of Object.entries(seed))
    console.log(`${String(records?.length ?? 0).padStart(7)}  ${table}`);
  console.log(`${file}: valid`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
