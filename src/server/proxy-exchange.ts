import {
  type Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { isoNow, type Journal } from '../journal/journal.ts';
import type { Finding, JournalEntry } from '../journal/types.ts';
import type { DocumentName } from '../spec/document-names.ts';
import { codeOf, stringAt } from '../guards.ts';
import { judgeAnswer } from './proxy-answer.ts';
import { control } from './proxy-control.ts';
import { judgeBody, judgeRequest, type RequestJudgement, type RequestRules } from './proxy-request.ts';

/** Bodies (either way) are checked up to 1 MiB; longer ones pass through unchecked, and the answer says so. */
export const defaultCheckLimit = 1024 * 1024;

/** Where one host's requests go: its upstream's URL, and the path prefix put before `/v0`'s routes. */
export interface Upstream {
  url: URL;
  prefix: string;
}

/** What every exchange of a running proxy shares. */
export interface ProxyContext extends RequestRules {
  journal: Journal;
  /** Bodies are checked up to this many bytes. */
  limit: number;
  upstreams: Record<DocumentName, Upstream>;
  agents: { http: HttpAgent; https: HttpsAgent };
}

/** One request on its way through: what was judged of it, what of its body was kept, and whether it was answered. */
interface Exchange {
  context: ProxyContext;
  home: DocumentName;
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  started: number;
  judged: RequestJudgement;
  /** The request body's first `limit` bytes (in chunks), kept for judging. */
  kept: Buffer[];
  /** The request body's bytes seen so far. */
  seen: number;
  ended: boolean;
  /** One answer per request: the upstream's, or a 502 when it fails before its answer was passed on. */
  answered: boolean;
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
/** The journal's `record` keys entries by answer; the proxy's answers are not Web Responses. */
const noResponse = new Response(null);

/** Node's raw headers (name, value, name, value…) as pairs. */
function* headerPairs(raw: readonly string[]): Generator<[name: string, value: string]> {
  for (let index = 0; ; index += 2) {
    const name = raw[index];
    const value = raw[index + 1];
    if (name === undefined || value === undefined) return;
    yield [name, value];
  }
}

/** Raw header pairs without the hop-by-hop ones (and those the `Connection` header names). */
function forwardable(raw: string[], drop: ReadonlySet<string> = new Set()): string[] {
  const named = new Set<string>();
  for (const [name, value] of headerPairs(raw))
    if (name.toLowerCase() === 'connection')
      for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  const kept: string[] = [];
  for (const [name, value] of headerPairs(raw)) {
    const lowerName = name.toLowerCase();
    if (hopByHop.has(lowerName) || named.has(lowerName) || drop.has(lowerName)) continue;
    kept.push(name, value);
  }
  return kept;
}

const concat = (chunks: Buffer[]) => (chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));

/** A header value may hold only Latin-1: everything else is written as JSON `\u` escapes. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** One request to a host's port: a control route, or an exchange judged both ways and forwarded upstream. */
export function serve(context: ProxyContext, home: DocumentName, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://proxy.invalid');
  if (url.pathname.startsWith('/__mock/')) {
    void control(context.journal, request, response, url);
    return;
  }
  const started = performance.now();
  const judged = judgeRequest(context, home, request, url);
  const outgoing = forward(context, home, request, url);
  const exchange: Exchange = {
    context,
    home,
    request,
    response,
    url,
    started,
    judged,
    kept: [],
    seen: 0,
    ended: false,
    answered: false,
  };
  // The request body streams on; its first `limit` bytes are kept for judging.
  request.on('data', (chunk: Buffer) => {
    if (exchange.seen < context.limit) exchange.kept.push(chunk);
    exchange.seen += chunk.length;
  });
  request.once('end', () => {
    exchange.ended = true;
  });
  request.pipe(outgoing);
  response.once('close', () => {
    if (!response.writableFinished) outgoing.destroy();
  });
  outgoing.once('error', (error) => answerUnreachable(exchange, error));
  outgoing.once('response', (answer) => passAnswer(exchange, answer));
}

/** The request to the upstream: the same method and headers (but the hop-by-hop ones), under its prefix. */
function forward(context: ProxyContext, home: DocumentName, request: IncomingMessage, url: URL): ClientRequest {
  const upstream = context.upstreams[home];
  const headers = forwardable(request.rawHeaders, new Set(['host']));
  headers.push('host', upstream.url.host);
  const secure = upstream.url.protocol === 'https:';
  // The path and query as sent, byte for byte (no URL parsing that could normalise them), under the upstream's prefix.
  return (secure ? httpsRequest : httpRequest)({
    protocol: upstream.url.protocol,
    hostname: upstream.url.hostname.replace(/^\[|\]$/g, ''),
    port: upstream.url.port || (secure ? 443 : 80),
    path: upstream.prefix + (request.url?.startsWith('/') ? request.url : url.pathname + url.search),
    method: request.method,
    headers,
    agent: secure ? context.agents.https : context.agents.http,
  });
}

/** The request's findings, once the upstream's status is known, and what of the request went unchecked. */
async function findings(exchange: Exchange, status: number): Promise<{ violations: Finding[]; unchecked: string[] }> {
  const { judged, seen, ended } = exchange;
  const { limit } = exchange.context;
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
    const finding = await judgeBody(
      judged.operation,
      exchange.request,
      concat(exchange.kept).subarray(0, limit),
      whole,
    );
    if (finding) violations.push(finding);
  }
  return { violations, unchecked };
}

/** The upstream failed: a 502, unless its answer was already being passed on (then the connection is cut). */
async function answerUnreachable(exchange: Exchange, error: Error): Promise<void> {
  const { response } = exchange;
  if (exchange.answered || response.headersSent) {
    response.destroy(error);
    return;
  }
  exchange.answered = true;
  const { violations } = await findings(exchange, 502);
  const origin = exchange.context.upstreams[exchange.home].url.origin;
  const message = `The upstream ${origin} could not be reached: ${codeOf(error) ?? error.message}`;
  const body = JSON.stringify({ code: 502, message });
  response.writeHead(502, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...(violations.length
      ? { [violationsHeader]: asciiJson(violations.map(({ rule, message }) => ({ rule, message }))) }
      : {}),
  });
  response.end(body);
  record(exchange, violations, 502, message);
}

/** The upstream's answer: its first `limit` bytes kept for judging, then passed on with the findings in headers. */
function passAnswer(exchange: Exchange, answer: IncomingMessage): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size > exchange.context.limit) {
      over = true;
      answer.off('data', onData);
      answer.pause();
      void finishAnswer(exchange, answer, chunks, over);
    }
  };
  answer.on('data', onData);
  answer.once('end', () => {
    if (!over) void finishAnswer(exchange, answer, chunks, over);
  });
  answer.once('error', () => exchange.response.destroy());
}

/** Judges the answer (read whole, or `over` the limit) and passes it on; the rest of a long one streams after. */
async function finishAnswer(exchange: Exchange, answer: IncomingMessage, chunks: Buffer[], over: boolean) {
  const { request, response, judged } = exchange;
  const { limit } = exchange.context;
  if (exchange.answered) return;
  exchange.answered = true;
  const { violations, unchecked } = await findings(exchange, answer.statusCode ?? 502);
  const body = concat(chunks);
  const checked = over ? undefined : decoded(answer.headers['content-encoding'], body);
  if (over) unchecked.push(`answer body over ${limit} bytes: its schema and echoed credentials were not checked`);
  else if (checked === undefined) unchecked.push('answer body in an encoding the proxy cannot read: not checked');
  if (judged.operation)
    violations.push(...judgeAnswer(judged.operation, request.method ?? 'GET', answer, checked, judged.secrets, over));
  const raw = forwardable(answer.rawHeaders);
  if (violations.length)
    raw.push(violationsHeader, asciiJson(violations.map(({ rule, message }) => ({ rule, message }))));
  if (unchecked.length) raw.push(uncheckedHeader, asciiJson(unchecked));
  response.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
  for (const chunk of chunks) response.write(chunk);
  if (over) answer.pipe(response);
  else response.end();
  const reason = (answer.statusCode ?? 502) >= 300 ? reasonOf(answer.headers['content-type'], checked) : null;
  record(exchange, violations, answer.statusCode ?? 502, reason);
}

/** The exchange's journal entry. */
function record(exchange: Exchange, violations: Finding[], status: number, reason: string | null): void {
  const { home, request, url, judged, started } = exchange;
  const journal = exchange.context.journal;
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
    return stringAt(JSON.parse(text), 'message') ?? null;
  } catch {
    return null;
  }
}
