import { credentialHints } from '../auth/credentials/hint.ts';
import { stringAt } from '../guards.ts';
import { parseCredential } from '../auth/credentials/parse.ts';
import { credentialWarning, csrfCheck, resolvePrincipal } from '../auth/credentials/registry.ts';
import { decide } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type {
  AnyImplementation,
  AnyOperationContext,
  Implementations,
  OperationId,
} from '../operations/shared/types.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import { credentialKinds, type KeyKind } from '../spec/credential-kinds.ts';
import type { DocumentName } from '../spec/documents.ts';
import { locate, type Located } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import type { RequestExtras } from '../http/cookies.ts';
import { readBody, validateJsonBody, type BodySeen } from '../http/body.ts';
import type { FaultHooks } from './faults.ts';
import { errorResponse, HttpError } from '../http/errors.ts';
import { coerceParameters, firstError, undocumentedQueryParameters } from '../http/parameters.ts';
import { toResponse } from '../http/respond.ts';
import type { RouteTable } from '../spec/route-table.ts';
import { requestTarget, type RequestTarget } from '../http/request-target.ts';
import { checkResponse } from '../http/response-check.ts';
import type { Credential } from '../auth/credentials/parse.ts';
import { bodyExcerpt, credentialShape } from '../journal/excerpt.ts';
import type { EntryExtra, Journal } from '../journal/journal.ts';
import { isViolation, type RuleId } from '../journal/rules.ts';
import type { Finding, JournalEntry } from '../journal/types.ts';

export interface PipelineOptions {
  host: DocumentName;
  routes: RouteTable<CompiledOperation>;
  /** Every key format of both hosts, so a key of the wrong kind is named as such. */
  formats: ReadonlyMap<KeyKind, RegExp>;
  store: () => Store;
  operations: Implementations;
  /** The rules' hooks, with the mock's faults attached. */
  hooks: FaultHooks;
  now: () => number;
  validateResponses: boolean;
  /** Request bodies over this many bytes answer 413. */
  maxBodyBytes?: number;
  /** Told of every answered operation, with its journal entry (undefined when the journal is off). */
  onServed?: (operation: CompiledOperation, status: number, entry: JournalEntry | undefined) => void;
  /** Where every request is recorded (with its violations); none kept when absent or inactive. */
  journal?: Journal;
}

/** What the pipeline learns of one request on its way, for the journal (and what was read of its body). */
interface Note extends BodySeen {
  /** Whether the journal is on: the body reader then notes what it read here. */
  active: boolean;
  url?: RequestTarget;
  operation?: CompiledOperation;
  principal?: Principal;
  /** The credential kind presented, when one could be read. */
  kind?: Credential['kind'];
  /** A refused credential's shape (never its secret). */
  credential?: string;
  /** The refusal the answer gives, with the rule it enforces. */
  refusal?: { message: string; rule?: RuleId; field?: string; pointer?: string };
  /** A non-2xx answer an operation returned (rather than threw): its message. */
  reason?: string;
}

const noFindings: readonly Finding[] = Object.freeze([]);

const basePath = '/v0';
/** URLs longer than this answer 414 (Node's HTTP server answers 431 to request heads over 16 KiB before the mock sees them). */
const maxUrlLength = 8192;

/**
 * The one request wrapper: route, credentials (401), CSRF (403), target (404), policy (403/404), content
 * type (415), validation (400), the operation, the audit log, and the response, for every operation.
 */
// Over 80 lines, kept one closure: its steps share the host's routes, hooks, formats and journal, bound once per host.
export function createPipeline(
  options: PipelineOptions,
): (request: Request, extras?: RequestExtras) => Promise<Response> {
  const { host, routes, hooks } = options;
  const formats = hooks.credentials.keyFormats(options.formats);
  const hints = credentialHints(options.formats);

  const journal = options.journal;

  /** An error answer from the pipeline's own checks, noted with the rule it enforces. */
  const refuse = (
    note: Note,
    status: number,
    message: string,
    rule: RuleId,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Response => {
    note.refusal = { message, rule };
    return errorResponse(status, message, extra, headers);
  };

  return async function handle(request: Request, extras?: RequestExtras): Promise<Response> {
    const started = performance.now();
    const activeJournal = journal?.active === true ? journal : undefined;
    const active = activeJournal !== undefined;
    const note: Note = { active };
    const response = await answer(request, extras, note, started);
    // A refusal before the body was read: its first bytes, for the entry's excerpt (failures only).
    if (active && response.status >= 300 && note.bytes === undefined) {
      const unread = unreadTextBody(request);
      if (unread) await peekBody(unread, note);
    }
    const entry = activeJournal
      ? record(activeJournal, request, response, note, started, options.onServed !== undefined && !!note.operation)
      : undefined;
    if (note.operation) options.onServed?.(note.operation, response.status, entry);
    return response;
  };

  async function answer(request: Request, extras: RequestExtras | undefined, note: Note, started: number) {
    if (request.url.length > maxUrlLength) {
      note.url = new URL(request.url);
      return refuse(
        note,
        414,
        `The URL is ${request.url.length} characters; the limit is ${maxUrlLength}`,
        'url-too-long',
      );
    }
    const url = requestTarget(request);
    note.url = url;
    if (!url.pathname.startsWith(`${basePath}/`))
      return refuse(note, 404, `No route: every path starts with ${basePath}/`, 'unknown-route');
    const method = request.method.toLowerCase();
    const lookup = routes.lookup(method, url.pathname.slice(basePath.length));
    if (lookup.kind === 'not-found') {
      const message = `No route for ${request.method} ${url.pathname}`;
      return refuse(note, 404, message, isTrailingSlash(method, url.pathname) ? 'trailing-slash' : 'unknown-route');
    }
    if (lookup.kind === 'bad-path') return refuse(note, 400, lookup.message, 'bad-path');
    if (lookup.kind === 'method-not-allowed') {
      const allow = lookup.allowed.map((method) => method.toUpperCase()).join(', ');
      return refuse(
        note,
        405,
        `${request.method} is not allowed here; allowed: ${allow}`,
        'wrong-method',
        {},
        { allow },
      );
    }
    const operation = lookup.match.route;
    note.operation = operation;
    const store = options.store();
    let response: Response;
    try {
      response = await run(
        request,
        extras?.cookie ?? request.headers.get('cookie'),
        url,
        operation,
        lookup.match.params,
        store,
        started,
        note,
      );
    } catch (error) {
      if (error instanceof HttpError) {
        note.refusal = { message: error.message, rule: error.rule, field: error.field, pointer: note.refusal?.pointer };
        response = errorResponse(error.status, error.message, error.field ? { field: error.field } : {});
      } else {
        console.error(`c3d-mock: ${operation.operationId} failed`, error);
        note.refusal = { message: 'Internal mock error' };
        response = errorResponse(500, 'Internal mock error');
      }
    }
    if (options.validateResponses) response = await checkResponse(operation, response);
    return response;
  }

  /** A path that no route matches with its trailing slash, and one does without it. */
  function isTrailingSlash(method: string, pathname: string): boolean {
    if (!pathname.endsWith('/')) return false;
    const trimmed = pathname.replace(/\/+$/, '').slice(basePath.length);
    return trimmed !== '' && routes.lookup(method, trimmed).kind !== 'not-found';
  }

  /**
   * Records an answered request: the refusal's rule as a violation, and the warnings. A served request without a
   * warning is handed over as strings and numbers the pipeline already holds; the entry object is built only for a
   * listener or `onServed` (`materialise`).
   */
  function record(
    journal: Journal,
    request: Request,
    response: Response,
    note: Note,
    started: number,
    materialise: boolean,
  ): JournalEntry | undefined {
    const { refusal, operation, url, principal } = note;
    const status = response.status;
    let violations = noFindings;
    if (refusal?.rule && isViolation(refusal.rule)) {
      const finding: Finding = { rule: refusal.rule, message: refusal.message };
      const pointer = refusal.pointer ?? (refusal.rule === 'body-schema' ? refusal.field : undefined);
      if (pointer !== undefined) finding.pointer = pointer;
      if (refusal.field !== undefined) finding.field = refusal.field;
      violations = [finding];
    }
    // Allocated only when there is something to say: most served requests have no warning.
    let warnings: Finding[] | undefined;
    if (operation) {
      const credentialWarned = note.kind && credentialWarning(note.kind);
      if (credentialWarned) (warnings ??= []).push({ ...credentialWarned });
      if (url && url.search.length > 1) {
        for (const name of undocumentedQueryParameters(operation, url.searchParams))
          (warnings ??= []).push({
            rule: 'unknown-query-parameter',
            message: `The query parameter ${name} is not documented for ${operation.operationId}: ignored`,
            pointer: `/query/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          });
      }
      if (!request.headers.has('accept'))
        (warnings ??= []).push({ rule: 'missing-accept', message: 'No Accept header was sent' });
    }
    let extra: EntryExtra | undefined;
    if (status >= 300 || warnings || note.credential !== undefined) {
      extra = {
        reason: status < 300 ? null : (refusal?.message ?? note.reason ?? null),
        violations,
        warnings: warnings ?? noFindings,
      };
      if (note.credential !== undefined) extra.credential = note.credential;
      if (status >= 300) {
        const contentType = request.headers.get('content-type');
        const declared = request.headers.get('content-length');
        const bytes = note.bytes ?? (declared === null ? null : Number(declared));
        if (contentType !== null || (bytes !== null && bytes > 0))
          extra.body = bodyExcerpt(contentType, bytes, note.text);
      }
    }
    return journal.add(
      {
        host,
        method: request.method,
        path: url ? pathOf(url) : request.url.slice(0, maxPathShown),
        operationId: operation?.operationId ?? null,
        principalKind: principal?.kind ?? note.kind ?? null,
        principalName: principal?.label ?? null,
        principalId: principal ? (principal.apiKeyId ?? principal.userId ?? null) : null,
        status,
        rule: refusal?.rule ?? null,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        extra,
      },
      response,
      materialise,
    );
  }

  async function run(
    request: Request,
    cookie: string | null,
    url: RequestTarget,
    operation: CompiledOperation,
    rawPath: Record<string, string>,
    store: Store,
    started: number,
    note: Note,
  ): Promise<Response> {
    const now = options.now();
    const principal =
      operation.credentialKinds.size > 0 ? authenticate(request, cookie, operation, store, now, note) : undefined;
    note.principal = principal;

    const parameters = coerceParameters(operation, rawPath, url.searchParams, request.headers);
    const validateParameters = operation.validateParameters();
    if (!validateParameters(parameters)) {
      const { message, field, pointer } = firstError(validateParameters.errors, '');
      note.refusal = { message, pointer };
      throw new HttpError(400, `Invalid parameter: ${message}`, field, 'parameter-schema');
    }

    // A target named in the body needs the body parsed first (415, malformed JSON 400); its schema is still
    // checked only after the policy, as for every other operation.
    const bodyFirst = operation.target?.from === 'body';
    const maxBytes = options.maxBodyBytes;
    const seen = note.active ? note : undefined;
    let body = bodyFirst
      ? await readBody(request, operation, { deferValidation: true, maxBytes, hooks: hooks['request-body'], seen })
      : undefined;
    const target = locateTarget(operation, parameters, body, principal, store);
    authorize(operation, principal, target);
    if (operation.unserved) throw new HttpError(404, 'Not found', undefined, 'unknown-route');
    if (bodyFirst) validateJsonBody(operation, body);
    else body = await readBody(request, operation, { maxBytes, hooks: hooks['request-body'], seen });

    // The operation's own types hold for this context: its parameters and body were validated against its document.
    const implementation = options.operations[operation.operationId as OperationId] as AnyImplementation | undefined;
    if (!implementation) throw new HttpError(501, `${operation.operationId} is not implemented by the mock`);
    let auditTarget: { type: string; id: string } | undefined;
    const context: AnyOperationContext = {
      store,
      operation,
      principal,
      path: parameters.path,
      query: parameters.query,
      headers: parameters.header,
      body,
      target,
      now,
      auditTarget: (type, id) => {
        auditTarget = { type, id: String(id) };
      },
    };
    const result = await implementation(context);
    if (result.status >= 300 && 'json' in result) note.reason = messageOf(result.json);
    if (result.status < 300 && operation.access !== 'read' && operation.method !== 'get' && principal) {
      recordAudit(store, { operation, principal, target, path: url.pathname, status: result.status, now, auditTarget });
    }
    const extraHeaders: Record<string, string> =
      host === 'data' && result.status < 300
        ? { 'cvr-request-time': String(Math.max(0, Math.round(performance.now() - started))) }
        : {};
    return toResponse(result, extraHeaders, hooks.response);
  }

  function authenticate(
    request: Request,
    cookie: string | null,
    operation: CompiledOperation,
    store: Store,
    now: number,
    note: Note,
  ): Principal {
    // Named only in refusals: a served request does not build the list.
    const accepted = () => [...operation.credentialKinds].map((kind) => hints[kind]).join(' | ');
    const sent = request.headers.get('authorization');
    const authorization = sent === null ? null : hooks.credentials.authorization(sent);
    const parsed = parseCredential(authorization, cookie, formats);
    // Only a refused credential is described (by its shape): a served request pays nothing for it.
    if (!parsed.ok) {
      const missing = parsed.reason === 'missing';
      if (!missing) note.credential = refusedShape(sent);
      const what = missing ? 'Missing credential' : 'Malformed credential';
      throw new HttpError(
        401,
        `${what}. Accepted: ${accepted()}`,
        undefined,
        missing ? 'credential-missing' : 'credential-malformed',
      );
    }
    const { credential } = parsed;
    note.kind = credential.kind;
    if (!operation.credentialKinds.has(credential.kind)) {
      note.credential = refusedShape(sent);
      throw new HttpError(
        401,
        `This operation does not accept ${hints[credential.kind]}. Accepted: ${accepted()}`,
        undefined,
        'credential-wrong-kind',
      );
    }
    const resolved = resolvePrincipal(store, credential, now, hooks.credentials);
    if (!resolved.ok) {
      note.credential = refusedShape(sent);
      throw new HttpError(
        401,
        `${resolved.message}. Accepted: ${accepted()}`,
        undefined,
        refusedCredentialRule(store, credential, resolved.message),
      );
    }
    const { principal } = resolved;
    const csrf = csrfCheck(principal.kind);
    if (csrf && request.method !== 'GET' && hooks.pipeline.csrfChecked(true)) {
      if (request.headers.get(csrf.header) !== principal.csrf) {
        note.principal = principal;
        throw new HttpError(403, csrf.refusal, undefined, 'csrf');
      }
    }
    return principal;
  }

  function locateTarget(
    operation: CompiledOperation,
    parameters: { path: Record<string, unknown>; query: Record<string, unknown> },
    body: unknown,
    principal: Principal | undefined,
    store: Store,
  ): Located | undefined {
    const target = operation.target;
    if (!target) return undefined;
    if (target.from === 'credential') return principal?.home;
    const id =
      target.from === 'body'
        ? readPointer(body, target.pointer)
        : (target.from === 'path' ? parameters.path : parameters.query)[target.name];
    return id === undefined || id === null ? undefined : locate(store, target.kind, normaliseId(target.kind, id));
  }

  function authorize(
    operation: CompiledOperation,
    principal: Principal | undefined,
    target: Located | undefined,
  ): void {
    if (!principal) return;
    const decided = decide({
      scope: operation.scope,
      access: operation.access,
      grants: principal.grants,
      cap: principal.cap,
      target: target && { level: target.level, chain: target.chain },
      onApiKeys: operation.path.split('/').includes('apiKeys'),
      hooks: hooks.policy,
    });
    const decision = hooks.pipeline.authorized(decided, operation, target);
    if (decision.allow) return;
    // 403: the caller sees the target; 404: it cannot (another tenant's), or there is none.
    const rule: RuleId = decision.status === 403 ? 'role-refused' : target ? 'tenant-refused' : 'not-found';
    throw new HttpError(decision.status, decision.message, undefined, rule);
  }
}

/** What a refused credential looked like, without its secret. */
const refusedShape = (authorization: string | null) =>
  authorization === null ? 'the c3d_session_v5 cookie' : credentialShape(authorization);

/** The request's body when it is still unread and the journal may show it as text (JSON, text, or a form). */
function unreadTextBody(request: Request): ReadableStream<Uint8Array> | undefined {
  if (!request.body || request.bodyUsed) return undefined;
  const type = request.headers.get('content-type') ?? '';
  return /^(?:application\/(?:[\w.-]+\+)?json|text\/|application\/x-www-form-urlencoded)/i.test(type)
    ? request.body
    : undefined;
}

const peekLimit = 4096;
/** Paths (with their query) longer than this are cut in the journal. */
const maxPathShown = 1024;

function pathOf(url: RequestTarget): string {
  const path = url.pathname + url.search;
  return path.length > maxPathShown ? `${path.slice(0, maxPathShown)}…` : path;
}

/**
 * Reads the first few KB of a body the pipeline refused before reading. The rest is left unread (Node's server
 * discards it, as it does for every refusal): the stream is never cancelled, so the answer is sent as it was.
 */
async function peekBody(body: ReadableStream<Uint8Array>, seen: BodySeen): Promise<void> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < peekLimit) {
      const { done, value } = await reader.read();
      if (done) {
        seen.bytes = total;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    return;
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  seen.text = new TextDecoder().decode(bytes.subarray(0, peekLimit));
}

/** Which 401 a credential that did not resolve is: expired, revoked (its row says so), or unknown. */
function refusedCredentialRule(store: Store, credential: Credential, message: string): RuleId {
  if (message.includes('key expired')) return 'credential-expired';
  const entry = credentialKinds[credential.kind];
  if (!('table' in entry)) return 'credential-unknown';
  const record = store.tables[entry.table].findUnique('secret', credential.secret)?.record;
  if (record && (('revoked' in record && record.revoked === true) || ('valid' in record && record.valid === false)))
    return 'credential-revoked';
  return 'credential-unknown';
}

/** The `message` of an error body an operation returned. */
function messageOf(json: unknown): string | undefined {
  return stringAt(json, 'message');
}

function readPointer(value: unknown, pointer: string): unknown {
  let node = value;
  for (const key of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Reflect.get(node, key);
  }
  return node;
}

/** Ids in bodies may arrive as digit strings (the record shows both); the store keys them as numbers. */
function normaliseId(kind: string, id: unknown): unknown {
  if (kind === 'scene') return id;
  return typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
}
