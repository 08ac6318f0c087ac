import { describe, expect, it } from 'vitest';
import { splitFlat } from '../../src/store/flat-records.ts';

const internal = new Set(['events', 'gaze']);

describe('splitFlat', () => {
  it('with the internal fields last, takes them off the record it is given (reuse) and keeps the order of both', () => {
    const flat = { id: 1, sessionId: 'a', date: 'd', events: [{ name: 'x' }], gaze: [] };
    const { record, internal: kept } = splitFlat(flat, internal, true);
    expect(record).toBe(flat);
    expect(Object.keys(record)).toEqual(['id', 'sessionId', 'date']);
    expect(Object.keys(kept)).toEqual(['events', 'gaze']);
    expect(kept.events).toEqual([{ name: 'x' }]);
  });

  it('with a copy, leaves the flat record as it was', () => {
    const flat = { id: 1, date: 'd', gaze: [], events: [] };
    const { record, internal: kept } = splitFlat(flat, internal, false);
    expect(record).not.toBe(flat);
    expect(record).toEqual({ id: 1, date: 'd' });
    expect(Object.keys(kept)).toEqual(['gaze', 'events']);
    expect(Object.keys(flat)).toEqual(['id', 'date', 'gaze', 'events']);
  });

  it('with internal fields among the record fields, builds both field by field, in the same order', () => {
    const flat = { id: 1, events: [], date: 'd', gaze: [], tags: [] };
    const { record, internal: kept } = splitFlat(flat, internal, true);
    expect(record).not.toBe(flat);
    expect(Object.keys(record)).toEqual(['id', 'date', 'tags']);
    expect(Object.keys(kept)).toEqual(['events', 'gaze']);
  });

  it('gives an empty internal part to a record without internal fields', () => {
    const flat = { id: 1 };
    expect(splitFlat(flat, internal, true)).toEqual({ record: { id: 1 }, internal: {} });
  });
});
