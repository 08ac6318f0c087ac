/**
 * `npm run seed:generate -- --sessions N --out FILE [--random-seed S] [--base FILE]`: writes a valid seed,
 * the default seed (or --base) plus N generated sessions; the same --random-seed gives the same file.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { embeddedSeed } from '../store/embedded-seed.ts';
import { generateSeed } from './generate-seed.ts';
import { readSeedFile } from './seed-file.ts';
import { validateSeed } from './seed.ts';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    out: { type: 'string' },
    'random-seed': { type: 'string' },
    base: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
if (!Number.isInteger(sessions) || sessions < 0 || !values.out) {
  console.error('usage: npm run seed:generate -- --sessions N --out FILE [--random-seed S] [--base FILE]');
  process.exit(1);
}
const base = values.base ? validateSeed(await readSeedFile(values.base), values.base) : embeddedSeed;
const seed = generateSeed(base, sessions, Number(values['random-seed'] ?? 1));
validateSeed(seed, values.out);
await writeFile(values.out, JSON.stringify(seed));
console.log(`wrote ${values.out}: ${seed.sessions?.length} sessions`);
