import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const chunkBytes = 16 << 20;

/**
 * A UTF-8 file's text, as `readFileSync(file, 'utf8')` gives it, in a fraction of the time for text that is
 * nearly all ASCII (a large seed): the file goes through one 16 MB buffer, ASCII chunks are copied as
 * Latin-1 and the rest decoded as UTF-8 (characters cut at a chunk's end are completed by the next), and
 * no buffer of the file's size is left behind for the garbage collector.
 */
export function readTextFile(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    return readText(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** The text of an open file, from its start (as `readTextFile`), however much of it was read before. */
export function readText(descriptor: number): string {
  const buffer = Buffer.allocUnsafeSlow(chunkBytes);
  const decoder = new StringDecoder('utf8');
  let decoding = false;
  const parts: string[] = [];
  let position = 0;
  for (
    let read = readSync(descriptor, buffer, 0, chunkBytes, position);
    read > 0;
    read = readSync(descriptor, buffer, 0, chunkBytes, position)
  ) {
    position += read;
    const chunk = buffer.subarray(0, read);
    if (isAscii(chunk)) {
      // Bytes the decoder still holds cannot be completed by ASCII: they end here, as in one decoding.
      if (decoding) parts.push(decoder.end());
      decoding = false;
      parts.push(chunk.toString('latin1'));
    } else {
      parts.push(decoder.write(chunk));
      decoding = true;
    }
  }
  if (decoding) parts.push(decoder.end());
  return parts.join('');
}
