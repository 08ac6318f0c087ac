/** One share of the suite for a CI matrix: shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `K/N` (1 ≤ K ≤ N); the message of a bad value says what is expected. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`--shard ${text}: expected K/N with 1 ≤ K ≤ N, such as 2/4`);
  return { index, count };
}

/**
 * Whether the case at `position` of the suite's fixed order (or the login check of the principal at that
 * position) belongs to the shard: dealt round-robin, so the N shards together hold every case exactly once
 * and each holds about a Nth of them. Without a shard every case runs.
 */
export const inShard = (shard: Shard | undefined, position: number) =>
  !shard || position % shard.count === shard.index - 1;

/**
 * Whether the shard runs the flows and the page walks. They run together in the last shard, in the order of
 * an unsharded run: the walks page through lists the flows add to (the audit log), so split apart they would
 * see other lists than the whole run sees. The last shard's share of the cases is never larger than another's.
 */
export const runsFlows = (shard: Shard | undefined) => !shard || shard.index === shard.count;
