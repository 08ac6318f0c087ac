/**
 * Faults: each breaks exactly one rule of the API, so the contract suite can prove it notices.
 * Enabled with `--fault NAME` (repeatable) or the `faults` option of the mock.
 */
export const faultDescriptions = {
  'accept-bearer': 'accepts `Authorization: Bearer <key>` as if the key were sent bare',
  'accept-any-key': 'accepts any well-shaped key, known or not',
  'read-keys-write': 'lets read-only API keys write',
  'observers-write': 'lets observers write',
  'cross-tenant-leak': "lets any authenticated caller read another tenant's project",
  'json-as-text': 'answers JSON bodies with `Content-Type: text/plain`',
  'lose-upload-type': 'serves uploaded files as application/octet-stream instead of their own type',
  'skip-415': 'accepts request bodies of any Content-Type',
  'drop-required-field': 'drops a required field (`id`) from JSON answers',
  'reject-legacy': 'rejects the legacy `APIKEY:ORGANIZATION <key>` format',
  'accept-revoked': 'accepts revoked API keys',
  'skip-csrf': 'skips the CSRF check on cookie requests',
  'drop-page-item': 'drops the last record of every non-empty page of a paginated answer, keeping `count`',
  'drop-request-time': 'leaves the `cvr-request-time` header out of data-host successes',
  'grant-below-404': 'answers 404 instead of 403 to a caller whose only grant is below the target',
  'members-manage-keys': 'lets members (write access from a role) list, create and revoke API keys',
} as const;

export type FaultName = keyof typeof faultDescriptions;
export const faultNames = Object.keys(faultDescriptions) as FaultName[];

export function parseFaults(names: Iterable<string>): ReadonlySet<FaultName> {
  const faults = new Set<FaultName>();
  for (const name of names) {
    if (!(name in faultDescriptions)) throw new Error(`unknown fault ${name}; faults: ${faultNames.join(', ')}`);
    faults.add(name as FaultName);
  }
  return faults;
}
