import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from a name (SHA-1, version 5 layout), so regenerating the files gives the same
 * ids and re-importing them in Postman offers to replace the collections instead of adding copies.
 */
export function stableId(name: string): string {
  const hex = createHash('sha1').update(`c3d-mock:${name}`).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  const text = `${hex.slice(0, 12)}5${hex.slice(13, 16)}${variant}${hex.slice(17, 32)}`;
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}
