import type { KeyKindModule } from './kind.ts';
import { orgKey } from './orgKey.ts';

/** A legacy organization key (issued before May 2025): a row of `apiKeys` like `orgKey`, with the same grant. */
export const legacyOrgKey: KeyKindModule = orgKey;
