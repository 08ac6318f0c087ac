import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { readTextFile } from '../../src/store/read-text.ts';
import { readSeedFile } from '../../src/store/seed-file.ts';
import { SeedError } from '../../src/store/seed.ts';

const directory = mkdtempSync(join(tmpdir(), 'c3d-seed-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};

describe('readTextFile', () => {
  it("reads what readFileSync(file, 'utf8') reads, characters cut at a 16 MB chunk's end included", () => {
    const chunk = 16 << 20;
    const bytes = Buffer.alloc(chunk * 2 + 100, 0x61);
    bytes.set([0xef, 0xbb, 0xbf], 0); // a byte order mark stays, as readFileSync keeps it
    bytes.set(Buffer.from('€'), chunk - 1); // three bytes across the first chunk's end
    bytes.set([0xe2, 0x82], chunk * 2 - 2); // a character cut short, then ASCII
    bytes.set(Buffer.from('ö'), chunk * 2 + 50);
    const path = file('text.bin', bytes);
    const text = readTextFile(path);
    expect(text).toBe(readFileSync(path, 'utf8'));
    // The byte order mark's three bytes are one character; the character cut short reads as U+FFFD.
    expect([text[0], text.indexOf('€'), text.indexOf('\uFFFD'), text.indexOf('ö')]).toEqual([
      '\uFEFF',
      chunk - 3,
      chunk * 2 - 6,
      chunk * 2 + 45,
    ]);
  });

  it('fails as readFileSync does', () => {
    expect(() => readTextFile(join(directory, 'missing.json'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readTextFile(directory)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});

describe('readSeedFile', () => {
  const seedFile = file('seed.json', JSON.stringify(embeddedSeed));
  const firstSession = embeddedSeed.sessions![0]!;

  it('gives a mock its seed, and reset reads the file read at the start again, even once another replaced it', async () => {
    const mock = createMock({ seed: await readSeedFile(seedFile), seedSource: seedFile });
    const table = mock.store.tables.sessions;
    table.update(firstSession.id as number, { record: { friendlyName: 'Changed' } });
    table.delete(embeddedSeed.sessions![1]!.id as number);
    // A new file renamed over it (as state files are saved): the mock still holds the one it read.
    const replacement = file('replacement.json', JSON.stringify({}));
    renameSync(replacement, seedFile);
    mock.reset();
    expect(mock.store.tables.sessions.get(firstSession.id as number)!.record.friendlyName).toBe(
      firstSession.friendlyName,
    );
    expect(mock.snapshot()).toEqual(createMock().snapshot());
    writeFileSync(seedFile, JSON.stringify(embeddedSeed));
  });

  it('keeps no copy of the text: a file changed in place since is refused on reset, naming it, and nothing changes', async () => {
    const changing = file('changing.json', JSON.stringify(embeddedSeed));
    const mock = createMock({ seed: await readSeedFile(changing), seedSource: changing });
    mock.store.tables.sessions.update(firstSession.id as number, { record: { friendlyName: 'Changed' } });
    writeFileSync(changing, JSON.stringify({ sessions: [] }));
    expect(() => mock.reset()).toThrow(
      new SeedError(`${changing}: changed since the mock read it (a reset reads it again, as it was)`),
    );
    expect(mock.store.tables.sessions.get(firstSession.id as number)!.record.friendlyName).toBe('Changed');
  });

  it('a second mock from the same seed object gets a copy: the first one keeps its own records', async () => {
    const seed = await readSeedFile(seedFile);
    const first = createMock({ seed });
    const second = createMock({ seed });
    first.store.tables.sessions.update(firstSession.id as number, { record: { tags: ['first only'] } });
    expect(second.store.tables.sessions.get(firstSession.id as number)!.record.tags).toEqual(firstSession.tags);
    second.reset();
    expect(first.store.tables.sessions.get(firstSession.id as number)!.record.tags).toEqual(['first only']);
  });

  it('names the file when it cannot be read or is not JSON', async () => {
    await expect(readSeedFile(join(directory, 'missing.json'))).rejects.toThrow(
      new SeedError(`${join(directory, 'missing.json')}: cannot be read (ENOENT)`),
    );
    const broken = file('broken.json', '{"sessions": [');
    await expect(readSeedFile(broken)).rejects.toThrow(SeedError);
    await expect(readSeedFile(broken)).rejects.toThrow(/broken\.json: is not valid JSON \(/);
    const notObject = file('number.json', '42');
    expect(() => createMock({ seed: readFileSeedSync(notObject), seedSource: notObject })).toThrow(
      new SeedError(`${notObject}: top level: must be an object of tables`),
    );
  });
});

const readFileSeedSync = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
