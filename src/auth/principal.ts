import type { FaultName } from '../core/faults.ts';
import type { CredentialKind } from '../spec/compile.ts';
import type { Access } from '../spec/metadata.ts';
import { locate, type Located } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';
import type { Row } from '../store/table.ts';
import type { Credential } from './credentials.ts';
import type { Level } from '../spec/access.ts';
import { credentialCap, roleAccess, type Grant } from './grants.ts';
import { decide } from './policy.ts';

/** Who is calling, and what it may touch. */
export interface Principal {
  kind: CredentialKind;
  /** For the audit log: what made the request, without its secret. */
  label: string;
  userId?: number;
  /** The id of the key used (organization, domain or developer key). */
  apiKeyId?: number;
  grants: Grant[];
  /** Keys never reach admin. */
  cap: Access;
  /** The key's own organization or project, for operations whose target is the credential. */
  home?: Located;
  /** Cookie sessions: the login token and the CSRF token that non-GET requests must repeat. */
  loginToken?: string;
  csrf?: string;
}

export type PrincipalResolution = { ok: true; principal: Principal } | { ok: false; message: string };

const grantFor = (store: Store, level: Level, id: number, access: Access): Grant | undefined => {
  const located = locate(store, level, id);
  return located && { level, id, access, chain: located.chain };
};

/** The grants a user holds through its role assignments. */
export function userGrants(store: Store, userId: number, faults: ReadonlySet<FaultName>): Grant[] {
  return store.tables.roleAssignments.children('userId', userId).flatMap((row) => {
    const { scopeType, scopeId, role } = row.record as {
      scopeType: Level;
      scopeId: number;
      role: keyof typeof roleAccess;
    };
    const access = role === 'observer' && faults.has('observers-write') ? 'write' : roleAccess[role];
    return grantFor(store, scopeType, scopeId, access) ?? [];
  });
}

const unknownKey = { ok: false, message: 'Unknown or revoked key' } as const;

/** Resolves a well-formed credential against the store; 401 material when it is unknown, revoked or expired. */
export function resolvePrincipal(
  store: Store,
  credential: Credential,
  now: number,
  faults: ReadonlySet<FaultName>,
): PrincipalResolution {
  const { tables } = store;
  const keyAccess = (access: Access): Access => (access === 'read' && faults.has('read-keys-write') ? 'write' : access);
  const usable = (row: Row | undefined) => row && (row.record.revoked !== true || faults.has('accept-revoked'));
  const fallback = <T>(table: { all(): IterableIterator<T> }) =>
    faults.has('accept-any-key') ? table.all().next().value : undefined;

  switch (credential.kind) {
    case 'orgKey':
    case 'legacyOrgKey': {
      const row = tables.apiKeys.findUnique('secret', credential.secret) ?? fallback(tables.apiKeys);
      if (!usable(row)) return unknownKey;
      const organizationId = row!.internal.organizationId as number;
      const grant = grantFor(store, 'organization', organizationId, keyAccess(row!.record.access as Access));
      if (!grant) return unknownKey;
      const home = locate(store, 'organization', organizationId);
      tables.apiKeys.update(row!.key, { record: { lastUsedAt: now } });
      const label = `API key ${row!.record.name} (${row!.record.prefix}…)`;
      return {
        ok: true,
        principal: {
          kind: credential.kind,
          label,
          apiKeyId: row!.key as number,
          grants: [grant],
          cap: credentialCap(credential.kind),
          home,
        },
      };
    }
    case 'domainKey': {
      const row = tables.domainKeys.findUnique('secret', credential.secret) ?? fallback(tables.domainKeys);
      if (!usable(row)) return unknownKey;
      const grant = grantFor(store, 'domain', row!.record.domainId as number, keyAccess(row!.record.access as Access));
      if (!grant) return unknownKey;
      return {
        ok: true,
        principal: {
          kind: 'domainKey',
          label: `domain key ${row!.record.name}`,
          apiKeyId: row!.key as number,
          grants: [grant],
          cap: credentialCap('domainKey'),
          home: locate(store, 'domain', grant.id),
        },
      };
    }
    case 'developerKey': {
      const row = tables.developerKeys.findUnique('secret', credential.secret) ?? fallback(tables.developerKeys);
      if (!row) return unknownKey;
      if ((row.record.expiresAt as number) <= now) {
        return {
          ok: false,
          message: 'Developer key expired (key expired): create a new one under Settings → Manage developer key',
        };
      }
      const userId = row.record.userId as number;
      const home = locate(store, 'project', row.record.projectId as number);
      if (!home) return unknownKey;
      // The key acts as its user inside its one project, never above write.
      const decision = decide({
        scope: 'project',
        access: 'read',
        grants: userGrants(store, userId, faults),
        cap: credentialCap('developerKey'),
        target: home,
      });
      const grants = decision.allow
        ? [{ level: 'project' as const, id: home.chain.projectId!, access: decision.access!, chain: home.chain }]
        : [];
      return {
        ok: true,
        principal: {
          kind: 'developerKey',
          label: `developer key of user ${userId}`,
          userId,
          apiKeyId: row.key as number,
          grants,
          cap: credentialCap('developerKey'),
          home,
        },
      };
    }
    case 'dataKey': {
      const row = tables.dataKeys.findUnique('secret', credential.secret) ?? fallback(tables.dataKeys);
      if (row?.record.valid !== true) return unknownKey;
      const home = locate(store, 'project', row.record.projectId as number);
      if (!home) return unknownKey;
      const grant: Grant = { level: 'project', id: home.chain.projectId!, access: 'write', chain: home.chain };
      return {
        ok: true,
        principal: {
          kind: 'dataKey',
          label: `application key of project ${grant.id}`,
          grants: [grant],
          cap: credentialCap('dataKey'),
          home,
        },
      };
    }
    case 'sessionCookie': {
      const login = tables.loginSessions.get(credential.secret);
      const user = login && tables.users.get(login.record.userId as number);
      if (!login || !user) return { ok: false, message: 'Unknown or expired login session' };
      const userId = user.key as number;
      return {
        ok: true,
        principal: {
          kind: 'sessionCookie',
          label: `user ${user.record.email}`,
          userId,
          grants: userGrants(store, userId, faults),
          cap: credentialCap('sessionCookie'),
          loginToken: credential.secret,
          csrf: login.record.csrf as string,
        },
      };
    }
  }
}
