/**
 * A minimal ZIP writer: stored entries (no compression), CRC-32, UTF-8 names, one central directory.
 * Enough for small JSON downloads, and free of Node APIs so the mock also runs in a browser.
 */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as ZIP uses it. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time of an instant (UTC; ZIP cannot say before 1980). */
function dosDateTime(time: number): { date: number; time: number } {
  const at = new Date(Math.max(time, Date.UTC(1980, 0, 1)));
  return {
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
  };
}

const utf8Flag = 0x0800;
const versionNeeded = 10; // 1.0: stored entries

/** Builds the archive; `modified` (epoch ms) dates every entry. */
export function createZip(entries: ZipEntry[], modified: number): Uint8Array {
  const encoder = new TextEncoder();
  const stamp = dosDateTime(modified);
  const files = entries.map((entry) => ({
    name: encoder.encode(entry.name),
    data: entry.data,
    crc: crc32(entry.data),
  }));
  const localSize = files.reduce((sum, file) => sum + 30 + file.name.length + file.data.length, 0);
  const centralSize = files.reduce((sum, file) => sum + 46 + file.name.length, 0);
  const bytes = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const u16 = (value: number) => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  const put = (data: Uint8Array) => {
    bytes.set(data, at);
    at += data.length;
  };

  const offsets: number[] = [];
  for (const file of files) {
    offsets.push(at);
    u32(0x04034b50);
    u16(versionNeeded);
    u16(utf8Flag);
    u16(0); // stored
    u16(stamp.time);
    u16(stamp.date);
    u32(file.crc);
    u32(file.data.length);
    u32(file.data.length);
    u16(file.name.length);
    u16(0);
    put(file.name);
    put(file.data);
  }
  const centralStart = at;
  files.forEach((file, index) => {
    u32(0x02014b50);
    u16(20); // made by: MS-DOS, 2.0
    u16(versionNeeded);
    u16(utf8Flag);
    u16(0);
    u16(stamp.time);
    u16(stamp.date);
    u32(file.crc);
    u32(file.data.length);
    u32(file.data.length);
    u16(file.name.length);
    u16(0); // extra
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[index]!);
    put(file.name);
  });
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(files.length);
  u16(files.length);
  u32(centralSize);
  u32(centralStart);
  u16(0);
  return bytes;
}
