import { credentialHints } from '../auth/credentials/hint.ts';
import { parseCredential } from '../auth/credentials/parse.ts';
import { resolvePrincipal } from '../auth/credentials/registry.ts';
import { decide } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type {
  AnyImplementation,
  AnyOperationContext,
  Implementations,
  OperationId,
} from '../operations/shared/types.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { KeyKind } from '../spec/credential-kinds.ts';
import type { DocumentName } from '../spec/documents.ts';
import { locate, type Located } from '../store/ancestry.ts';
import type { Store } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import type { RequestExtras } from '../http/cookies.ts';
import { readBody, validateJsonBody } from '../http/body.ts';
import type { FaultHooks } from './faults.ts';
import { errorResponse, HttpError } from '../http/errors.ts';
import { coerceParameters, firstError } from '../http/parameters.ts';
import { toResponse } from '../http/respond.ts';
import type { RouteTable } from '../spec/route-table.ts';
import { checkResponse } from '../http/response-check.ts';

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
  /** Told of every answered operation (for coverage in tests). */
  onServed?: (operation: CompiledOperation, status: number) => void;
}

const basePath = '/v0';
/** URLs longer than this answer 414 (Node's HTTP server answers 431 to request heads over 16 KiB before the mock sees them). */
const maxUrlLength = 8192;

/**
 * The one request wrapper: route, credentials (401), CSRF (403), target (404), policy (403/404), content
 * type (415), validation (400), the operation, the audit log, and the response, for every operation.
 */
export function createPipeline(
  options: PipelineOptions,
): (request: Request, extras?: RequestExtras) => Promise<Response> {
  const { host, routes, hooks } = options;
  const formats = hooks.credentials.keyFormats(options.formats);
  const hints = credentialHints(options.formats);

  return async function handle(request: Request, extras?: RequestExtras): Promise<Response> {
    const started = performance.now();
    if (request.url.length > maxUrlLength)
      return errorResponse(414, `The URL is ${request.url.length} characters; the limit is ${maxUrlLength}`);
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${basePath}/`))
      return errorResponse(404, `No route: every path starts with ${basePath}/`);
    const lookup = routes.lookup(request.method.toLowerCase(), url.pathname.slice(basePath.length));
    if (lookup.kind === 'not-found') return errorResponse(404, `No route for ${request.method} ${url.pathname}`);
    if (lookup.kind === 'bad-path') return errorResponse(400, lookup.message);
    if (lookup.kind === 'method-not-allowed') {
      const allow = lookup.allowed.map((method) => method.toUpperCase()).join(', ');
      return errorResponse(405, `${request.method} is not allowed here; allowed: ${allow}`, {}, { allow });
    }
    const operation = lookup.match.route;
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
      );
    } catch (error) {
      if (error instanceof HttpError) {
        response = errorResponse(error.status, error.message, error.field ? { field: error.field } : {});
      } else {
        console.error(`c3d-mock: ${operation.operationId} failed`, error);
        response = errorResponse(500, 'Internal mock error');
      }
    }
    if (options.validateResponses) response = await checkResponse(operation, response);
    options.onServed?.(operation, response.status);
    return response;
  };

  async function run(
    request: Request,
    cookie: string | null,
    url: URL,
    operation: CompiledOperation,
    rawPath: Record<string, string>,
    store: Store,
    started: number,
  ): Promise<Response> {
    const now = options.now();
    const principal =
      operation.credentialKinds.size > 0 ? authenticate(request, cookie, operation, store, now) : undefined;

    const parameters = coerceParameters(operation, rawPath, url.searchParams, request.headers);
    const validateParameters = operation.validateParameters();
    if (!validateParameters(parameters)) {
      const { message, field } = firstError(validateParameters.errors, '');
      throw new HttpError(400, `Invalid parameter: ${message}`, field);
    }

    // A target named in the body needs the body parsed first (415, malformed JSON 400); its schema is still
    // checked only after the policy, as for every other operation.
    const bodyFirst = operation.target?.from === 'body';
    const maxBytes = options.maxBodyBytes;
    let body = bodyFirst
      ? await readBody(request, operation, { deferValidation: true, maxBytes, hooks: hooks['request-body'] })
      : undefined;
    const target = locateTarget(operation, parameters, body, principal, store);
    authorize(operation, principal, target);
    if (operation.unserved) throw new HttpError(404, 'Not found');
    if (bodyFirst) validateJsonBody(operation, body);
    else body = await readBody(request, operation, { maxBytes, hooks: hooks['request-body'] });

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
  ): Principal {
    const accepted = [...operation.credentialKinds].map((kind) => hints[kind]).join(' | ');
    const sent = request.headers.get('authorization');
    const authorization = sent === null ? null : hooks.credentials.authorization(sent);
    const parsed = parseCredential(authorization, cookie, formats);
    if (!parsed.ok) {
      const what = parsed.reason === 'missing' ? 'Missing credential' : 'Malformed credential';
      throw new HttpError(401, `${what}. Accepted: ${accepted}`);
    }
    const { credential } = parsed;
    if (!operation.credentialKinds.has(credential.kind)) {
      throw new HttpError(401, `This operation does not accept ${hints[credential.kind]}. Accepted: ${accepted}`);
    }
    const resolved = resolvePrincipal(store, credential, now, hooks.credentials);
    if (!resolved.ok) throw new HttpError(401, `${resolved.message}. Accepted: ${accepted}`);
    const { principal } = resolved;
    if (principal.kind === 'sessionCookie' && request.method !== 'GET' && hooks.pipeline.csrfChecked(true)) {
      if (request.headers.get('c3d-csrf') !== principal.csrf) {
        throw new HttpError(
          403,
          'Missing or wrong c3d-csrf header: every request other than GET made with the session cookie must send it',
        );
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
    throw new HttpError(decision.status, decision.message);
  }
}

function readPointer(value: unknown, pointer: string): unknown {
  let node = value;
  for (const key of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Ids in bodies may arrive as digit strings (the record shows both); the store keys them as numbers. */
function normaliseId(kind: string, id: unknown): unknown {
  if (kind === 'scene') return id;
  return typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
}
