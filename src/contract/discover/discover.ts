import { isOneOf, stringAt } from '../../guards.ts';
import { keyKindNames, type KeyKind } from '../../spec/credential-kinds.ts';
import { bundledDocuments } from '../../spec/load.ts';
import type { Access } from '../../spec/metadata.ts';
import { parsePrincipals, type PrincipalSpec, type PrincipalsFile } from '../principals.ts';
import { tenantResources, type Read } from './resources.ts';
import {
  answered,
  anonymousClients,
  DiscoveryError,
  hintFor,
  keyClients,
  ok,
  reply,
  sessionClients,
  type Bases,
  type Clients,
} from './target.ts';

/** A named credential to describe: a whole `Authorization` value, or an email and password to log in with. */
export type CredentialInput =
  | { name: string; authorization: string }
  | { name: string; email: string; password: string };

export interface DiscoverOptions extends Bases {
  /** In the order the file will list them. */
  credentials: CredentialInput[];
  /** Authorization values that must be refused (revoked or expired keys): the API cannot list their secrets. */
  revoked?: string[];
  /** Principal name → tenant (its name or its organization id), for principals whose grants name no single organization. */
  tenantOf?: Record<string, string>;
}

export interface Discovery {
  file: PrincipalsFile;
  /** What was decided without the API saying it (a default tenant, a skipped organization), for the person running the command. */
  notes: string[];
}

type Grant = PrincipalSpec['grants'][number];
type LoginInput = Extract<CredentialInput, { email: string }>;
type KeyInput = Extract<CredentialInput, { authorization: string }>;

interface FoundBase {
  clients: Clients;
  grants: Grant[];
  /** The user behind a login or a developer key. */
  userId?: number;
  /** An organization key's organization (whoami), a developer key's (GET /user). */
  organizationId?: number;
  /** A developer key's or a data key's one project. */
  projectId?: number;
  /** Ends the login session discovery opened; answers the status. */
  logout?: () => Promise<number>;
}

type Found =
  | (FoundBase & { kind: 'sessionCookie'; input: LoginInput; userId: number })
  | (FoundBase & { kind: 'orgKey' | 'legacyOrgKey'; input: KeyInput; organizationId: number })
  | (FoundBase & {
      kind: 'developerKey';
      input: KeyInput;
      userId: number;
      organizationId: number;
      projectId: number;
    })
  | (FoundBase & { kind: 'domainKey'; input: KeyInput })
  | (FoundBase & { kind: 'dataKey'; input: KeyInput });

interface Organization {
  id: number;
  name: string;
  domainId?: number;
  projects: number[];
}

const rank: Record<Access, number> = { read: 1, write: 2, admin: 3 };
const roleAccess = { admin: 'admin', member: 'write', observer: 'read' } as const;
const higher = (a: Access | undefined, b: Access | undefined) => (!a ? b : !b ? a : rank[a] >= rank[b] ? a : b);

/** The documented key formats (`x-c3d-format` of each security scheme), by credential kind. */
const keyFormats: [KeyKind, RegExp, string][] = Object.values(bundledDocuments).flatMap((doc) =>
  Object.entries(doc.components?.securitySchemes ?? {}).flatMap(([kind, scheme]): [KeyKind, RegExp, string][] => {
    const format = stringAt(scheme, 'x-c3d-format');
    return format && isOneOf(keyKindNames, kind)
      ? [[kind, new RegExp(format), format.replace(/^\^|\$$/g, '').replace('[0-9a-f]{32}', '<32 hex digits>')]]
      : [];
  }),
);

const keyKindOf = (authorization: string) => keyFormats.find(([, pattern]) => pattern.test(authorization))?.[0];

/** A key as messages show it: its scheme and first characters, never the whole secret. */
const masked = (authorization: string) => authorization.replace(/([0-9a-f]{4})[0-9a-f]{28}$/i, '$1…');

/**
 * The body of each probe: an array where the documents ask for an object, so the typed clients' body types
 * cannot hold it and only a cast makes them send it.
 */
const arrayBody = [] as never;

const formatsText = () => keyFormats.map(([, , text]) => text).join(', ');

/**
 * Writes a principals file from credentials alone: who each credential is and what it may do come from the
 * API's own account, role and key routes (`GET /users/me`, whoami, the key listing, `GET /user`, the developer
 * key's application key), and where those are silent from a write the API must refuse either way (an invalid
 * body: 400 means the caller may write, 403 that it may only read; an ingest batch answered 404 is another
 * project's scene). Each organization the credentials reach becomes a tenant, with the ids of its resources
 * read through the list routes. Login sessions opened here are ended before it returns.
 */
export async function discoverPrincipals(options: DiscoverOptions): Promise<Discovery> {
  const bases: Bases = { api: options.api, data: options.data };
  const notes: string[] = [];
  const found: Found[] = [];
  const names = new Set<string>();
  for (const input of options.credentials) {
    if (names.has(input.name))
      throw new DiscoveryError(`${input.name}: two credentials have this name; each principal needs its own`);
    names.add(input.name);
  }
  if (options.credentials.length === 0)
    throw new DiscoveryError('no credentials: give at least one --key NAME=VALUE or --login NAME=EMAIL:PASSWORD');
  try {
    for (const input of options.credentials) found.push(await identify(bases, input));
    return { file: await describe(options, found, notes), notes };
  } finally {
    for (const principal of found) {
      if (!principal.logout) continue;
      const status = await principal.logout().catch((error: Error) => error.message);
      if (status !== 200 && status !== 204)
        notes.push(
          `${principal.input.name}: logging out answered ${status}; its login session may be left open on the target`,
        );
    }
  }
}

async function identify(bases: Bases, input: CredentialInput): Promise<Found> {
  if ('email' in input) {
    const { data, response } = await answered(
      anonymousClients(bases).api.POST('/sessions', { body: { email: input.email, password: input.password } }),
    );
    const cookie = /c3d_session_v5=([^;]+)/.exec(response.headers.getSetCookie().join('; '))?.[1];
    if (response.status !== 200 || !data?.csrf || !cookie) {
      const problem =
        response.status === 200
          ? 'without a c3d_session_v5 cookie and a csrf token'
          : response.status === 401
            ? 'check the email and password'
            : hintFor(response.status);
      throw new DiscoveryError(
        `--login ${input.name}: logging in as ${input.email} answered ${response.status}: ${problem}`,
      );
    }
    const clients = sessionClients(bases, { cookie, csrf: data.csrf });
    const logout = async () => (await answered(clients.api.DELETE('/sessions/current'))).response.status;
    const account = await reply(clients.api.GET('/users/me'));
    if (!account.data) {
      await logout();
      throw new DiscoveryError(
        `--login ${input.name}: GET /users/me answered ${account.status} (${account.reason}), so the account's roles are unknown`,
      );
    }
    const grants = account.data.roles.map((role) => ({
      scope: role.scopeType,
      id: role.scopeId,
      access: roleAccess[role.role],
    }));
    return { input, kind: 'sessionCookie', clients, grants, userId: account.data.id, logout };
  }

  const kind = keyKindOf(input.authorization);
  if (!kind)
    throw new DiscoveryError(
      `--key ${input.name}: the value is none of the documented key formats (${formatsText()}); a user logs in with --login NAME=EMAIL:PASSWORD`,
    );
  const clients = keyClients(bases, input.authorization);
  const refused = (status: number, reason: string) =>
    new DiscoveryError(
      status === 401
        ? `--key ${input.name}: the target refuses this ${kind} (401: ${reason}); a revoked or expired key goes under --revoked VALUE`
        : `--key ${input.name}: asking who this ${kind} is answered ${status} (${reason}): ${hintFor(status)}`,
    );
  if (kind === 'orgKey' || kind === 'legacyOrgKey') {
    const whoami = await reply(clients.api.GET('/organizations/apiKeys/whoami'));
    if (!whoami.data) throw refused(whoami.status, whoami.reason);
    const { organizationId } = whoami.data;
    // At least read on its organization; the listing or a probe tells whether it writes, once an admin is known.
    return {
      input,
      kind,
      clients,
      organizationId,
      grants: [{ scope: 'organization', id: organizationId, access: 'read' }],
    };
  }
  if (kind === 'developerKey') {
    const user = await reply(clients.data.GET('/user'));
    if (!user.data) throw refused(user.status, user.reason);
    const { userId, organizationId, projectId } = user.data;
    return { input, kind, clients, grants: [], userId, organizationId, projectId };
  }
  if (kind === 'dataKey') {
    const controls = await reply(
      clients.data.GET('/remotevariables', { params: { query: { identifier: 'c3d-contract-discovery' } } }),
    );
    if (controls.status !== 200) throw refused(controls.status, controls.reason);
  }
  return { input, kind, clients, grants: [] };
}

async function describe(options: DiscoverOptions, found: Found[], notes: string[]): Promise<PrincipalsFile> {
  const atlas = new OrganizationAtlas(found);
  await readGrantedOrganizations(found, atlas);
  await settleDomainKeys(found, atlas);
  await followDomainGrants(found, atlas);
  const tenantOrganizations = tenantOrganizationsOf(atlas, notes);

  await settleKeyAccess(found, atlas.organizations, atlas.readerOf, atlas.accessOn);
  await findDataKeyProjects(found, tenantOrganizations, atlas.readerOf);
  for (const principal of found)
    if (
      principal.projectId !== undefined &&
      !atlas.organizationOfProject.has(principal.projectId) &&
      principal.organizationId !== undefined
    )
      atlas.organizationOfProject.set(principal.projectId, principal.organizationId);

  const tenantName = tenantNames(tenantOrganizations);
  const tenantOf = tenantChooser(options, tenantOrganizations, tenantName, atlas.organizationOfProject, notes);
  for (const principalName of Object.keys(options.tenantOf ?? {})) {
    if (!found.some((principal) => principal.input.name === principalName))
      throw new DiscoveryError(`--tenant ${principalName}=…: no credential is named ${principalName}`);
  }
  const tenants = await tenantsOf(found, tenantOrganizations, tenantName, atlas.readerOf);

  const principals: PrincipalSpec[] = found.map((principal) => ({
    name: principal.input.name,
    kind: principal.kind,
    credential:
      'email' in principal.input
        ? { email: principal.input.email, password: principal.input.password }
        : { authorization: principal.input.authorization },
    tenant: tenantOf(principal),
    grants: principal.grants,
  }));
  const revoked = await checkRevoked(options, atlas.knownDomains(), notes);
  const file: PrincipalsFile = {
    api: options.api,
    data: options.data,
    tenants,
    principals,
    ...(revoked.length ? { revoked } : {}),
  };
  return parsePrincipals(file, 'the discovered principals');
}

/** The organizations the credentials reach, as they are read, and who may read each. */
class OrganizationAtlas {
  readonly organizations = new Map<number, Organization>();
  readonly organizationOfProject = new Map<number, number>();
  /** Organizations reached that no credential could read, each with what reached it. */
  readonly unreadable = new Map<number, string>();

  constructor(private readonly found: Found[]) {}

  /** The best access a principal's grants give on an organization (and one of its projects). */
  readonly accessOn = (principal: Found, organizationId: number, projectId?: number): Access | undefined => {
    let best: Access | undefined;
    for (const grant of principal.grants) {
      const covers =
        grant.scope === 'domain'
          ? this.organizations.get(organizationId)?.domainId === grant.id
          : grant.scope === 'organization'
            ? grant.id === organizationId
            : grant.id === projectId;
      if (covers) best = higher(best, grant.access);
    }
    return best;
  };

  /** A reader of one organization (and project): the dashboard callers that reach it, most capable first. */
  readonly readerOf =
    (organizationId: number, projectId?: number): Read =>
    async (call, need = 'read') => {
      const callers = this.found
        .filter((principal) => principal.kind !== 'developerKey' && principal.kind !== 'dataKey')
        .flatMap((principal) => {
          const access = this.accessOn(principal, organizationId, projectId);
          return access && rank[access] >= rank[need] ? [{ principal, access }] : [];
        })
        .sort((a, b) => rank[b.access] - rank[a.access]);
      for (const { principal } of callers) {
        const data = await ok(call(principal.clients));
        if (data !== undefined) return data;
      }
      return undefined;
    };

  /** Reads an organization once, with the callers that reach it; one none can read is noted as unreadable. */
  async read(id: number, reachedBy: string) {
    if (this.organizations.has(id)) return;
    const organization = await this.readerOf(id)(({ api }) =>
      api.GET('/organizations/{organizationId}', { params: { path: { organizationId: id } } }),
    );
    if (!organization) {
      this.unreadable.set(id, reachedBy);
      return;
    }
    this.unreadable.delete(id);
    this.organizations.set(id, {
      id,
      name: organization.name,
      domainId: organization.domainId,
      projects: (organization.projects ?? []).map((project) => project.id),
    });
    for (const project of organization.projects ?? []) this.organizationOfProject.set(project.id, id);
  }

  /** The domains of the organizations read, and those the grants of other than domain keys name. */
  knownDomains(): number[] {
    return [
      ...new Set([
        ...[...this.organizations.values()].flatMap((o) => (o.domainId === undefined ? [] : [o.domainId])),
        ...this.found.flatMap((p) =>
          p.kind === 'domainKey' ? [] : p.grants.filter((g) => g.scope === 'domain').map((g) => g.id),
        ),
      ]),
    ].sort((a, b) => a - b);
  }
}

/** The organizations the grants name, directly or through one of their projects. */
async function readGrantedOrganizations(found: Found[], atlas: OrganizationAtlas) {
  for (const principal of found) {
    const name = principal.input.name;
    if (principal.organizationId !== undefined) await atlas.read(principal.organizationId, name);
    for (const grant of principal.grants) {
      if (grant.scope === 'organization') await atlas.read(grant.id, name);
      if (grant.scope === 'project' && !atlas.organizationOfProject.has(grant.id)) {
        const project = await ok(
          principal.clients.api.GET('/projects/{projectId}', { params: { path: { projectId: grant.id } } }),
        );
        if (project) {
          atlas.organizationOfProject.set(grant.id, project.organizationId);
          await atlas.read(project.organizationId, `${name} (project ${grant.id})`);
        }
      }
    }
  }
}

/** Domain keys: the domain of the organizations found that the key reads. */
async function settleDomainKeys(found: Found[], atlas: OrganizationAtlas) {
  for (const principal of found.filter((p) => p.kind === 'domainKey')) {
    const name = principal.input.name;
    for (const domainId of atlas.knownDomains()) {
      const domain = await reply(principal.clients.api.GET('/domains/{domainId}', { params: { path: { domainId } } }));
      if (domain.status === 401)
        throw new DiscoveryError(
          `--key ${name}: the target refuses this domain key (401: ${domain.reason}); a revoked key goes under --revoked VALUE`,
        );
      if (domain.data) {
        principal.grants = [{ scope: 'domain', id: domainId, access: 'read' }];
        break;
      }
    }
    if (principal.grants.length === 0) {
      throw new DiscoveryError(
        `--key ${name}: this domain key reads none of the domains of the organizations found (${atlas.knownDomains().join(', ') || 'none'}): add a credential of an organization of its domain`,
      );
    }
  }
}

/** Domain grants reach every organization of their domain. */
async function followDomainGrants(found: Found[], atlas: OrganizationAtlas) {
  for (const principal of found) {
    for (const grant of principal.grants.filter((g) => g.scope === 'domain')) {
      const listed =
        (await ok(
          principal.clients.api.GET('/domains/{domainId}/organizations', { params: { path: { domainId: grant.id } } }),
        )) ?? [];
      for (const organization of listed) {
        await atlas.read(organization.id, `${principal.input.name} (domain ${grant.id})`);
        const known = atlas.organizations.get(organization.id);
        if (known && known.domainId === undefined) known.domainId = grant.id;
      }
    }
  }
}

/**
 * The tenants: the organizations with a project, in id order. Every organization reached must be readable,
 * and there must be two tenants, each naming its domain.
 */
function tenantOrganizationsOf(atlas: OrganizationAtlas, notes: string[]): [Organization, ...Organization[]] {
  for (const [id, reachedBy] of atlas.unreadable) {
    throw new DiscoveryError(
      `organization ${id}, reached through ${reachedBy}, is read by none of the credentials given: add an organization key of it or a login of one of its members`,
    );
  }
  const tenantOrganizations = [...atlas.organizations.values()]
    .filter((o) => o.projects.length > 0)
    .sort((a, b) => a.id - b.id);
  for (const organization of atlas.organizations.values()) {
    if (organization.projects.length === 0)
      notes.push(`organization ${organization.id} "${organization.name}" has no project: it is not a tenant`);
  }
  const [first, second, ...others] = tenantOrganizations;
  if (!first || !second) {
    const which = tenantOrganizations.map((o) => `${o.id} "${o.name}"`).join('') || 'none';
    throw new DiscoveryError(
      `the credentials reach ${tenantOrganizations.length === 1 ? 'only one organization with a project' : 'no organization with a project'} (${which}); the suite needs two tenants, to check that each is kept out of the other's: add a credential of another organization`,
    );
  }
  for (const organization of tenantOrganizations) {
    if (organization.domainId === undefined) throw domainless(organization);
  }
  return [first, second, ...others];
}

const domainless = (organization: Organization) =>
  new DiscoveryError(
    `organization ${organization.id} "${organization.name}" does not name its domain (domainId), and no domain credential lists it`,
  );

/** A tenant organization's name, which `tenantNames` gives every one. */
function nameOfTenant(tenantName: Map<number, string>, organizationId: number): string {
  const name = tenantName.get(organizationId);
  if (name === undefined) throw new DiscoveryError(`organization ${organizationId} is not a tenant`);
  return name;
}

/** Tenants, named after their organizations: the first word of the name, else the whole name, else the id. */
function tenantNames(tenantOrganizations: Organization[]): Map<number, string> {
  const tenantName = new Map<number, string>();
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  for (const organization of tenantOrganizations) {
    const taken = new Set(tenantName.values());
    const choice =
      [slug(organization.name.split(/\s+/)[0] ?? ''), slug(organization.name)].find(
        (candidate) => candidate && !taken.has(candidate),
      ) ?? `organization-${organization.id}`;
    tenantName.set(organization.id, choice);
  }
  return tenantName;
}

/**
 * Each principal's own tenant: the one `--tenant` names, else the single organization its grants reach, else
 * the first tenant (with a note).
 */
function tenantChooser(
  options: DiscoverOptions,
  tenantOrganizations: [Organization, ...Organization[]],
  tenantName: Map<number, string>,
  organizationOfProject: Map<number, number>,
  notes: string[],
): (principal: Found) => string {
  return (principal) => {
    const name = principal.input.name;
    const asked = options.tenantOf?.[name];
    if (asked !== undefined) {
      const organization = tenantOrganizations.find((o) => tenantName.get(o.id) === asked || String(o.id) === asked);
      if (!organization)
        throw new DiscoveryError(
          `--tenant ${name}=${asked}: no such tenant; the tenants are ${tenantOrganizations.map((o) => `${tenantName.get(o.id)} (organization ${o.id})`).join(', ')}`,
        );
      return nameOfTenant(tenantName, organization.id);
    }
    const reached = new Set<number>();
    for (const grant of principal.grants) {
      if (grant.scope === 'organization') reached.add(grant.id);
      const organizationOfGrant = organizationOfProject.get(grant.id);
      if (grant.scope === 'project' && organizationOfGrant !== undefined) reached.add(organizationOfGrant);
    }
    if (principal.organizationId !== undefined) reached.add(principal.organizationId);
    const [onlyReached] = reached;
    const single =
      reached.size === 1 && onlyReached !== undefined && !principal.grants.some((g) => g.scope === 'domain')
        ? tenantName.get(onlyReached)
        : undefined;
    if (single) return single;
    const fallback = nameOfTenant(tenantName, tenantOrganizations[0].id);
    notes.push(
      `${name}: its grants name no single organization, so its own tenant is taken to be "${fallback}"; say otherwise with --tenant ${name}=TENANT`,
    );
    return fallback;
  };
}

/** Each tenant's resources, in its project: the one most of the project-bound credentials hold. */
async function tenantsOf(
  found: Found[],
  tenantOrganizations: Organization[],
  tenantName: Map<number, string>,
  readerOf: (organizationId: number, projectId?: number) => Read,
): Promise<PrincipalsFile['tenants']> {
  const tenants: PrincipalsFile['tenants'] = {};
  for (const organization of tenantOrganizations) {
    const held = (projectId: number) =>
      found.filter(
        (p) => p.projectId === projectId || p.grants.some((g) => g.scope === 'project' && g.id === projectId),
      ).length;
    const projectId = organization.projects.reduce((best, candidate) =>
      held(candidate) > held(best) ? candidate : best,
    );
    const developer = found.find((p) => p.kind === 'developerKey' && p.projectId === projectId);
    const hooks = async () => (developer ? await ok(developer.clients.data.GET('/hooks')) : undefined);
    const { domainId } = organization;
    if (domainId === undefined) throw domainless(organization);
    const place = { domainId, organizationId: organization.id, projectId };
    tenants[nameOfTenant(tenantName, organization.id)] = await tenantResources(
      place,
      readerOf(organization.id, projectId),
      hooks,
    );
  }
  return tenants;
}

/**
 * What each key may do. An organization key: the access the organization's key listing shows for its
 * prefix, when the keys of that prefix agree; else the probe. A domain key: the probe on an organization of
 * its domain. A developer key acts as its user inside its one project, never beyond write: the user's roles
 * when the user is among the logins, else the probe on one of the project's scenes.
 */
// Over 80 lines, kept whole: one short pass per kind of key, around the one probe they share.
async function settleKeyAccess(
  found: Found[],
  organizations: Map<number, Organization>,
  readerOf: (organizationId: number, projectId?: number) => Read,
  accessOn: (principal: Found, organizationId: number, projectId?: number) => Access | undefined,
): Promise<void> {
  const probe = async (principal: Found, organizationId: number): Promise<Access> => {
    // A tag body that is an array: refused with 400 once the caller is let through to write, with 403 before.
    const answer = await reply(
      principal.clients.api.POST('/organizations/{organizationId}/tags', {
        params: { path: { organizationId } },
        body: arrayBody,
      }),
    );
    if (answer.status === 400) return 'write';
    if (answer.status === 403) return 'read';
    throw new DiscoveryError(
      `--key ${principal.input.name}: cannot tell whether it may write: POST /organizations/${organizationId}/tags with an invalid body answered ${answer.status} (${answer.reason}), not 400 (may write) or 403 (may only read)`,
    );
  };

  for (const principal of found) {
    if (principal.kind === 'orgKey' || principal.kind === 'legacyOrgKey') {
      const { organizationId } = principal;
      const secret = principal.input.authorization.replace(/^orgkey-|^APIKEY:ORGANIZATION /, '');
      const keys = await readerOf(organizationId)(
        ({ api }) => api.GET('/organizations/{organizationId}/apiKeys', { params: { path: { organizationId } } }),
        'admin',
      );
      const format = principal.kind === 'orgKey' ? 'orgkey' : 'legacy';
      const listed = new Set(
        (keys ?? [])
          .filter((key) => !key.revoked && key.format === format && key.prefix === secret.slice(0, 8))
          .map((key) => key.access),
      );
      const [listedAccess] = listed;
      const access = listed.size === 1 && listedAccess ? listedAccess : await probe(principal, organizationId);
      principal.grants = [{ scope: 'organization', id: organizationId, access }];
    }
    if (principal.kind === 'domainKey') {
      const [domainGrant] = principal.grants;
      if (!domainGrant) throw new DiscoveryError(`--key ${principal.input.name}: this domain key reads no domain`);
      const domainId = domainGrant.id;
      const [organization] = [...organizations.values()]
        .filter((o) => o.domainId === domainId)
        .sort((a, b) => a.id - b.id);
      if (!organization)
        throw new DiscoveryError(`--key ${principal.input.name}: no organization of domain ${domainId} was read`);
      principal.grants = [{ scope: 'domain', id: domainId, access: await probe(principal, organization.id) }];
    }
  }

  for (const principal of found.filter((p) => p.kind === 'developerKey')) {
    const { projectId } = principal;
    const user = found.find((p) => p.kind === 'sessionCookie' && p.userId === principal.userId);
    let access: Access | undefined;
    if (user) access = accessOn(user, principal.organizationId, projectId);
    else {
      const scene = (await ok(principal.clients.data.GET('/scenes')))?.find((s) => (s.versions ?? []).length > 0);
      if (!scene) {
        throw new DiscoveryError(
          `--key ${principal.input.name}: its project ${projectId} has no scene to try a write on, and its user is not among the logins: add --login for the key's user`,
        );
      }
      const version = Math.max(...scene.versions.map((v) => v.versionNumber));
      // An object manifest that is an array: 400 once let through to write, 403 for a read-only user, 404 for none.
      const answer = await reply(
        principal.clients.data.POST('/objects/{sceneId}', {
          params: { path: { sceneId: scene.id }, query: { version } },
          body: arrayBody,
        }),
      );
      if (answer.status === 400) access = 'write';
      else if (answer.status === 403) access = 'read';
      else if (answer.status !== 404) {
        throw new DiscoveryError(
          `--key ${principal.input.name}: cannot tell what it may do: POST /objects/${scene.id} with an invalid body answered ${answer.status} (${answer.reason})`,
        );
      }
    }
    principal.grants = access
      ? [{ scope: 'project', id: projectId, access: access === 'admin' ? 'write' : access }]
      : [];
  }
}

/**
 * A data key's project: the one whose developer key answers it as its application key, else the project
 * whose scene takes its ingest (an invalid batch is 400 on its own project's scene, 404 on any other).
 */
async function findDataKeyProjects(
  found: Found[],
  tenantOrganizations: Organization[],
  readerOf: (organizationId: number, projectId?: number) => Read,
): Promise<void> {
  const dataKeys = found.filter((p) => p.kind === 'dataKey');
  if (dataKeys.length === 0) return;
  for (const developer of found.filter((p) => p.kind === 'developerKey')) {
    const application = await ok(developer.clients.data.GET('/applicationKey'));
    for (const principal of dataKeys) {
      if (application && principal.input.authorization === `APIKEY:DATA ${application.apiKey}`)
        principal.projectId = developer.projectId;
    }
  }
  const scenes: { projectId: number; organizationId: number; sceneId: string; version: number }[] = [];
  for (const principal of dataKeys.filter((p) => p.projectId === undefined)) {
    if (scenes.length === 0) {
      for (const organization of tenantOrganizations) {
        for (const projectId of organization.projects) {
          const project = await readerOf(
            organization.id,
            projectId,
          )(({ api }) => api.GET('/projects/{projectId}', { params: { path: { projectId } } }));
          for (const scene of project?.scenes ?? []) {
            const version = Math.max(0, ...(scene.versions ?? []).map((v) => v.versionNumber));
            if (version > 0) scenes.push({ projectId, organizationId: organization.id, sceneId: scene.id, version });
          }
        }
      }
    }
    for (const scene of scenes) {
      const answer = await reply(
        principal.clients.data.POST('/events/{sceneId}', {
          params: { path: { sceneId: scene.sceneId }, query: { version: scene.version } },
          body: arrayBody,
        }),
      );
      if (answer.status === 400) {
        principal.projectId = scene.projectId;
        principal.organizationId = scene.organizationId;
        break;
      }
    }
    if (principal.projectId === undefined) {
      throw new DiscoveryError(
        `--key ${principal.input.name}: cannot tell this data key's project: none of the ${scenes.length} scenes of the projects found takes its events, and no developer key answers it as its application key`,
      );
    }
  }
  for (const principal of dataKeys) {
    if (principal.projectId === undefined) continue;
    principal.grants = [{ scope: 'project', id: principal.projectId, access: 'write' }];
  }
}

/** The revoked keys as the file lists them, each checked: one the target still accepts is listed as asked, with a note. */
async function checkRevoked(
  options: DiscoverOptions,
  domains: number[],
  notes: string[],
): Promise<NonNullable<PrincipalsFile['revoked']>> {
  const revoked: NonNullable<PrincipalsFile['revoked']> = [];
  for (const authorization of options.revoked ?? []) {
    const kind = keyKindOf(authorization);
    if (!kind)
      throw new DiscoveryError(
        `--revoked ${masked(authorization)}: the value is none of the documented key formats (${formatsText()})`,
      );
    const { api, data } = keyClients(options, authorization);
    const answer =
      kind === 'orgKey' || kind === 'legacyOrgKey'
        ? await reply(api.GET('/organizations/apiKeys/whoami'))
        : kind === 'domainKey'
          ? await reply(api.GET('/domains/{domainId}', { params: { path: { domainId: domains[0] ?? 1 } } }))
          : kind === 'developerKey'
            ? await reply(data.GET('/apiKeys/verify'))
            : await reply(
                data.GET('/remotevariables', { params: { query: { identifier: 'c3d-contract-discovery' } } }),
              );
    if (answer.status >= 200 && answer.status < 300)
      notes.push(
        `--revoked ${masked(authorization)}: the target accepts this ${kind} (${answer.status}); it is listed as revoked as asked, and the suite will report each time it is let through`,
      );
    revoked.push({ kind, authorization });
  }
  return revoked;
}
