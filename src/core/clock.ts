/** A point in time as a user may write it: an ISO-8601 date or date-time, epoch milliseconds, or a Date. */
export type ClockSetting = string | number | Date;

const isoDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The instant a clock setting names, in epoch ms; throws a message naming the accepted forms when it names none. */
export function parseClock(setting: ClockSetting): number {
  const time =
    setting instanceof Date
      ? setting.getTime()
      : typeof setting === 'number'
        ? setting
        : isoDate.test(setting)
          ? Date.parse(setting)
          : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new Error(
      `clock ${JSON.stringify(String(setting))} is not a date: give an ISO-8601 date or date-time in UTC or with an offset (2026-01-21, 2026-01-21T09:30:00Z)`,
    );
  }
  return time;
}

/** The mock's clock: pinned to one instant when `clock` is set (answers are then byte-stable), else `now`, else the system's. */
export function clockFunction(options: { clock?: ClockSetting; now?: () => number }): () => number {
  if (options.clock === undefined) return options.now ?? Date.now;
  const pinned = parseClock(options.clock);
  return () => pinned;
}
