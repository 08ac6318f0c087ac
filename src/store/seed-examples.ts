import type { Store } from './store.ts';

/** What the start-up banner offers to try, taken from the state actually served. */
export interface SeedExamples {
  /** The first organization key with write access that is not revoked, and the first project of its organization. */
  writeKey?: { secret: string; organizationId: number; projectId?: number };
  /** The first developer key that has not expired. */
  developerKey?: { secret: string };
  /** The first users who can log in (a password), and their password when they share one. */
  users?: { emails: string[]; more: boolean; password?: string };
}

/** Examples for the banner from the store's own records; each left out when the store has none. */
export function seedExamples(store: Store, now: number, userCount = 4): SeedExamples {
  const { tables } = store;
  const examples: SeedExamples = {};
  for (const row of tables.apiKeys.all()) {
    const { organizationId, secret } = row.internal;
    if (row.record.access !== 'write' || row.record.revoked || !secret || organizationId === undefined) continue;
    const [project] = tables.projects.children('organizationId', organizationId);
    examples.writeKey = { secret, organizationId, projectId: project?.key };
    break;
  }
  for (const row of tables.developerKeys.all()) {
    if (row.record.expiresAt > now && row.internal.secret) {
      examples.developerKey = { secret: row.internal.secret };
      break;
    }
  }
  const users = [...tables.users.all()].filter((row) => row.internal.password);
  if (users.length > 0) {
    const shown = users.slice(0, userCount);
    const passwords = new Set(shown.map((row) => row.internal.password));
    const [firstPassword] = passwords;
    examples.users = {
      emails: shown.map((row) => row.record.email),
      more: users.length > shown.length,
      password: passwords.size === 1 ? firstPassword : undefined,
    };
  }
  return examples;
}

/** The banner's "try:" lines for the examples (none when there are none). */
export function exampleLines(examples: SeedExamples, urls: { api: string; data: string }): string[] {
  const lines: string[] = [];
  const { writeKey, developerKey, users } = examples;
  if (writeKey) {
    const path =
      writeKey.projectId === undefined
        ? `/organizations/${writeKey.organizationId}`
        : `/projects/${writeKey.projectId}`;
    lines.push(`curl -H 'Authorization: ${writeKey.secret}' ${urls.api}${path}`);
  }
  if (developerKey) lines.push(`curl -H 'Authorization: ${developerKey.secret}' ${urls.data}/scenes`);
  if (users) {
    const password = users.password ? ` (password ${users.password})` : '';
    lines.push(`users${password}: ${users.emails.join(', ')}${users.more ? ', …' : ''}`);
  }
  return lines.length ? ['try:', ...lines.map((line) => `  ${line}`)] : [];
}
