import { closeSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { startServer } from '../../src/server/server.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { generateSeed } from '../../src/store/generate-seed.ts';
import { readSeedFile } from '../../src/store/seed-file.ts';
import { forEachLine, seedTables, writeNdjsonSeed } from '../../src/store/seed-ndjson.ts';
import { SeedError } from '../../src/store/seed.ts';
import type { SeedData } from '../../src/store/store.ts';
import { seedReferenceDate } from '../../src/store/time-shift.ts';
import { keys } from '../support/mock.ts';

const directory = mkdtempSync(join(tmpdir(), 'c3d-seed-ndjson-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};
const ndjson = (name: string, seed: SeedData, referenceDate = seedReferenceDate(seed)) => {
  const path = join(directory, name);
  const descriptor = openSync(path, 'w');
  writeNdjsonSeed(descriptor, seedTables(seed), referenceDate);
  closeSync(descriptor);
  return path;
};
const lines = (seed: SeedData) =>
  [...seedTables(seed)].flatMap(([table, records]) => records.map((record) => JSON.stringify({ table, record })));

const generated = generateSeed(embeddedSeed, 200, 5);
const jsonFile = file('generated.json', JSON.stringify(generated));
const ndjsonFile = ndjson('generated.ndjson', generated);

describe('NDJSON seeds', () => {
  it('load into the same state as the same seed in JSON, dates moved as read or after, on any clock', async () => {
    for (const clock of ['2026-12-01T10:00:00Z', '2025-02-03', '2026-11-01']) {
      const now = Date.parse(clock);
      const fromJson = createMock({ seed: await readSeedFile(jsonFile), clock });
      // Read with the mock's clock (dates moved as read), without (moved by the store), and with another clock.
      for (const readNow of [now, undefined, now - 40 * 86_400_000]) {
        const fromNdjson = createMock({ seed: await readSeedFile(ndjsonFile, { now: readNow }), clock });
        expect(fromNdjson.seedShiftMs).toBe(fromJson.seedShiftMs);
        expect(fromNdjson.snapshot()).toEqual(fromJson.snapshot());
      }
    }
    // Without a declared reference date, or with a wrong one, the result is the same.
    for (const referenceDate of [undefined, Date.parse('2020-01-01')]) {
      const other = ndjson('other-reference.ndjson', generated, referenceDate);
      const mock = createMock({ seed: await readSeedFile(other, { now: Date.now() }) });
      expect(mock.snapshot()).toEqual(createMock({ seed: await readSeedFile(jsonFile) }).snapshot());
    }
  });

  it('reset reads the file again, as it was: changes are undone, a file renamed over it does not matter', async () => {
    const path = ndjson('reset.ndjson', generated);
    const mock = createMock({ seed: await readSeedFile(path, { now: Date.now() }), seedSource: path });
    const before = mock.snapshot();
    const session = generated.sessions![3]!;
    mock.store.tables.sessions.update(session.id as number, { record: { friendlyName: 'Changed' } });
    mock.store.tables.sessions.delete(generated.sessions![4]!.id as number);
    writeFileSync(`${path}.next`, '{"table":"domains","record":{}}\n');
    renameSync(`${path}.next`, path);
    mock.reset();
    expect(mock.snapshot()).toEqual(before);
    mock.reset();
    expect(mock.snapshot()).toEqual(before);
  });

  it('reset refuses a file changed in place since it was read, naming it; the state stays', async () => {
    const path = ndjson('changed.ndjson', generated);
    const mock = createMock({ seed: await readSeedFile(path) });
    const before = mock.snapshot();
    writeFileSync(path, `${lines(embeddedSeed).join('\n')}\n`);
    expect(() => mock.reset()).toThrow(
      new SeedError(`${path}: changed since the mock read it (a reset reads it again, as it was)`),
    );
    expect(mock.snapshot()).toEqual(before);
  });

  it('POST /__mock/reset answers 409 naming such a file, and the server keeps its state', async () => {
    const path = ndjson('changed-served.ndjson', generated);
    const server = await startServer({ port: 0, dataPort: 0, seed: await readSeedFile(path) });
    try {
      const before = server.mock.snapshot();
      writeFileSync(path, `${lines(embeddedSeed).join('\n')}\n`);
      const answer = await fetch(`${new URL(server.urls.api).origin}/__mock/reset`, { method: 'POST' });
      expect(answer.status).toBe(409);
      expect(await answer.json()).toEqual({
        code: 409,
        message: `${path}: changed since the mock read it (a reset reads it again, as it was)`,
      });
      expect(server.mock.snapshot()).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('a second mock from the same seed object reads its own copy', async () => {
    const seed = await readSeedFile(ndjsonFile, { now: Date.now() });
    const first = createMock({ seed });
    const second = createMock({ seed });
    const id = generated.sessions![0]!.id as number;
    first.store.tables.sessions.update(id, { record: { tags: ['first only'] } });
    expect(second.store.tables.sessions.get(id)!.record.tags).toEqual(generated.sessions![0]!.tags);
    expect(second.snapshot()).toEqual(createMock({ seed: await readSeedFile(jsonFile) }).snapshot());
  });

  it('names the file, the line and the field of a bad record', async () => {
    const good = lines(embeddedSeed);
    const sessionLine = good.findIndex((line) => line.startsWith('{"table":"sessions"'));
    const bad = (name: string, change: (lines: string[]) => void) => {
      const copy = [...good];
      change(copy);
      return file(name, `${copy.join('\n')}\n`);
    };
    const at = (path: string, line: number) => `${path}:${line}: `;
    const session = embeddedSeed.sessions![0]!;

    const notJson = bad('not-json.ndjson', (l) => l.splice(2, 1, '{"table":"domains","record":{'));
    await expect(readSeedFile(notJson)).rejects.toThrow(new RegExp(`^${at(notJson, 3)}is not valid JSON \\(`));

    const wrongField = bad('wrong-field.ndjson', (l) => {
      l[sessionLine] = JSON.stringify({ table: 'sessions', record: { ...session, friendlyName: 42 } });
    });
    await expect(readSeedFile(wrongField)).rejects.toThrow(
      `${at(wrongField, sessionLine + 1)}sessions (id ${session.id}): field friendlyName must be string`,
    );

    const unknown = bad('unknown-table.ndjson', (l) => l.push('{"table":"planets","record":{"id":1}}'));
    await expect(readSeedFile(unknown)).rejects.toThrow(
      new RegExp(`^${at(unknown, good.length + 1)}"planets" is not a table \\(tables: domains, `),
    );

    const shape = bad('shape.ndjson', (l) => l.push('[1, 2]'));
    await expect(readSeedFile(shape)).rejects.toThrow(
      new SeedError(`${at(shape, good.length + 1)}must be {"table": "<table>", "record": {…}}`),
    );

    const twice = bad('twice.ndjson', (l) => l.push(l[sessionLine]!));
    await expect(readSeedFile(twice)).rejects.toThrow(
      new SeedError(`${at(twice, good.length + 1)}sessions (id ${session.id}): id ${session.id} is used twice`),
    );

    const dangling = bad('dangling.ndjson', (l) => {
      l[sessionLine] = JSON.stringify({ table: 'sessions', record: { ...session, projectId: 9999 } });
    });
    await expect(readSeedFile(dangling)).rejects.toThrow(
      new SeedError(
        `${at(dangling, sessionLine + 1)}sessions (id ${session.id}): field projectId refers to projects 9999, which the seed does not have`,
      ),
    );

    const badDate = file('bad-date.ndjson', `{"referenceDate":"soon"}\n${good.join('\n')}\n`);
    await expect(readSeedFile(badDate)).rejects.toThrow(
      new SeedError(`${at(badDate, 1)}referenceDate must be a day (2026-11-02), not "soon"`),
    );
    await expect(readSeedFile(join(directory, 'missing.ndjson'))).rejects.toThrow(
      new SeedError(`${join(directory, 'missing.ndjson')}: cannot be read (ENOENT)`),
    );
  });
});

describe('forEachLine', () => {
  it('reads every line once with its number: a byte order mark, CRLF, blank lines, UTF-8, long lines, no last newline', () => {
    const long = 'x'.repeat(3 << 20);
    const path = file('lines.txt', Buffer.from(`\uFEFFfirst\r\n\n  \nSão Paulo\n${long}\n€ last`));
    const seen: [string, number][] = [];
    const descriptor = openSync(path, 'r');
    try {
      forEachLine(descriptor, (text, line) => seen.push([text.length > 100 ? `${text.length}` : text, line]));
      // Read again from the start: the descriptor's position does not matter.
      forEachLine(descriptor, (text, line) => seen.push([text.slice(0, 5), line]));
    } finally {
      closeSync(descriptor);
    }
    expect(seen.slice(0, 4)).toEqual([
      ['first', 1],
      ['São Paulo', 4],
      [String(3 << 20), 5],
      ['€ last', 6],
    ]);
    expect(seen.slice(4).map(([, line]) => line)).toEqual([1, 4, 5, 6]);
  });
});

describe('--state-file FILE.ndjson', () => {
  it('is written a record at a time, read back on restart, and reset goes back to the state read at start', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'c3d-state-ndjson-')), 'state.ndjson');
    const rename = (api: string, name: string) =>
      fetch(`${api}/projects/1001`, {
        method: 'PUT',
        headers: { authorization: keys.acmeWrite, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    const savedName = async () =>
      (await readFile(path, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { table: string; record: { id: number; name: string } })
        .find((entry) => entry.table === 'projects' && entry.record.id === 1001)!.record.name;
    const first = await startServer({ port: 0, dataPort: 0, stateFile: path, clock: '2026-12-01T10:00:00Z' });
    expect(await savedName()).toBe('Acme Training');
    expect((await rename(first.urls.api, 'Saved as NDJSON')).status).toBe(200);
    await expect.poll(savedName, { timeout: 2000 }).toBe('Saved as NDJSON');
    const saved = first.mock.snapshot();
    await first.close();

    const second = await startServer({ port: 0, dataPort: 0, stateFile: path, clock: '2027-03-01T10:00:00Z' });
    expect(second.mock.seedShiftMs).toBe(0);
    expect(second.mock.snapshot()).toEqual(saved);
    expect((await rename(second.urls.api, 'Changed after the restart')).status).toBe(200);
    await expect.poll(savedName, { timeout: 2000 }).toBe('Changed after the restart');
    second.mock.reset();
    expect(second.mock.snapshot()).toEqual(saved);
    await second.close();
    writeFileSync(path, '{"table":"projects","record":{"id":1001,"na');
    await expect(startServer({ port: 0, dataPort: 0, stateFile: path })).rejects.toThrow(
      new RegExp(`^${path}:1: is not valid JSON .*: the state file is corrupt or truncated; it was left as it is$`),
    );
  });
});
