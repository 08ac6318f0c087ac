import type { KeyKindModule } from './kind.ts';
import { orgKey } from './orgKey.ts';

/**
 * A legacy organization key (issued before May 2025): a row of `apiKeys` like `orgKey`, with the same grant; every
 * request sent with it draws a warning that new keys are sent bare.
 */
export const legacyOrgKey: KeyKindModule = {
  ...orgKey,
  warning: {
    rule: 'legacy-key-format',
    message: 'The legacy APIKEY:ORGANIZATION format; new keys are sent bare (orgkey-…)',
  },
};
