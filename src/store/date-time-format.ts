import { isRecord } from '../guards.ts';

/** What `withFastDateTime` needs of an Ajv: its formats, and a way to add one. */
export interface FormatHost {
  readonly formats: Readonly<Record<string, unknown>>;
  addFormat(name: string, format: { validate: DateTimeCheck }): unknown;
}
type DateTimeCheck = (value: string) => boolean;
const isDateTimeCheck = (value: unknown): value is DateTimeCheck => typeof value === 'function';

const daysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isDigit = (code: number) => code >= 48 && code <= 57;
const twoDigits = (value: string, at: number) => (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;

/** Whether a string is a valid `2025-01-05T09:30:00.000Z` (the form stored dates take), read without regular expressions. */
function isPlainUtcDateTime(value: string): boolean {
  const length = value.length;
  if (length < 20 || value.charCodeAt(length - 1) !== 90 /* Z */) return false;
  for (let at = 0; at < 19; at++) {
    const code = value.charCodeAt(at);
    const expected =
      at === 4 || at === 7 ? 45 /* - */ : at === 10 ? 84 /* T */ : at === 13 || at === 16 ? 58 /* : */ : -1;
    if (expected === -1 ? !isDigit(code) : code !== expected) return false;
  }
  if (length > 20) {
    if (length === 21 || value.charCodeAt(19) !== 46 /* . */) return false;
    for (let at = 20; at < length - 1; at++) if (!isDigit(value.charCodeAt(at))) return false;
  }
  const year = Number(value.slice(0, 4));
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (daysInMonth[month] ?? 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    twoDigits(value, 11) <= 23 &&
    twoDigits(value, 14) <= 59 &&
    twoDigits(value, 17) <= 59
  );
}

/**
 * Gives an Ajv a `date-time` check with a fast path for the plain UTC form: what it accepts, the full
 * check (ajv-formats) accepts too, and anything else still goes to the full check. A large seed holds
 * hundreds of thousands of dates, and the full check splits and matches each with regular expressions.
 */
export function withFastDateTime<Host extends FormatHost>(ajv: Host): Host {
  const full = ajv.formats['date-time'];
  if (!isRecord(full)) return ajv;
  const { validate } = full;
  if (!isDateTimeCheck(validate)) return ajv;
  ajv.addFormat('date-time', { ...full, validate: (value: string) => isPlainUtcDateTime(value) || validate(value) });
  return ajv;
}
