import { fail } from '../../http/errors.ts';
import type { MultipartBody } from '../../http/body.ts';
import type { UploadedFile } from './types.ts';

/** A file as the store keeps it (scene-version `files`, dynamic-object `fileData`, session `audio`). */
export interface StoredFile {
  contentType: string;
  base64: string;
}

/** Base64 without Node's Buffer, so the mock also runs in the browser (MSW `setupWorker`). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

export const storedFile = (file: UploadedFile): StoredFile => ({
  contentType: file.contentType,
  base64: toBase64(file.bytes),
});

/** The last path segment: a part's file name may carry the exporter's folders. */
const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim();

/**
 * Every part of a multipart upload as a named file. A part is named by its file name (the Unity SDK sends
 * every file in a part called `file`); text parts without a file name are named by their field.
 */
export function uploadedParts(body: MultipartBody): UploadedFile[] {
  const encoder = new TextEncoder();
  const parts: UploadedFile[] = body.files.map((file) => ({ ...file, name: baseName(file.name) }));
  for (const [field, value] of Object.entries(body.fields)) {
    parts.push({
      field,
      name: baseName(field),
      contentType: field.endsWith('.json') ? 'application/json' : 'text/plain',
      bytes: encoder.encode(value),
    });
  }
  for (const part of parts) if (part.name === '') fail(400, 'Every part needs a file name', 'file');
  return parts;
}

export const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
