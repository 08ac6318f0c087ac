import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { PlainTarget } from '../http/request-target.ts';
import { KeptResponse, webResponse } from '../http/respond.ts';

/**
 * Node's HTTP server in front of a Web-standard fetch. On the fast path (the default) the fetch is handed a
 * `NodeRequest`: `url`, `method`, `headers.get`/`has` and `body` read straight from Node's request, the platform
 * Request built only if something asks for more; an answer the pipeline kept (`KeptResponse`) is written to the socket
 * from its status, headers and body, without a Web Response or a stream. Any other Response is written from its
 * headers and bytes. With `fast: false` every request is a platform Request and every answer is built into a platform
 * Response and read as one (the path MSW's answers take), for checking that both give the same bytes.
 */
export type NodeFetch = (request: Request, incoming: IncomingMessage) => Response | Promise<Response>;

export interface NodeListenerOptions {
  /** Lightweight requests and kept answers written as they are (default true). */
  fast?: boolean;
  /** The host of the request URL when a request carries no `Host` header. */
  hostname: string;
}

export function nodeListener(fetch: NodeFetch, options: NodeListenerOptions): RequestListener {
  const fast = options.fast ?? true;
  return (incoming, outgoing) => {
    let request: Request;
    try {
      request = fast ? nodeRequest(incoming, options.hostname) : webRequest(incoming, options.hostname);
    } catch {
      outgoing.writeHead(400, { 'content-length': '0' }).end();
      return;
    }
    let answered: Response | Promise<Response>;
    try {
      answered = fetch(request, incoming);
    } catch (error) {
      failed(error, outgoing);
      return;
    }
    if (answered instanceof Promise)
      answered.then(
        (response) => write(response, incoming, outgoing, fast),
        (error) => failed(error, outgoing),
      );
    else write(answered, incoming, outgoing, fast);
  };
}

function failed(error: unknown, outgoing: ServerResponse): void {
  console.error('c3d-mock: the server could not answer', error);
  if (outgoing.headersSent) {
    outgoing.destroy();
    return;
  }
  outgoing.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal server error');
}

/**
 * Writes an answer: a kept one as it is, any other from its headers and its body's bytes. Off the fast path a kept
 * answer is built into its platform Response first, as `mock.hosts` builds it for MSW.
 */
function write(response: Response, incoming: IncomingMessage, outgoing: ServerResponse, fast: boolean): void {
  const unbuilt = response instanceof KeptResponse && fast ? response.unbuilt() : undefined;
  if (unbuilt) {
    const { body } = unbuilt;
    const headers: Record<string, string | string[]> =
      unbuilt.headers instanceof Headers ? outgoingHeaders(unbuilt.headers) : unbuilt.headers;
    if (body !== null && headers['content-length'] === undefined)
      headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    try {
      outgoing.writeHead(unbuilt.status, headers);
    } catch (error) {
      failed(error, outgoing);
      return;
    }
    outgoing.end(body ?? undefined);
    finished(incoming, outgoing);
    return;
  }
  writeWeb(webResponse(response), outgoing).then(
    () => finished(incoming, outgoing),
    (error) => failed(error, outgoing),
  );
}

async function writeWeb(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers = outgoingHeaders(response.headers);
  if (response.body === null) {
    outgoing.writeHead(response.status, headers).end();
    return;
  }
  // Every answer of the mock is small and whole: its bytes, with their length.
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!('content-length' in headers)) headers['content-length'] = String(bytes.byteLength);
  outgoing.writeHead(response.status, headers).end(bytes);
}

/** A Headers' entries as Node writes them (`Set-Cookie` one line each). */
function outgoingHeaders(headers: Headers): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of headers) if (name !== 'set-cookie') record[name] = value;
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) record['set-cookie'] = cookies;
  return record;
}

/** How much of a body the answer left unread is read and discarded to keep the connection, and for how long. */
const drainBytes = 1024 * 1024;
const drainMs = 500;

/**
 * A request body the answer left unread (a refusal, a 413 part-way) is read and discarded, up to `drainBytes` in
 * `drainMs`, so the connection can serve the next request; past either, the connection is closed.
 */
function finished(incoming: IncomingMessage, outgoing: ServerResponse): void {
  // A body never streamed is Node's to discard (it does, once the answer is sent).
  if (!streamed.has(incoming) || incoming.readableEnded || incoming.destroyed) return;
  outgoing.once('finish', () => {
    if (incoming.readableEnded || incoming.destroyed) return;
    let read = 0;
    const close = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.socket?.destroySoon();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.byteLength;
      if (read > drainBytes) close();
    };
    const timer = setTimeout(close, drainMs);
    timer.unref();
    incoming.on('data', onData);
    incoming.once('end', () => {
      clearTimeout(timer);
      incoming.off('data', onData);
    });
    incoming.resume();
  });
}

// A request target that is its own URL's path and query: no dot segments, nothing the URL parser would rewrite.
// (Not `'`, which a URL's query percent-encodes.)
const plainTarget = /^\/[!#$&(-;=?-[\]_a-z~]*$/;
const dotSegment = /\/\.\.?(?:[/?#]|$)/;
const plainHost = /^[a-z0-9._-]+(?::\d{1,5})?$/;

interface RequestUrl {
  href: string;
  /** The request target when it is already the URL's path and query (`plainTarget`), else undefined. */
  plain: string | undefined;
}

/** The request's URL, as `new URL(…).href` gives it; throws on one Node let through that no URL parser takes. */
function requestUrl(incoming: IncomingMessage, hostname: string): RequestUrl {
  const target = incoming.url ?? '/';
  if (target.startsWith('http://') || target.startsWith('https://'))
    return { href: new URL(target).href, plain: undefined };
  if (!target.startsWith('/')) throw new TypeError(`Not a request target: ${target}`);
  const host = incoming.headers.host || hostname;
  const href = `http://${host}${target}`;
  if (plainHost.test(host) && plainTarget.test(target) && !dotSegment.test(target)) return { href, plain: target };
  return { href: new URL(href).href, plain: undefined };
}

/** The platform Request for an incoming one (the path with `fast: false`, and what a NodeRequest builds when asked). */
function webRequest(
  incoming: IncomingMessage,
  hostname: string,
  headers?: Headers,
  body?: ReadableStream | null,
): Request {
  const method = incoming.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headers ?? headersOf(incoming) };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = body === undefined ? bodyStream(incoming) : body;
    init.duplex = 'half';
  }
  return new Request(requestUrl(incoming, hostname).href, init);
}

function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  // Node's raw headers are name, value pairs: the loop ends past the last pair.
  for (let i = 0; ; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    if (name === undefined || value === undefined) return headers;
    headers.append(name, value);
  }
}

/**
 * The request body as a stream, read from Node's as it is pulled. Cancelling it stops the reading without closing the
 * connection, so an answer (a 413) can still be sent; what is left is discarded once it is (`finished`).
 */
const streamed = new WeakSet<IncomingMessage>();

function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  streamed.add(incoming);
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.pause();
        incoming.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        const abort = () => {
          if (done) return;
          done = true;
          controller.error(new Error('The request was aborted before its body was read'));
        };
        incoming.once('error', abort);
        incoming.once('close', () => {
          if (!incoming.complete) abort();
        });
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        done = true;
        incoming.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** A request body read whole: its bytes, or a rejection when the client stopped before sending them all. */
function readWhole(incoming: IncomingMessage): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer<ArrayBuffer>[] = [];
    const onData = (chunk: Buffer<ArrayBuffer>) => chunks.push(chunk);
    const done = (error?: Error) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', done);
      incoming.off('close', onClose);
      if (error) return reject(error);
      const whole = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
      resolve(whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength));
    };
    const onEnd = () => done();
    const onClose = () => {
      if (!incoming.complete) done(new Error('The request was aborted before its body was read'));
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', done);
    incoming.once('close', onClose);
    if (incoming.readableEnded) done();
  });
}

/**
 * A Request read straight from Node's: `url`, `method`, `headers` (`get` and `has` from Node's raw headers) and `body`
 * are its own; any other member is the platform Request's, built on first use. It is `instanceof Request`.
 */
export class NodeRequest {
  readonly #incoming: IncomingMessage;
  readonly #hostname: string;
  readonly #url: RequestUrl;
  #target: PlainTarget | undefined;
  #headers: (NodeHeaders & Headers) | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;
  /** The body was read whole by `arrayBuffer()`, without a stream. */
  #read = false;
  #web: Request | undefined;

  constructor(incoming: IncomingMessage, hostname: string) {
    this.#incoming = incoming;
    this.#hostname = hostname;
    // Checked here, as the platform Request would: a target no URL takes answers 400.
    this.#url = requestUrl(incoming, hostname);
  }

  get url(): string {
    return this.#url.href;
  }

  /** The request target when it is already its URL's path and query, which `requestTarget` reads without a URL. */
  get plainTarget(): PlainTarget | undefined {
    const { plain } = this.#url;
    if (plain === undefined) return undefined;
    this.#target ??= new PlainTarget(plain);
    return this.#target;
  }

  get method(): string {
    return this.#web?.method ?? this.#incoming.method ?? 'GET';
  }

  get headers(): Headers {
    if (this.#web) return this.#web.headers;
    this.#headers ??= new DelegatingHeaders(this.#incoming);
    return this.#headers;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#web) return this.#web.body;
    if (this.#body === undefined) {
      const method = this.method;
      this.#body = method === 'GET' || method === 'HEAD' ? null : bodyStream(this.#incoming);
    }
    return this.#body;
  }

  /** Whether the body was read: its stream is held by a reader. */
  get bodyUsed(): boolean {
    if (this.#web) return this.#web.bodyUsed;
    return this.#read || !!this.#body?.locked;
  }

  /**
   * The whole body, read from Node's request without a stream (what `readBody` asks of a small body of a declared
   * length); once a stream or the platform Request was handed out, theirs.
   */
  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#web || this.#body !== undefined) return this.toWeb().arrayBuffer();
    if (this.#read) return Promise.reject(new TypeError('Body is unusable: it was already read'));
    this.#read = true;
    const method = this.method;
    if (method === 'GET' || method === 'HEAD') return Promise.resolve(new ArrayBuffer(0));
    return readWhole(this.#incoming);
  }

  /** The platform Request, built once, with the headers and the body stream this one has handed out. */
  toWeb(): Request {
    // A body already read whole cannot be read again: the Request then has none.
    if (this.#read && this.#body === undefined) this.#body = null;
    // A body already held by a reader cannot be handed on: the Request then has none.
    const body = this.#body?.locked ? null : this.#body;
    this.#web ??= webRequest(this.#incoming, this.#hostname, this.#headers?.materialised(), body);
    return this.#web;
  }
}

/**
 * `get` and `has` read Node's raw headers (duplicates combined as the platform's Headers combines them); any other
 * member is a platform Headers' built from them, which from then on answers everything.
 */
class NodeHeaders {
  readonly #incoming: IncomingMessage;
  #values: Map<string, string> | undefined;
  #web: Headers | undefined;

  constructor(incoming: IncomingMessage) {
    this.#incoming = incoming;
  }

  get(name: string): string | null {
    if (this.#web) return this.#web.get(name);
    return this.#map().get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    if (this.#web) return this.#web.has(name);
    return this.#map().has(name.toLowerCase());
  }

  #map(): Map<string, string> {
    if (this.#values) return this.#values;
    const values = new Map<string, string>();
    const raw = this.#incoming.rawHeaders;
    // Node's raw headers are name, value pairs: the loop ends past the last pair.
    for (let i = 0; ; i += 2) {
      const rawName = raw[i];
      const value = raw[i + 1];
      if (rawName === undefined || value === undefined) break;
      const name = rawName.toLowerCase();
      const before = values.get(name);
      values.set(name, before === undefined ? value : `${before}${name === 'cookie' ? '; ' : ', '}${value}`);
    }
    this.#values = values;
    return values;
  }

  materialised(): Headers {
    this.#web ??= headersOf(this.#incoming);
    return this.#web;
  }
}

/** A class whose instances are `Instance`s. */
type ClassOf<Args extends unknown[], Instance> = { new (...args: Args): Instance; prototype: Instance };

/**
 * Every member of `platform`'s prototype that `light` does not define (its iterator included) is delegated to the
 * object its `build` method gives; `light` then inherits from it, so that `instanceof` holds. Answers `light`, typed
 * as what its instances now are: both.
 */
function delegate<
  Args extends unknown[],
  Light extends Record<Build, () => Platform>,
  Platform extends object,
  Build extends string,
>(light: ClassOf<Args, Light>, platform: { prototype: Platform }, build: Build): ClassOf<Args, Light & Platform> {
  for (const name of Reflect.ownKeys(platform.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(platform.prototype, name);
    if (name === 'constructor' || Object.hasOwn(light.prototype, name) || descriptor === undefined) continue;
    if (descriptor.get)
      Object.defineProperty(light.prototype, name, {
        get(this: Light) {
          return Reflect.get(this[build](), name);
        },
        configurable: true,
      });
    else if (typeof descriptor.value === 'function')
      Object.defineProperty(light.prototype, name, {
        value(this: Light, ...args: unknown[]) {
          const target: object = this[build]();
          return Reflect.apply(Reflect.get(target, name), target, args);
        },
        configurable: true,
        writable: true,
      });
  }
  Object.setPrototypeOf(light.prototype, platform.prototype);
  // The prototype chain set above makes every instance of `light` one of `platform` too.
  return light as ClassOf<Args, Light & Platform>;
}

/** A NodeRequest, which is a Request too. */
const DelegatingRequest = delegate(NodeRequest, Request, 'toWeb');

/** The lightweight Request of an incoming one (see `NodeRequest`); throws on a target no URL takes. */
export function nodeRequest(incoming: IncomingMessage, hostname: string): Request {
  return new DelegatingRequest(incoming, hostname);
}
/** NodeHeaders, which are Headers too. */
const DelegatingHeaders = delegate(NodeHeaders, Headers, 'materialised');
