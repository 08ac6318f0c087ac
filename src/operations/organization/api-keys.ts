import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import type { ContextBase, Implementations } from '../shared/types.ts';
import { noContent, ok } from '../shared/results.ts';
import { records } from '../shared/views.ts';

const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** A fresh `orgkey-` secret that no key holds yet. */
function newSecret({ store }: ContextBase): string {
  for (;;) {
    const secret = `orgkey-${randomHex(16)}`;
    if (!store.tables.apiKeys.findUnique('secret', secret)) return secret;
  }
}

/** Organization API keys: listed without secrets, created with the secret shown once, revoked. */
export const apiKeyOperations = {
  listOrganizationApiKeys: ({ store, target }) =>
    ok(
      records(
        store.tables.apiKeys
          .children('organizationId', target.organization.key)
          .sort((a, b) => Number(a.key) - Number(b.key)),
      ),
    ),

  createOrganizationApiKey: (context) => {
    const { store, target, body, principal, now } = context;
    const secret = newSecret(context);
    const table = store.tables.apiKeys;
    // The new key as the answer shows it (`ApiKeyCreated` without the secret), stored as it is.
    const record: Omit<components['schemas']['ApiKeyCreated'], 'secret'> = {
      id: table.nextKey(),
      name: body.name,
      access: body.access,
      prefix: secret.slice('orgkey-'.length, 'orgkey-'.length + 8),
      format: 'orgkey',
      createdAt: now,
      createdBy: principal.userId ?? null,
      lastUsedAt: null,
      revoked: false,
      revokedAt: null,
    };
    const row = table.insert(record, { organizationId: target.organization.key, secret });
    context.auditTarget('apiKey', row.key);
    return ok({ ...record, secret });
  },

  revokeOrganizationApiKey: ({ store, target, path, now, auditTarget }) => {
    const key = store.tables.apiKeys.get(path.apiKeyId);
    if (!key || key.internal.organizationId !== target.organization.key) fail(404, 'Not found');
    // Revoking twice keeps the first revocation time.
    if (key.record.revoked !== true)
      store.tables.apiKeys.update(key.key, { record: { revoked: true, revokedAt: now } });
    auditTarget('apiKey', key.key);
    return noContent();
  },
} satisfies Implementations;
