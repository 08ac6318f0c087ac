import { stringAt } from '../guards.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import { bundledDocuments } from '../spec/load.ts';
import { Aimer } from './aim.ts';
import { verdict } from './expectations.ts';
import { bodyHead, isNoAnswer, send, urlOf } from './http.ts';
import type { Answer, RequestSpec } from './model.ts';
import { allOperations, tenantKeyNames } from './operations.ts';
import { tenantKeyProblems, tenantOf, type PrincipalSpec, type PrincipalsFile, type Resources } from './principals.ts';

/**
 * Whether the suite can judge the target at all, checked before any case runs: a wrong base URL, a mistyped
 * credential or id would otherwise show as thousands of failures of rules the target may well keep.
 */
export interface PreflightResult {
  passed: boolean;
  /** What is wrong, one line each, naming the URL, principal or tenant and what came back. */
  problems: string[];
  /** What the preflight did not check, and why. */
  notes: string[];
}

export interface PreflightOptions {
  file: PrincipalsFile;
  api: string;
  data: string;
  /** Told of every request sent. */
  onRequest?: (request: RequestSpec) => void;
}

const hostNames = { api: 'dashboard API', data: 'data-collector API' } as const;
type Host = keyof typeof hostNames;

/** The ids that place a tenant; when one is not found, the tenant's other ids cannot be found either. */
const placeKeys = ['domainId', 'organizationId', 'projectId'];

const isSuccess = (answer: Answer) => answer.status >= 200 && answer.status < 300;
const got = (answer: Answer) =>
  isNoAnswer(answer)
    ? answer.text
    : `answered ${answer.status}${answer.text ? ` ${bodyHead(answer.text).split('\n')[0]}` : ''}`;

/** A base URL the suite can use: http(s), ending in `/v0` (the documents' paths are below it). */
function baseUrlProblem(host: Host, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return `the ${hostNames[host]} base URL "${base}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `the ${hostNames[host]} base URL ${base} is not http or https`;
  if (!/\/v0\/?$/.test(url.pathname))
    return `the ${hostNames[host]} base URL ${base} does not end in /v0 (the documents' paths are below it: ${base.replace(/\/$/, '')}/v0?)`;
  return undefined;
}

const pathParameters = (operation: CompiledOperation) => operation.parameters.filter((p) => p.in === 'path').length;
const answersJson = (operation: CompiledOperation) =>
  (operation.responses.get('200')?.mediaTypes ?? []).some((type) => /json$/.test(type));

type Send = (spec: RequestSpec, headers: Record<string, string>) => Promise<Answer>;

/** Checks the base URLs, every principal's credential and every tenant's ids against the target. */
export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
  const { file } = options;
  const bases: Record<Host, string> = { api: options.api, data: options.data };
  const operations = allOperations();
  const knownKeys = tenantKeyNames(operations);
  const problems: string[] = tenantKeyProblems(file, knownKeys);
  const notes: string[] = notAimed(file, operations);
  const finish = (): PreflightResult => ({ passed: problems.length === 0, problems, notes });
  const request: Send = (spec, headers) => {
    options.onRequest?.(spec);
    return send(bases[spec.host], spec, headers);
  };

  const baseProblems = (['api', 'data'] as const)
    .map((host) => baseUrlProblem(host, bases[host]))
    .filter((p): p is string => p !== undefined);
  problems.push(...baseProblems);
  if (baseProblems.length > 0) {
    notes.push('credentials and tenant ids were not checked: the base URLs are not usable');
    return finish();
  }
  const unserved = await unservedHosts(bases, operations, request);
  problems.push(...unserved);
  if (unserved.length > 0) {
    notes.push('credentials and tenant ids were not checked: the target does not answer as the API');
    return finish();
  }
  const aimer = new Aimer(bundledDocuments);
  const credentials = await checkCredentials(file, operations, aimer, request);
  problems.push(...credentials.problems);
  notes.push(...credentials.notes);
  const ids = await checkIds(file, operations, aimer, knownKeys, credentials.usable, request);
  problems.push(...ids.problems);
  notes.push(...ids.notes);
  for (const headers of credentials.sessions)
    await request({ host: 'api', method: 'DELETE', path: '/sessions/current' }, headers);
  return finish();
}

/** Per tenant, the path ids it has no value for: the operations that need them are not aimed at it. */
function notAimed(file: PrincipalsFile, operations: CompiledOperation[]): string[] {
  const pathNames = new Set(
    operations.flatMap((op) => op.parameters.filter((p) => p.in === 'path').map((p) => p.name)),
  );
  return Object.entries(file.tenants).flatMap(([tenantName, resources]) => {
    const lacking = [...pathNames].filter((name) => resources[name] === undefined).sort();
    return lacking.length === 0
      ? []
      : [
          `tenant ${tenantName} has no ${lacking.join(', ')}: the operations that need ${lacking.length === 1 ? 'it' : 'them'} are not aimed at it`,
        ];
  });
}

/**
 * Each base URL must answer a request without a credential to a path of its own document as a served route
 * does (the documents say 401); 404 and 405 are what a server answers for a path it does not serve.
 */
async function unservedHosts(
  bases: Record<Host, string>,
  operations: CompiledOperation[],
  request: Send,
): Promise<string[]> {
  const problems: string[] = [];
  for (const host of ['api', 'data'] as const) {
    const probe = operations.find(
      (op) =>
        op.host === host &&
        op.method === 'get' &&
        op.credentialKinds.size > 0 &&
        pathParameters(op) === 0 &&
        !op.unserved,
    );
    if (!probe) continue;
    const spec: RequestSpec = { host, method: 'GET', path: probe.path };
    const answer = await request(spec, {});
    if (isNoAnswer(answer)) problems.push(`the ${hostNames[host]} at ${bases[host]}: ${answer.text}`);
    else if (answer.status === 404 || answer.status === 405) {
      problems.push(
        `the ${hostNames[host]} at ${bases[host]} does not serve its routes: GET ${urlOf(bases[host], spec)} without a credential ${got(answer)}, where the documents say 401`,
      );
    }
  }
  return problems;
}

/** Every credential must be accepted: each login succeeds, each key reads what its grants allow. */
async function checkCredentials(file: PrincipalsFile, operations: CompiledOperation[], aimer: Aimer, request: Send) {
  const problems: string[] = [];
  const notes: string[] = [];
  /** The headers of each principal whose credential works, for the reads of the ids. */
  const usable = new Map<string, Record<string, string>>();
  /** The logins made, to end them. */
  const sessions: Record<string, string>[] = [];
  for (const principal of file.principals) {
    if ('email' in principal.credential) {
      const answer = await request(
        {
          host: 'api',
          method: 'POST',
          path: '/sessions',
          body: { kind: 'json', contentType: 'application/json', text: JSON.stringify(principal.credential) },
        },
        {},
      );
      const cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers['set-cookie'] ?? '')?.[1];
      const csrf = stringAt(answer.body, 'csrf');
      if (answer.status === 200 && cookie && csrf !== undefined) {
        usable.set(principal.name, { cookie: `c3d_session_v5=${cookie}` });
        sessions.push({ cookie: `c3d_session_v5=${cookie}`, 'c3d-csrf': csrf });
      } else {
        problems.push(
          `${principal.name}: logging in (POST /sessions) ${got(answer)}${answer.status === 401 ? ': is its email or password in the principals file right?' : ''}`,
        );
      }
      continue;
    }
    const headers = { authorization: principal.credential.authorization };
    const probe = keyProbe(file, principal, operations, aimer);
    if (!probe) {
      notes.push(
        `${principal.name}: its credential was not checked (the documents have no read a ${principal.kind} may send that its tenant's ids can address)`,
      );
      usable.set(principal.name, headers);
      continue;
    }
    const answer = await request(probe.request, headers);
    const where = `${probe.request.method} ${probe.request.path}`;
    if (answer.status === 401) {
      problems.push(
        `${principal.name} (${principal.kind}): ${where} ${got(answer)}: the target refuses this credential (mistyped, revoked, or a format it does not take?)`,
      );
    } else if (isNoAnswer(answer) || (probe.allowed && !isSuccess(answer))) {
      problems.push(
        `${principal.name} (${principal.kind}): ${where} ${got(answer)}${probe.allowed ? ', though its grants let it read there' : ''}`,
      );
    } else usable.set(principal.name, headers);
  }
  return { problems, notes, usable, sessions };
}

/**
 * Every id of every tenant must exist: each is read, as a principal of that tenant, with the shortest read
 * whose path takes it. A tenant whose domain, organization or project is not found is not read further.
 */
async function checkIds(
  file: PrincipalsFile,
  operations: CompiledOperation[],
  aimer: Aimer,
  knownKeys: ReadonlySet<string>,
  usable: Map<string, Record<string, string>>,
  request: Send,
) {
  const problems: string[] = [];
  const notes: string[] = [];
  const unreadable = new Set<string>();
  // Tenants may share an id (their domain) that only one tenant's principals may read: read once, it is found.
  const found = new Set<string>();
  const noReader = new Map<string, string>();
  for (const [tenantName, resources] of Object.entries(file.tenants)) {
    const principals = file.principals.filter((p) => p.tenant === tenantName && usable.has(p.name));
    const keys = Object.keys(resources).sort((a, b) => Number(!placeKeys.includes(a)) - Number(!placeKeys.includes(b)));
    let placeMissing: string | undefined;
    for (const key of keys) {
      if (key.startsWith('query:') || !knownKeys.has(key)) continue;
      if (placeMissing && !placeKeys.includes(key)) {
        notes.push(`tenant ${tenantName}: its other ids were not checked, since its ${placeMissing} was not found`);
        break;
      }
      const readers = operations
        .filter(
          (op) => op.method === 'get' && !op.unserved && op.parameters.some((p) => p.in === 'path' && p.name === key),
        )
        .sort(
          (a, b) =>
            pathParameters(a) - pathParameters(b) ||
            Number(answersJson(b)) - Number(answersJson(a)) ||
            a.path.length - b.path.length,
        );
      if (readers.length === 0) {
        unreadable.add(key);
        continue;
      }
      const read = readAs(file, readers, principals, resources, aimer);
      if (!read) {
        noReader.set(
          `${key}=${resources[key]}`,
          `tenant ${tenantName}: ${key} was not checked (no principal of the tenant may read it)`,
        );
        continue;
      }
      const headers = usable.get(read.principal.name);
      if (!headers) throw new Error(`${read.principal.name} was chosen to read ids, yet has no usable credential`);
      const answer = await request(read.request, headers);
      if (isSuccess(answer)) {
        found.add(`${key}=${resources[key]}`);
        continue;
      }
      const value = JSON.stringify(resources[key]);
      const where = `GET ${read.request.path} as ${read.principal.name}`;
      if (answer.status === 404) {
        problems.push(`tenant ${tenantName}: ${key} ${value} was not found: ${where} ${got(answer)}`);
        if (placeKeys.includes(key)) placeMissing ??= key;
      } else problems.push(`tenant ${tenantName}: reading ${key} ${value} (${where}) ${got(answer)}`);
    }
  }
  for (const [pair, note] of noReader) if (!found.has(pair)) notes.push(note);
  if (unreadable.size > 0)
    notes.push(`not checked, the documents have no read for them: ${[...unreadable].join(', ')}`);
  return { problems, notes };
}

/**
 * The request that shows a key is accepted: a read its kind may send, preferably one its grants let through
 * (then a success is due), on the key's own target (whoami-like reads) or with the fewest ids.
 */
function keyProbe(
  file: PrincipalsFile,
  principal: PrincipalSpec,
  operations: CompiledOperation[],
  aimer: Aimer,
): { request: RequestSpec; allowed: boolean } | undefined {
  const home = tenantOf(file, principal);
  const candidates = operations
    .filter((op) => op.method === 'get' && !op.unserved && op.credentialKinds.has(principal.kind))
    .map((op) => ({ op, allowed: verdict(file, principal, op, home) === 'allowed' }))
    .sort(
      (a, b) =>
        Number(b.allowed) - Number(a.allowed) ||
        Number(b.op.target?.from === 'credential') - Number(a.op.target?.from === 'credential') ||
        pathParameters(a.op) - pathParameters(b.op),
    );
  for (const { op, allowed } of candidates) {
    const request = aimer.aim(op, home, 'example');
    if (!('unaimable' in request)) return { request, allowed };
  }
  return undefined;
}

/** The first of the reads that a principal of the tenant may send and the tenant's ids can address. */
function readAs(
  file: PrincipalsFile,
  readers: CompiledOperation[],
  principals: PrincipalSpec[],
  resources: Resources,
  aimer: Aimer,
) {
  for (const operation of readers) {
    const principal = principals.find(
      (p) => operation.credentialKinds.has(p.kind) && verdict(file, p, operation, resources) === 'allowed',
    );
    if (!principal) continue;
    const request = aimer.aim(operation, resources, 'example');
    if (!('unaimable' in request)) return { principal, request };
  }
  return undefined;
}
