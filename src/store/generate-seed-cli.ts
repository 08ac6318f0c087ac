/**
 * `npm run seed:generate -- --sessions N --out FILE [--format json|ndjson] [--random-seed S] [--base FILE]`:
 * writes a valid seed, the default seed (or --base) plus N generated sessions; the same --random-seed gives the
 * same file. The format is NDJSON when asked or when FILE ends in `.ndjson` (see `seed-ndjson.ts`), else JSON.
 */
import { closeSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { embeddedSeed } from '../store/embedded-seed.ts';
import { generateSeed } from './generate-seed.ts';
import { isNdjsonFile, readSeedFile } from './seed-file.ts';
import { seedTables, writeNdjsonSeed } from './seed-ndjson.ts';
import { validateSeed } from './seed.ts';
import { seedReferenceDate } from './time-shift.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'random-seed': { type: 'string' },
    base: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const format = values.format ?? (values.out && isNdjsonFile(values.out) ? 'ndjson' : 'json');
if (!Number.isInteger(sessions) || sessions < 0 || !values.out || (format !== 'json' && format !== 'ndjson')) {
  console.error(
    'usage: npm run seed:generate -- --sessions N --out FILE [--format json|ndjson] [--random-seed S] [--base FILE]',
  );
  process.exit(1);
}
if ((format === 'ndjson') !== isNdjsonFile(values.out)) {
  // `--seed` and `seed:check` tell the formats apart by the name.
  console.error(
    `an NDJSON seed's name ends in .ndjson or .jsonl, a JSON seed's does not: ${values.out} (--format ${format})`,
  );
  process.exit(1);
}
const base = values.base ? validateSeed(await readSeedFile(values.base), values.base) : embeddedSeed;
const seed = generateSeed(base, sessions, Number(values['random-seed'] ?? 1));
validateSeed(seed, values.out);
if (format === 'ndjson') {
  const descriptor = openSync(values.out, 'w');
  try {
    writeNdjsonSeed(descriptor, seedTables(seed), seedReferenceDate(seed));
  } finally {
    closeSync(descriptor);
  }
} else {
  await writeFile(values.out, JSON.stringify(seed));
}
console.log(`wrote ${values.out} (${format}): ${seed.sessions?.length} sessions`);
