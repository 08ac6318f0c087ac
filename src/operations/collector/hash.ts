const fnvPrime = 0x100000001b3n;
const fnvOffset = 0xcbf29ce484222325n;
const mask64 = (1n << 64n) - 1n;

/** FNV-1a over the text, folded to a positive safe integer: stable ids that fit a JSON number. */
export function stableHash(text: string): number {
  let hash = fnvOffset;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * fnvPrime) & mask64;
  return Number(hash % BigInt(Number.MAX_SAFE_INTEGER)) || 1;
}

/** A point in [0, 100) fixed by the text: the percentile an identifier falls in for one A/B test. */
export const percentile = (text: string) => (stableHash(text) % 10000) / 100;
