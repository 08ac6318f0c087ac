import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parseCredential } from '../auth/credentials/parse.ts';
import { credentialWarning, csrfCheck } from '../auth/credentials/registry.ts';
import type { compiledHosts } from '../core/mock.ts';
import { readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { coerceParameters, firstError, undocumentedQueryParameters } from '../http/parameters.ts';
import { credentialShape } from '../journal/excerpt.ts';
import type { RuleId } from '../journal/rules.ts';
import type { Finding } from '../journal/types.ts';
import type { CompiledOperation } from '../spec/compile.ts';
import type { CredentialKind, KeyKind } from '../spec/credential-kinds.ts';
import type { DocumentName } from '../spec/document-names.ts';

const basePath = '/v0';
const maxUrlLength = 8192;

/** What the proxy judged of the request before forwarding it. */
export interface RequestJudgement {
  operation?: CompiledOperation;
  params: Record<string, string>;
  violations: Finding[];
  warnings: Finding[];
  kind?: CredentialKind;
  /** The credential's shape, when one was refused. */
  credential?: string;
  /** The secrets the request carries (its key, its session token): the answer must not repeat them. */
  secrets: string[];
}

/** What judging a request needs: each host's compiled routes and the documents' key formats. */
export interface RequestRules {
  hosts: ReturnType<typeof compiledHosts>;
  formats: ReadonlyMap<KeyKind, RegExp>;
}

export function webHeaders(headers: IncomingHttpHeaders): Headers {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) web.append(name, one);
  }
  return web;
}

/** Records a refusal: the judgement, with the violation that ends it. */
function refused(judged: RequestJudgement, rule: RuleId, message: string, pointer?: string): RequestJudgement {
  const finding: Finding = { rule, message };
  if (pointer !== undefined) finding.pointer = pointer;
  judged.violations.push(finding);
  return judged;
}

/** The secrets the request carries: long runs in its Authorization header, and its session token. */
function secretsOf(request: IncomingMessage): string[] {
  const secrets: string[] = [];
  const authorization = request.headers.authorization ?? null;
  if (authorization) for (const run of authorization.match(/[A-Za-z0-9_-]{16,}/g) ?? []) secrets.push(run);
  const sessionToken = /(?:^|;\s*)c3d_session_v5=([^;]+)/.exec(request.headers.cookie ?? '')?.[1]?.trim();
  if (sessionToken && sessionToken.length >= 16) secrets.push(sessionToken);
  return secrets;
}

/** The request's side, before forwarding: the same checks as the mock's pipeline, in its order, up to the first refusal. */
export function judgeRequest(
  rules: RequestRules,
  home: DocumentName,
  request: IncomingMessage,
  url: URL,
): RequestJudgement {
  const judged: RequestJudgement = { params: {}, violations: [], warnings: [], secrets: secretsOf(request) };
  if (url.href.length > maxUrlLength)
    return refused(judged, 'url-too-long', `The URL is ${url.href.length} characters; the limit is ${maxUrlLength}`);
  if (!url.pathname.startsWith(`${basePath}/`))
    return refused(judged, 'unknown-route', `No route: every path starts with ${basePath}/`);
  const method = (request.method ?? 'GET').toLowerCase();
  const routes = rules.hosts[home].routes;
  const lookup = routes.lookup(method, url.pathname.slice(basePath.length));
  if (lookup.kind === 'not-found') {
    const trimmed = url.pathname.replace(/\/+$/, '').slice(basePath.length);
    const slash = url.pathname.endsWith('/') && trimmed !== '' && routes.lookup(method, trimmed).kind !== 'not-found';
    return refused(
      judged,
      slash ? 'trailing-slash' : 'unknown-route',
      `No route for ${request.method} ${url.pathname}`,
    );
  }
  if (lookup.kind === 'bad-path') return refused(judged, 'bad-path', lookup.message);
  if (lookup.kind === 'method-not-allowed')
    return refused(
      judged,
      'wrong-method',
      `${request.method} is not allowed here; allowed: ${lookup.allowed.map((m) => m.toUpperCase()).join(', ')}`,
    );
  const operation = lookup.match.route;
  judged.operation = operation;
  judged.params = lookup.match.params;
  if (!request.headers.accept) judged.warnings.push({ rule: 'missing-accept', message: 'No Accept header was sent' });
  for (const name of undocumentedQueryParameters(operation, url.searchParams))
    judged.warnings.push({
      rule: 'unknown-query-parameter',
      message: `The query parameter ${name} is not documented for ${operation.operationId}: ignored`,
      pointer: `/query/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    });
  if (operation.unserved)
    return refused(judged, 'unknown-route', `${operation.operationId} is marked as not served by the API`);
  if (operation.credentialKinds.size > 0) {
    const refusal = judgeCredential(rules, operation, request, judged);
    if (refusal) return refusal;
  }
  const parameters = coerceParameters(operation, judged.params, url.searchParams, webHeaders(request.headers));
  const validate = operation.validateParameters();
  if (!validate(parameters)) {
    const { message, pointer } = firstError(validate.errors, '');
    return refused(judged, 'parameter-schema', `Invalid parameter: ${message}`, pointer);
  }
  return judged;
}

/**
 * The credential's side: present, of a key format, of a kind the operation accepts, and (with the session cookie)
 * with its CSRF header. The judgement when it refused the request, else undefined.
 */
function judgeCredential(
  rules: RequestRules,
  operation: CompiledOperation,
  request: IncomingMessage,
  judged: RequestJudgement,
): RequestJudgement | undefined {
  const authorization = request.headers.authorization ?? null;
  const cookie = request.headers.cookie ?? null;
  const parsed = parseCredential(authorization, cookie, rules.formats);
  if (!parsed.ok) {
    if (parsed.reason === 'missing') return refused(judged, 'credential-missing', 'Missing credential');
    judged.credential = authorization === null ? 'the c3d_session_v5 cookie' : credentialShape(authorization);
    return refused(judged, 'credential-malformed', 'Malformed credential: it matches no key format exactly');
  }
  judged.kind = parsed.credential.kind;
  if (!operation.credentialKinds.has(parsed.credential.kind)) {
    judged.credential = authorization === null ? 'the c3d_session_v5 cookie' : credentialShape(authorization);
    return refused(
      judged,
      'credential-wrong-kind',
      `${operation.operationId} does not accept this kind of credential (${parsed.credential.kind}); it accepts ${[...operation.credentialKinds].join(', ')}`,
    );
  }
  const credentialWarned = credentialWarning(parsed.credential.kind);
  if (credentialWarned) judged.warnings.unshift({ ...credentialWarned });
  // The upstream alone knows the token a login holds: a request without the header at all is what can be judged here.
  const csrf = csrfCheck(parsed.credential.kind);
  if (csrf && request.method !== 'GET' && !request.headers[csrf.header])
    return refused(
      judged,
      'csrf',
      `No ${csrf.header} header: every request other than GET made with the session cookie must send it`,
    );
  return undefined;
}

/** The body's side: content type, then (when the whole body was seen) its form and schema. */
export async function judgeBody(
  operation: CompiledOperation,
  request: IncomingMessage,
  bytes: Buffer,
  whole: boolean,
): Promise<Finding | undefined> {
  if (!operation.body) return undefined;
  const method = request.method ?? 'POST';
  if (method === 'GET' || method === 'HEAD') return undefined;
  const headers = new Headers();
  const type = request.headers['content-type'];
  if (type !== undefined) headers.set('content-type', type);
  try {
    await readBody(new Request('http://proxy.invalid/', { method, headers, body: new Uint8Array(bytes) }), operation, {
      maxBytes: Number.POSITIVE_INFINITY,
    });
  } catch (error) {
    if (!(error instanceof HttpError) || !error.rule) return undefined;
    // Of a body seen in part, only its type (and a file's first bytes) can be judged.
    if (!whole && error.rule !== 'content-type') return undefined;
    const finding: Finding = { rule: error.rule, message: error.message };
    if (error.rule === 'body-schema' && error.field !== undefined) finding.pointer = error.field;
    return finding;
  }
  return undefined;
}
