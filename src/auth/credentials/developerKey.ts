import { locate } from '../../store/ancestry.ts';
import { decide } from '../policy.ts';
import { userGrants } from '../principal.ts';
import { findKey, unknownKey } from './key-rows.ts';
import type { KeyKindModule } from './kind.ts';

/**
 * A developer key: a row of `developerKeys`, acting as its user inside its one project with the user's
 * access there, never above write. It expires (`expiresAt`) and is never revoked.
 */
export const developerKey: KeyKindModule = {
  cap: 'write',
  audit: { actor: 'developerKey', keyId: false },
  resolve(secret, { store, now, hooks }) {
    const row = findKey(store.tables.developerKeys, secret, hooks);
    if (!row) return unknownKey;
    if (row.record.expiresAt <= now) {
      return {
        ok: false,
        message: 'Developer key expired (key expired): create a new one under Settings → Manage developer key',
      };
    }
    const userId = row.record.userId;
    const home = locate(store, 'project', row.record.projectId);
    if (!home) return unknownKey;
    const decision = decide({
      scope: 'project',
      access: 'read',
      grants: userGrants(store, userId, hooks),
      cap: developerKey.cap,
      target: home,
    });
    // A project-scoped decision that allows always names the access.
    const grants =
      decision.allow && decision.access
        ? [{ level: 'project' as const, id: home.chain.projectId, access: decision.access, chain: home.chain }]
        : [];
    return {
      ok: true,
      principal: { label: `developer key of user ${userId}`, userId, apiKeyId: row.key, grants, home },
    };
  },
};
