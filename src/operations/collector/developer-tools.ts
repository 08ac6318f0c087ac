import { fail } from '../../http/errors.ts';
import { referencedRow } from '../shared/references.ts';
import { emptyOk, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';

const bareKey = (secret: string) => secret.replace(/^APIKEY:DATA /, '');

/** Developer-key checks and lookups the editor plugins make before an upload. */
export const developerToolOperations = {
  // The pipeline already refused an unknown or expired key (401, `key expired`): reaching here means it works.
  verifyDeveloperKey: () => emptyOk(),

  getApplicationKey: ({ store, target }) => {
    const keys = store.tables.dataKeys.children('projectId', target.project.key);
    const key = keys.find((row) => row.record.valid === true) ?? keys[0];
    if (!key) fail(404, 'This project has no application key');
    const { secret } = key.internal;
    if (secret === undefined) throw new Error(`Application key ${key.key} is stored without its secret`);
    return ok({ apiKey: bareKey(secret), valid: key.record.valid === true });
  },

  getSubscriptionInfo: ({ target }) => {
    const organization = target.organization;
    const subscriptions = organization.internal.subscriptions ?? [];
    return ok({ organizationName: organization.record.name, subscriptions });
  },

  getDeveloperUser: ({ store, target, principal }) => {
    const project = target.project;
    const organization = target.organization;
    const user = referencedRow(store.tables.users, principal.userId);
    const expiresAt = referencedRow(store.tables.developerKeys, principal.apiKeyId).record.expiresAt;
    return ok({
      email: user.record.email,
      userId: user.key,
      firstName: user.record.firstName ?? null,
      lastName: user.record.lastName ?? null,
      projectId: project.key,
      projectName: project.record.name,
      organizationId: organization.key,
      organizationName: organization.record.name,
      keyExpiresAt: expiresAt,
    });
  },
} satisfies Implementations;
