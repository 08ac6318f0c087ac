import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { Table } from '../../src/store/table.ts';

const sessions = () =>
  new Table('sessions', { key: 'id', keyType: 'number', parents: ['projectId'], unique: ['sessionId'] });

describe('Table.changeStamp', () => {
  it('changes when a row comes, goes or is re-indexed, or an update gives a watched field a new value', () => {
    const table = sessions();
    const stamps = () => [table.changeStamp(['date']), table.changeStamp(['duration']), table.changeStamp([])];
    table.insert({ id: 1, sessionId: 'a', projectId: 1001, date: '2026-01-01T00:00:00.000Z', duration: 5 });
    let before = stamps();

    table.update(1, { record: { duration: 6 } });
    let after = stamps();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBeGreaterThan(before[1]!);
    expect(after[2]).toBe(before[2]);

    before = after;
    table.update(1, { record: { date: '2026-01-01T00:00:00.000Z', duration: 6 } });
    expect(stamps()).toEqual(before);

    table.update(1, { record: { date: '2026-02-01T00:00:00.000Z' } });
    after = stamps();
    expect(after[0]).toBeGreaterThan(before[0]!);
    expect([after[1], after[2]]).toEqual([before[1], before[2]]);

    for (const write of [
      () => table.insert({ id: 2, sessionId: 'b', projectId: 1001 }),
      () => table.update(2, { record: { projectId: 1002 } }),
      () => table.delete(2),
    ]) {
      before = stamps();
      write();
      after = stamps();
      for (const [index, stamp] of after.entries()) expect(stamp).toBeGreaterThan(before[index]!);
    }
  });

  it('counts an internal field like a record field', () => {
    const table = sessions();
    table.insert({ id: 1, sessionId: 'a', projectId: 1001 }, { versionIds: [3001] });
    const before = table.changeStamp(['versionIds']);
    table.update(1, { internal: { versionIds: [3001, 3002] } });
    expect(table.changeStamp(['versionIds'])).toBeGreaterThan(before);
  });
});

describe('rows', () => {
  it('are plain objects, found by key, parent and unique field', () => {
    const table = sessions();
    const row = table.insert({ id: 7, sessionId: 'a', projectId: 1001 }, { events: [] });
    expect(row).toEqual({ key: 7, record: { id: 7, sessionId: 'a', projectId: 1001 }, internal: { events: [] } });
    table.insert({ id: 8, sessionId: 'b', projectId: 1001 });
    expect(() => table.insert({ id: 9, sessionId: 'a', projectId: 1001 })).toThrow(
      'sessions: sessionId is already taken',
    );
    expect(() => table.insert({ id: 8, sessionId: 'c', projectId: 1001 })).toThrow('sessions: id 8 is already taken');
    expect(() => table.insert({ id: 0, sessionId: 'd', projectId: 1001 })).toThrow('sessions: id 0 is empty');
    expect(table.size).toBe(2);
    expect(table.findUnique('sessionId', 'b')!.key).toBe(8);
    expect(table.children('projectId', 1001).map((r) => r.key)).toEqual([7, 8]);
    expect(table.delete(7)).toBe(true);
    expect(table.get(7)).toBeUndefined();
    expect(table.children('projectId', 1001).map((r) => r.key)).toEqual([8]);
    expect(table.nextKey()).toBe(9);
  });

  it('snapshots show the sessions as seeded, fields in the same order', () => {
    const mock = createMock({ shiftSeedDates: false });
    const seeded = mock.snapshot().sessions!;
    expect(seeded).toEqual(embeddedSeed.sessions);
    expect(seeded.map((session) => Object.keys(session))).toEqual(
      embeddedSeed.sessions!.map((session) => Object.keys(session)),
    );
  });
});
