/** Recognises common file signatures, so a declared Content-Type can be checked against the bytes. */
const signatures: { type: string; test(bytes: Uint8Array): boolean }[] = [
  { type: 'image/png', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', test: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { type: 'image/webp', test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  { type: 'application/pdf', test: (b) => ascii(b, 0, '%PDF-') },
  { type: 'application/zip', test: (b) => starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06]) },
  { type: 'model/gltf-binary', test: (b) => ascii(b, 0, 'glTF') },
  { type: 'video/mp4', test: (b) => ascii(b, 4, 'ftyp') },
];

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, index) => bytes[index] === value);
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The type the bytes' signature shows, or undefined when none is recognised. */
export function sniffType(bytes: Uint8Array): string | undefined {
  return signatures.find((signature) => signature.test(bytes))?.type;
}

/**
 * Why bytes may not be stored under a declared type, or undefined when they may: a type we know the
 * signature of needs that signature; bytes with a known signature need their own type (or the generic
 * `application/octet-stream`); anything else is stored as declared.
 */
export function contradiction(declared: string, bytes: Uint8Array): string | undefined {
  const detected = sniffType(bytes);
  const known = signatures.some((signature) => signature.type === declared);
  if (known && detected !== declared)
    return `the bytes are not ${declared}${detected ? ` (they are ${detected})` : ''}`;
  if (!known && detected && declared !== 'application/octet-stream')
    return `the bytes are ${detected}, not ${declared}`;
  return undefined;
}
