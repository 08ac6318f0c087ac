import { isAscii } from 'node:buffer';
import { readSync, writeSync } from 'node:fs';
import { fromEntries, isRecord } from '../guards.ts';
import { recordCheck, recordKey, referenceProblem, SeedError } from './seed.ts';
import type { SeedData } from './store.ts';
import type { JsonRecord } from './table.ts';
import { isTableName, tableDefinitions, tableNames, type TableName } from './tables.ts';
import { dayMs, NewestSessionEnd, recordShifts, type RecordShift } from './time-shift.ts';

/**
 * The NDJSON seed format: one line per record, `{"table":"sessions","record":{…}}`, in any order of tables,
 * optionally after a first line `{"referenceDate":"2026-11-02"}` (the day after the newest session ended) that
 * lets a reader move the dates as it reads. Read line by line, a record at a time: no text of the file's size,
 * no one parse of it, and each record checked, and its dates moved, while it is still young.
 */

const bufferBytes = 1 << 20;

/**
 * Calls `onLine` with each line of the file open as `descriptor`, read from its start (whatever its position),
 * and the line's number (from 1). Lines of ASCII are decoded as Latin-1 (a copy), the others as UTF-8; a byte
 * order mark and a carriage return before the line feed are dropped; blank lines are skipped.
 */
export function forEachLine(descriptor: number, onLine: (text: string, line: number) => void): void {
  let buffer = Buffer.allocUnsafeSlow(bufferBytes);
  let start = 0;
  let end = 0;
  let position = 0;
  let line = 0;
  const emit = (from: number, to: number) => {
    line++;
    if (line === 1 && to - from >= 3 && buffer[from] === 0xef && buffer[from + 1] === 0xbb && buffer[from + 2] === 0xbf)
      from += 3;
    if (to > from && buffer[to - 1] === 13) to--;
    if (to === from) return;
    const bytes = buffer.subarray(from, to);
    const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    if (text.trim() !== '') onLine(text, line);
  };
  for (;;) {
    const newline = buffer.indexOf(10, start);
    if (newline !== -1 && newline < end) {
      emit(start, newline);
      start = newline + 1;
      continue;
    }
    // The rest of the buffer holds the start of a line: it moves to the front, and the buffer grows for a long line.
    if (start > 0) {
      buffer.copy(buffer, 0, start, end);
      end -= start;
      start = 0;
    }
    if (end === buffer.length) {
      const larger = Buffer.allocUnsafeSlow(buffer.length * 2);
      buffer.copy(larger, 0, 0, end);
      buffer = larger;
    }
    const read = readSync(descriptor, buffer, end, buffer.length - end, position);
    if (read === 0) {
      if (end > start) emit(start, end);
      return;
    }
    position += read;
    end += read;
  }
}

export interface NdjsonReadOptions {
  /**
   * How far to move the seed's dates as it is read, given the reference date its first line declares (undefined
   * when it declares none): the records are checked as written, then moved. Absent: dates are left as written.
   */
  shiftFor?: (declaredReferenceDate: number | undefined) => number;
}

export interface NdjsonSeed {
  seed: SeedData;
  /** The seed's reference date, from its sessions as written (undefined without sessions). */
  referenceDate: number | undefined;
  /** How far its dates were moved as they were read. */
  shiftedMs: number;
}

const describe = (value: unknown) => JSON.stringify(value);

/**
 * Reads and checks an NDJSON seed (see above) from `descriptor`: every record against its table's schema as it
 * is read, then keys and references; failures are SeedErrors naming `file:line`, the record and the field.
 */
export function readNdjsonSeed(descriptor: number, file: string, options: NdjsonReadOptions = {}): NdjsonSeed {
  const seed: SeedData = {};
  const lines = new Map<TableName, number[]>();
  const keys = fromEntries(tableNames.map((name) => [name, new Set<unknown>()]));
  const newest = new NewestSessionEnd();
  let declared: number | undefined;
  let shiftedMs = 0;
  let shifts: Partial<Record<TableName, RecordShift>> | undefined;
  const fail: (line: number, message: string) => never = (line, message) => {
    throw new SeedError(`${file}:${line}: ${message}`);
  };
  const lineOf = (name: TableName, index: number): number => {
    const line = lines.get(name)?.[index];
    if (line === undefined) throw new Error(`${file}: no line was read for ${name}[${index}]`);
    return line;
  };
  forEachLine(descriptor, (text, line) => {
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch (error) {
      fail(line, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const fields = isRecord(entry) ? entry : undefined;
    const table = fields?.table;
    if (line === 1 && shifts === undefined && table === undefined && fields) {
      const date = fields.referenceDate;
      if (typeof date === 'string' && Object.keys(fields).length === 1) {
        declared = Date.parse(date);
        if (Number.isNaN(declared) || declared % dayMs !== 0)
          fail(line, `referenceDate must be a day (2026-11-02), not ${describe(date)}`);
        return;
      }
    }
    if (shifts === undefined) {
      shiftedMs = options.shiftFor?.(declared) ?? 0;
      shifts = recordShifts(shiftedMs);
    }
    if (!fields || typeof table !== 'string') return fail(line, 'must be {"table": "<table>", "record": {…}}');
    if (!isTableName(table)) return fail(line, `${describe(table)} is not a table (tables: ${tableNames.join(', ')})`);
    const name = table;
    const flat = fields.record;
    if (!isRecord(flat)) return fail(line, `${name}: the record must be an object`);
    const definition = tableDefinitions[name];
    const key = recordKey(name, flat);
    const where = `${name}${key === undefined ? '' : ` (${definition.key} ${describe(key)})`}`;
    const problem = recordCheck(name)(flat);
    if (problem) fail(line, `${where}: ${problem}`);
    if (key === undefined) fail(line, `${where}: has no ${definition.key}`);
    const seen = keys[name];
    if (seen.has(key)) fail(line, `${where}: ${definition.key} ${describe(key)} is used twice`);
    seen.add(key);
    if (name === 'sessions') newest.add(flat);
    shifts[name]?.(flat);
    const records = seed[name];
    const recordLines = lines.get(name);
    if (records && recordLines) {
      records.push(flat);
      recordLines.push(line);
    } else {
      seed[name] = [flat];
      lines.set(name, [line]);
    }
  });
  const has = (table: TableName, key: unknown) => keys[table].has(key);
  for (const name of tableNames) {
    const keyField = tableDefinitions[name].key;
    let index = 0;
    for (const flat of seed[name] ?? []) {
      const problem = referenceProblem(name, flat, has, 'the seed');
      if (problem) fail(lineOf(name, index), `${name} (${keyField} ${describe(flat[keyField])}): ${problem}`);
      index++;
    }
  }
  return { seed, referenceDate: newest.referenceDate(), shiftedMs };
}

/**
 * Writes a seed as NDJSON to `descriptor`, a table at a time in the store's order, in batches of about a
 * megabyte: never one string of the whole seed. The first line declares `referenceDate` when one is given (the
 * seed's own, `seedReferenceDate`, as written).
 */
export function writeNdjsonSeed(
  descriptor: number,
  tables: Iterable<[TableName, Iterable<JsonRecord>]>,
  referenceDate?: number,
): void {
  let batch =
    referenceDate === undefined
      ? ''
      : `${JSON.stringify({ referenceDate: new Date(referenceDate).toISOString().slice(0, 10) })}\n`;
  for (const [name, records] of tables) {
    const prefix = `{"table":${JSON.stringify(name)},"record":`;
    for (const record of records) {
      batch += `${prefix}${JSON.stringify(record)}}\n`;
      if (batch.length >= bufferBytes) {
        writeSync(descriptor, batch);
        batch = '';
      }
    }
  }
  if (batch !== '') writeSync(descriptor, batch);
}

/** A seed's tables in the store's order, for `writeNdjsonSeed`. */
export function* seedTables(seed: SeedData): Generator<[TableName, JsonRecord[]]> {
  for (const name of tableNames) if (seed[name]?.length) yield [name, seed[name]];
}
