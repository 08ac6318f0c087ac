import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { parseCredential } from '../auth/credentials/parse.ts';
import { compiledHosts } from '../core/mock.ts';
import { readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { coerceParameters, firstError, undocumentedQueryParameters } from '../http/parameters.ts';
import { credentialShape } from '../journal/excerpt.ts';
import { isoNow, Journal } from '../journal/journal.ts';
import { formatLogLine } from '../journal/log-line.ts';
import type { RuleId } from '../journal/rules.ts';
import type { Finding, JournalEntry } from '../journal/types.ts';
import type { CompiledOperation, ResponseSpec } from '../spec/compile.ts';
import { keyFormats, type CredentialKind } from '../spec/credential-kinds.ts';
import { documentNames, type DocumentName } from '../spec/document-names.ts';
import { bundledDocuments } from '../spec/load.ts';
import { journalFilter } from './control.ts';
import { reportRoute } from './report-routes.ts';
import type { LogFormat } from './request-log.ts';

/** Bodies (either way) are checked up to 1 MiB; longer ones pass through unchecked, and the answer says so. */
export const defaultCheckLimit = 1024 * 1024;

export interface ProxyOptions {
  /** Each host's upstream: its `/v0` root (`https://api.cognitive3d.com/v0`) or its origin. */
  upstream: Record<DocumentName, string>;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** The dashboard API's port (default 4010; 0: any free one). */
  port?: number;
  /** The data collector's port (default 4011; 0: any free one). */
  dataPort?: number;
  /** How many exchanges the journal keeps (default 10,000). */
  journalSize?: number;
  /** The request log: `text`, `json` or `none` (default `none`; the `c3d-mock proxy` command logs `text`). */
  log?: LogFormat;
  logWrite?: (line: string) => void;
  /** Bodies are checked up to this many bytes (default 1 MiB); longer ones stream through unchecked. */
  checkLimit?: number;
  /** Told of every exchange as it is recorded. */
  onEntry?: (entry: JournalEntry) => void;
}

export interface RunningProxy {
  /** The proxy's `/v0` roots, one per host. */
  urls: Record<DocumentName, string>;
  journal: Journal;
  close(): Promise<void>;
}

/** Headers of one connection, never forwarded (RFC 9110 §7.6.1), and `host`, which names the upstream instead. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Answers that refuse a request before its body is read (by the mock's order of checks). */
const refusedBeforeBody = new Set([401, 403, 404, 405, 414]);
const violationsHeader = 'x-c3d-violations';
const uncheckedHeader = 'x-c3d-unchecked';
const basePath = '/v0';
const maxUrlLength = 8192;
/** The journal's `record` keys entries by answer; the proxy's answers are not Web Responses. */
const noResponse = new Response(null);

const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** Raw header pairs without the hop-by-hop ones (and those the `Connection` header names). */
function forwardable(raw: string[], drop: ReadonlySet<string> = new Set()): string[] {
  const named = new Set<string>();
  for (let index = 0; index < raw.length; index += 2)
    if (raw[index]!.toLowerCase() === 'connection')
      for (const token of raw[index + 1]!.split(',')) named.add(token.trim().toLowerCase());
  const kept: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    if (hopByHop.has(name) || named.has(name) || drop.has(name)) continue;
    kept.push(raw[index]!, raw[index + 1]!);
  }
  return kept;
}

function webHeaders(headers: IncomingHttpHeaders): Headers {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) web.append(name, one);
  }
  return web;
}

const concat = (chunks: Buffer[]) => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));

/** A header value may hold only Latin-1: everything else is written as JSON `\u` escapes. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** What the proxy judged of the request before forwarding it. */
interface RequestJudgement {
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

/**
 * The validating proxy: forwards every request unchanged to a real backend (method, path, query, headers but the
 * hop-by-hop ones, the body streamed) and judges both directions with the journal's rules: the request as the mock
 * judges it, less what only the backend knows (which keys exist, roles, tenants); the answer against the documents
 * (`answer-*` rules). Findings go to the journal (`/__mock/requests`, `/__mock/report`), the log and the answer's
 * `x-c3d-violations` header; bodies pass through byte for byte. An upstream that cannot be reached answers 502.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const hosts = compiledHosts();
  const formats = keyFormats(documentNames.map((name) => bundledDocuments[name]));
  const journal = new Journal(options.journalSize, [options.onEntry]);
  const limit = options.checkLimit ?? defaultCheckLimit;
  const format = options.log ?? 'none';
  let stopLog = () => {};
  if (format !== 'none') {
    const color = options.logWrite === undefined && process.stdout.isTTY === true;
    const write = options.logWrite ?? ((line: string) => process.stdout.write(`${line}\n`));
    stopLog = journal.listen((entry) => write(format === 'json' ? JSON.stringify(entry) : formatLogLine(entry, color)));
  }
  const upstreams = Object.fromEntries(
    documentNames.map((name) => {
      let url: URL;
      try {
        url = new URL(options.upstream[name]);
      } catch {
        throw new Error(`the ${name} upstream must be a URL, not ${JSON.stringify(options.upstream[name])}`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new Error(`the ${name} upstream must be an http: or https: URL, not ${url.href}`);
      const prefix = url.pathname.replace(/\/+$/, '').replace(/\/v0$/, '');
      return [name, { url, prefix }];
    }),
  ) as Record<DocumentName, { url: URL; prefix: string }>;
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  /** The request's side, before forwarding: the same checks as the mock's pipeline, in its order, up to the first refusal. */
  function judgeRequest(home: DocumentName, request: IncomingMessage, url: URL): RequestJudgement {
    const judged: RequestJudgement = { params: {}, violations: [], warnings: [], secrets: [] };
    const authorization = request.headers.authorization ?? null;
    const cookie = request.headers.cookie ?? null;
    if (authorization) for (const run of authorization.match(/[A-Za-z0-9_-]{16,}/g) ?? []) judged.secrets.push(run);
    const sessionToken = /(?:^|;\s*)c3d_session_v5=([^;]+)/.exec(cookie ?? '')?.[1]?.trim();
    if (sessionToken && sessionToken.length >= 16) judged.secrets.push(sessionToken);
    const violation = (rule: RuleId, message: string, pointer?: string) => {
      const finding: Finding = { rule, message };
      if (pointer !== undefined) finding.pointer = pointer;
      judged.violations.push(finding);
      return judged;
    };
    if (url.href.length > maxUrlLength)
      return violation('url-too-long', `The URL is ${url.href.length} characters; the limit is ${maxUrlLength}`);
    if (!url.pathname.startsWith(`${basePath}/`))
      return violation('unknown-route', `No route: every path starts with ${basePath}/`);
    const method = (request.method ?? 'GET').toLowerCase();
    const routes = hosts[home].routes;
    const lookup = routes.lookup(method, url.pathname.slice(basePath.length));
    if (lookup.kind === 'not-found') {
      const trimmed = url.pathname.replace(/\/+$/, '').slice(basePath.length);
      const slash = url.pathname.endsWith('/') && trimmed !== '' && routes.lookup(method, trimmed).kind !== 'not-found';
      return violation(slash ? 'trailing-slash' : 'unknown-route', `No route for ${request.method} ${url.pathname}`);
    }
    if (lookup.kind === 'bad-path') return violation('bad-path', lookup.message);
    if (lookup.kind === 'method-not-allowed')
      return violation(
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
      return violation('unknown-route', `${operation.operationId} is marked as not served by the API`);
    if (operation.credentialKinds.size > 0) {
      const parsed = parseCredential(authorization, cookie, formats);
      if (!parsed.ok) {
        if (parsed.reason === 'missing') return violation('credential-missing', 'Missing credential');
        judged.credential = authorization === null ? 'the c3d_session_v5 cookie' : credentialShape(authorization);
        return violation('credential-malformed', 'Malformed credential: it matches no key format exactly');
      }
      judged.kind = parsed.credential.kind;
      if (!operation.credentialKinds.has(parsed.credential.kind)) {
        judged.credential = authorization === null ? 'the c3d_session_v5 cookie' : credentialShape(authorization);
        return violation(
          'credential-wrong-kind',
          `${operation.operationId} does not accept this kind of credential (${parsed.credential.kind}); it accepts ${[...operation.credentialKinds].join(', ')}`,
        );
      }
      if (parsed.credential.kind === 'legacyOrgKey')
        judged.warnings.unshift({
          rule: 'legacy-key-format',
          message: 'The legacy APIKEY:ORGANIZATION format; new keys are sent bare (orgkey-…)',
        });
      if (parsed.credential.kind === 'sessionCookie' && request.method !== 'GET' && !request.headers['c3d-csrf'])
        return violation(
          'csrf',
          'No c3d-csrf header: every request other than GET made with the session cookie must send it',
        );
    }
    const parameters = coerceParameters(operation, judged.params, url.searchParams, webHeaders(request.headers));
    const validate = operation.validateParameters();
    if (!validate(parameters)) {
      const { message, pointer } = firstError(validate.errors, '');
      return violation('parameter-schema', `Invalid parameter: ${message}`, pointer);
    }
    return judged;
  }

  /** The body's side: content type, then (when the whole body was seen) its form and schema. */
  async function judgeBody(
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
      await readBody(
        new Request('http://proxy.invalid/', { method, headers, body: new Uint8Array(bytes) }),
        operation,
        {
          maxBytes: Number.POSITIVE_INFINITY,
        },
      );
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

  function serve(home: DocumentName, request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://proxy.invalid');
    if (url.pathname.startsWith('/__mock/')) {
      void control(request, response, url);
      return;
    }
    const started = performance.now();
    const judged = judgeRequest(home, request, url);
    const upstream = upstreams[home];
    const headers = forwardable(request.rawHeaders, new Set(['host']));
    headers.push('host', upstream.url.host);
    const secure = upstream.url.protocol === 'https:';
    // The path and query as sent, byte for byte (no URL parsing that could normalise them), under the upstream's prefix.
    const outgoing = (secure ? httpsRequest : httpRequest)({
      protocol: upstream.url.protocol,
      hostname: upstream.url.hostname.replace(/^\[|\]$/g, ''),
      port: upstream.url.port || (secure ? 443 : 80),
      path: upstream.prefix + (request.url?.startsWith('/') ? request.url : url.pathname + url.search),
      method: request.method,
      headers,
      agent: secure ? agents.https : agents.http,
    });

    // The request body streams on; its first `limit` bytes are kept for judging.
    const kept: Buffer[] = [];
    let seen = 0;
    let ended = false;
    request.on('data', (chunk: Buffer) => {
      if (seen < limit) kept.push(chunk);
      seen += chunk.length;
    });
    request.once('end', () => {
      ended = true;
    });
    request.pipe(outgoing);
    response.once('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });

    const findings = async (status: number): Promise<{ violations: Finding[]; unchecked: string[] }> => {
      const violations = [...judged.violations];
      const unchecked: string[] = [];
      // The mock reads a body after the credentials, the target and the policy: an upstream that refused the request
      // for one of those (401, 403, 404) never judged its body, and neither does the proxy.
      if (judged.operation && violations.length === 0 && !refusedBeforeBody.has(status)) {
        const whole = ended && seen <= limit;
        if (!whole && judged.operation.body)
          unchecked.push(
            seen > limit
              ? `request body over ${limit} bytes: only its type was checked`
              : 'request body still arriving when the upstream answered: only its type was checked',
          );
        const finding = await judgeBody(judged.operation, request, concat(kept).subarray(0, limit), whole);
        if (finding) violations.push(finding);
      }
      return { violations, unchecked };
    };

    // One answer per request: the upstream's, or a 502 when it fails before its answer was passed on.
    let answered = false;
    outgoing.once('error', async (error) => {
      if (answered || response.headersSent) {
        response.destroy(error);
        return;
      }
      answered = true;
      const { violations } = await findings(502);
      const message = `The upstream ${upstream.url.origin} could not be reached: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
      const body = JSON.stringify({ code: 502, message });
      response.writeHead(502, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        ...(violations.length
          ? { [violationsHeader]: asciiJson(violations.map(({ rule, message }) => ({ rule, message }))) }
          : {}),
      });
      response.end(body);
      record(home, request, url, judged, violations, 502, message, started);
    });

    outgoing.once('response', (answer) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      const finish = async () => {
        if (answered) return;
        answered = true;
        const { violations, unchecked } = await findings(answer.statusCode ?? 502);
        const body = concat(chunks);
        const checked = over ? undefined : decoded(answer.headers['content-encoding'], body);
        if (over) unchecked.push(`answer body over ${limit} bytes: its schema and echoed credentials were not checked`);
        else if (checked === undefined) unchecked.push('answer body in an encoding the proxy cannot read: not checked');
        if (judged.operation)
          violations.push(
            ...judgeAnswer(judged.operation, request.method ?? 'GET', answer, checked, judged.secrets, over),
          );
        const raw = forwardable(answer.rawHeaders);
        if (violations.length)
          raw.push(violationsHeader, asciiJson(violations.map(({ rule, message }) => ({ rule, message }))));
        if (unchecked.length) raw.push(uncheckedHeader, asciiJson(unchecked));
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
        for (const chunk of chunks) response.write(chunk);
        if (over) answer.pipe(response);
        else response.end();
        const reason = (answer.statusCode ?? 502) >= 300 ? reasonOf(answer.headers['content-type'], checked) : null;
        record(home, request, url, judged, violations, answer.statusCode ?? 502, reason, started);
      };
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > limit) {
          over = true;
          answer.off('data', onData);
          answer.pause();
          void finish();
        }
      };
      answer.on('data', onData);
      answer.once('end', () => {
        if (!over) void finish();
      });
      answer.once('error', () => response.destroy());
    });
  }

  function record(
    home: DocumentName,
    request: IncomingMessage,
    url: URL,
    judged: RequestJudgement,
    violations: Finding[],
    status: number,
    reason: string | null,
    started: number,
  ): void {
    const entry: JournalEntry = {
      seq: journal.nextSeq(),
      time: isoNow(),
      host: home,
      method: request.method ?? 'GET',
      path: (url.pathname + url.search).slice(0, 1024),
      operationId: judged.operation?.operationId ?? null,
      principal: judged.kind ? { kind: judged.kind, name: null, id: null } : null,
      status,
      reason,
      rule: violations[0]?.rule ?? null,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      violations,
      warnings: judged.warnings,
    };
    if (judged.credential !== undefined && status === 401) entry.credential = judged.credential;
    journal.record(entry, noResponse);
  }

  async function control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    let answer: Response;
    if (!isLoopback(request.socket.remoteAddress)) answer = jsonAnswer(404, { code: 404, message: 'Not found' });
    else if (request.headers.origin !== undefined)
      answer = jsonAnswer(403, {
        code: 403,
        message: 'Control routes do not answer requests from web pages (an Origin header was sent)',
      });
    else {
      const web = new Request(url.href, { method: request.method, headers: webHeaders(request.headers) });
      answer = reportRoute(journal, web, 'proxy') ?? requestsRoute(request.method ?? 'GET', url);
    }
    request.resume();
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(body);
  }

  function requestsRoute(method: string, url: URL): Response {
    if (url.pathname === '/__mock/requests' && method === 'GET') {
      try {
        return jsonAnswer(200, journal.entries(journalFilter(url.searchParams)));
      } catch (error) {
        return jsonAnswer(400, { code: 400, message: (error as Error).message });
      }
    }
    if (url.pathname === '/__mock/requests' && method === 'DELETE')
      return jsonAnswer(200, { cleared: journal.clear() });
    return jsonAnswer(404, {
      code: 404,
      message: `No control route ${method} ${url.pathname}; the proxy's: GET /__mock/report (.json, .xml), GET and DELETE /__mock/requests`,
    });
  }

  const listenOn = (port: number, home: DocumentName) =>
    new Promise<{ server: Server; port: number }>((resolve, reject) => {
      const server = createServer((request, response) => serve(home, request, response));
      server.once('error', reject);
      server.listen(port, options.host ?? '127.0.0.1', () =>
        resolve({ server, port: (server.address() as AddressInfo).port }),
      );
    });
  const api = await listenOn(options.port ?? 4010, 'api');
  let data: { server: Server; port: number };
  try {
    data = await listenOn(options.dataPort ?? 4011, 'data');
  } catch (error) {
    api.server.close();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const base = (port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}/v0`;
  return {
    urls: { api: base(api.port), data: base(data.port) },
    journal,
    close: async () => {
      await Promise.all(
        [api.server, data.server].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeIdleConnections();
            }),
        ),
      );
      agents.http.destroy();
      agents.https.destroy();
      stopLog();
    },
  };
}

function jsonAnswer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** The answer's body as text for judging, decoded from its Content-Encoding; undefined when it cannot be read. */
function decoded(encoding: string | undefined, body: Buffer): string | undefined {
  try {
    switch ((encoding ?? 'identity').trim().toLowerCase()) {
      case 'identity':
      case '':
        return body.toString('utf8');
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body, { maxOutputLength: 64 * defaultCheckLimit }).toString('utf8');
      case 'deflate':
        return inflateSync(body, { maxOutputLength: 64 * defaultCheckLimit }).toString('utf8');
      case 'br':
        return brotliDecompressSync(body, { maxOutputLength: 64 * defaultCheckLimit }).toString('utf8');
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function reasonOf(contentType: string | undefined, text: string | undefined): string | null {
  if (text === undefined || !/json/i.test(contentType ?? '')) return null;
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

const listedType = (listed: string, type: string) =>
  listed === type || (listed.endsWith('/*') && type.startsWith(listed.slice(0, -1)));
const isJson = (type: string) => /^application\/(?:[\w.-]+\+)?json$/.test(type);

/** A header value as the JSON type its schema names. */
function coerceHeader(value: string, type: string): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The answer's side: its status listed for the operation, its content type, JSON that parses and fits the schema,
 * the headers the documents require, and no credential of the request repeated. `text` is the decoded body, undefined
 * when it was not read whole (over the limit, or an unknown encoding): the body's checks are then skipped.
 */
export function judgeAnswer(
  operation: CompiledOperation,
  method: string,
  answer: { statusCode?: number; headers: IncomingHttpHeaders },
  text: string | undefined,
  secrets: readonly string[],
  over = false,
): Finding[] {
  const found: Finding[] = [];
  const status = answer.statusCode ?? 0;
  const header = (name: string): string | undefined => {
    const value = answer.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  for (const secret of secrets) {
    const inHeader = Object.entries(answer.headers).find(([, value]) =>
      (Array.isArray(value) ? value : [value ?? '']).some((one) => String(one).includes(secret)),
    );
    if (inHeader || text?.includes(secret)) {
      found.push({
        rule: 'answer-echoes-credential',
        message: `The answer repeats the request's credential (${credentialShape(secret)}) in ${inHeader ? `the ${inHeader[0]} header` : 'its body'}`,
      });
      break;
    }
  }
  const spec: ResponseSpec | undefined =
    operation.responses.get(String(status)) ??
    operation.responses.get(`${Math.floor(status / 100)}XX`) ??
    operation.responses.get('default');
  if (!spec) {
    found.push({
      rule: 'answer-status-undocumented',
      message: `${status} is not a status the documents list for ${operation.operationId} (${[...operation.responses.keys()].join(', ')})`,
    });
    return found;
  }
  for (const declared of spec.headers) {
    const value = header(declared.name);
    if (value === undefined) {
      if (declared.required)
        found.push({
          rule: 'answer-header-missing',
          message: `No ${declared.name} header: the documents require it on ${status}`,
          pointer: `/headers/${declared.name}`,
        });
      continue;
    }
    const validate = declared.validator();
    if (validate && !validate(coerceHeader(value, declared.type)))
      found.push({
        rule: 'answer-header-missing',
        message: `The ${declared.name} header ${JSON.stringify(value)} ${validate.errors?.[0]?.message ?? 'is invalid'}`,
        pointer: `/headers/${declared.name}`,
      });
  }
  if (method === 'HEAD' || status === 204 || status === 304) return found;
  const type = header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const empty = text === '' || (!over && text === undefined && header('content-length') === '0');
  if (spec.mediaTypes.length === 0) {
    if (text !== undefined && text !== '')
      found.push({ rule: 'answer-schema', message: `A body where the documents give ${status} none`, pointer: '/' });
    return found;
  }
  if (type === '') {
    if (!empty)
      found.push({
        rule: 'answer-content-type',
        message: `No Content-Type; the documents list ${spec.mediaTypes.join(', ')}`,
      });
    return found;
  }
  const listed = spec.mediaTypes.find((candidate) => listedType(candidate.toLowerCase(), type));
  if (!listed)
    found.push({
      rule: 'answer-content-type',
      message: `Content-Type ${type} is not one the documents list for ${status}: ${spec.mediaTypes.join(', ')}`,
    });
  if (text === undefined || !isJson(type)) return found;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    found.push({ rule: 'answer-not-json', message: `The answer says ${type} but its body is not JSON` });
    return found;
  }
  const validate = listed ? spec.validator(listed) : undefined;
  if (validate && !validate(body)) {
    const { message, pointer } = firstError(validate.errors, 'body');
    found.push({ rule: 'answer-schema', message: `The answer's ${message}`, pointer: pointer.replace(/^\/?/, '/') });
  }
  return found;
}
