import { zipSync, type Zippable } from 'fflate';

/** A file of a ZIP download: its name inside the archive and its bytes. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const earliestStamp = Date.UTC(1980, 0, 1);
const latestStamp = Date.UTC(2099, 11, 31, 23, 59, 58);

/**
 * The MS-DOS date and time fields hold no time zone, and fflate fills them from a Date's local fields: a
 * Date whose local fields are the instant's UTC ones stamps the same fields on every machine (but in the hour
 * a daylight-saving change skips where the mock runs, which reads an hour later). ZIP cannot say a year
 * before 1980 and fflate refuses one after 2099, so the instant is clamped to that range.
 */
function utcStamp(time: number): Date {
  const at = new Date(Math.min(Math.max(time, earliestStamp), latestStamp));
  return new Date(
    at.getUTCFullYear(),
    at.getUTCMonth(),
    at.getUTCDate(),
    at.getUTCHours(),
    at.getUTCMinutes(),
    at.getUTCSeconds(),
  );
}

/** Builds the archive: stored entries (level 0) with their CRC-32, in the given order; `modified` dates them all. */
export function createZip(entries: ZipEntry[], modified: number): Uint8Array<ArrayBuffer> {
  const mtime = utcStamp(modified);
  const files: Zippable = {};
  for (const entry of entries) files[entry.name] = [entry.data, { level: 0, mtime }];
  return zipSync(files);
}
