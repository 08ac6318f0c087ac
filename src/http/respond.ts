import { withSetCookie } from './cookies.ts';
import { jsonType } from './errors.ts';

declare const jsonTextOf: unique symbol;

/**
 * The JSON text of a value of type `T` (a string at run time): what `KeptJson.text` serialises, branded with the type it
 * was serialised from so that a kept answer is checked against the operation's success schema as a `json` one is.
 */
export type JsonText<T> = string & { readonly [jsonTextOf]: T };

/**
 * What an operation answers: JSON, text, bytes or nothing, with a status and headers. `Json` is the type of the JSON
 * answer (an implementation's is its operation's success schema); `unknown` wherever the operation is not known.
 */
export type OperationResult<Json = unknown> =
  | { status: number; json: Json; headers?: Record<string, string> }
  /** JSON serialised already (a view kept between requests). */
  | { status: number; jsonText: JsonText<Json>; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string; headers?: Record<string, string> }
  | { status: number; bytes: Uint8Array<ArrayBuffer>; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

/** Where a fault may bend an answer; each hook takes what the rules give and returns what is sent. */
export interface ResponseHooks {
  responseHeaders(headers: Record<string, string>): Record<string, string>;
  jsonBody(body: unknown): unknown;
  jsonContentType(contentType: string): string;
  fileContentType(contentType: string): string;
}

const sameBody = (body: unknown) => body;

export const ruleKeepingResponseHooks: ResponseHooks = {
  responseHeaders: (headers) => headers,
  jsonBody: sameBody,
  jsonContentType: (contentType) => contentType,
  fileContentType: (contentType) => contentType,
};

/** An operation's result as a Response, through the response hooks: a `KeptResponse`, built into a Web one on first use. */
export function toResponse(
  result: OperationResult,
  extraHeaders: Record<string, string>,
  hooks: ResponseHooks = ruleKeepingResponseHooks,
): Response {
  const headers = hooks.responseHeaders({ ...result.headers, ...extraHeaders });
  return withSetCookie(build(result, headers, hooks), headers['set-cookie']);
}

function build(result: OperationResult, headers: Record<string, string>, hooks: ResponseHooks): Response {
  if ('json' in result) {
    headers['content-type'] = hooks.jsonContentType(jsonType);
    return kept(result.status, JSON.stringify(hooks.jsonBody(result.json)), headers);
  }
  if ('jsonText' in result) {
    headers['content-type'] = hooks.jsonContentType(jsonType);
    // A fault that bends bodies gets the body as an object, as from any other operation.
    const text =
      hooks.jsonBody === sameBody ? result.jsonText : JSON.stringify(hooks.jsonBody(JSON.parse(result.jsonText)));
    return kept(result.status, text, headers);
  }
  if ('text' in result) {
    headers['content-type'] = result.contentType;
    return kept(result.status, result.text, headers);
  }
  if ('bytes' in result) {
    headers['content-type'] = hooks.fileContentType(result.contentType);
    headers['content-length'] = String(result.bytes.byteLength);
    return kept(result.status, result.bytes, headers);
  }
  return kept(result.status, null, headers);
}

/** What a kept answer's body is: JSON or other text, bytes, or none. */
export type KeptBody = string | Uint8Array<ArrayBuffer> | null;

// The platform's Response, as this module found it (never another library's replacement of the global).
const WebResponse = globalThis.Response;

/**
 * An answer as the pipeline built it: status, headers and body, with the Web `Response` built from them only when
 * something reads more than `status`, `ok` and `headers` (its body, `clone()`, `text()`…). It is `instanceof Response`
 * and behaves as one: every other member is the built Response's. The Node server writes an answer that was never
 * built (`unbuilt`) to the socket as it is, which spares the Response and the stream of its body; `webResponse` turns
 * it into the built Response for every other caller (MSW, the browser, `mock.hosts`).
 */
export class KeptResponse {
  readonly status: number;
  readonly #body: KeptBody;
  readonly #record: Record<string, string>;
  #headers: Headers | undefined;
  #web: Response | undefined;

  constructor(status: number, body: KeptBody, headers: Record<string, string>) {
    this.status = status;
    this.#body = body;
    this.#record = headers;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    if (this.#web) return this.#web.headers;
    this.#headers ??= new Headers(this.#record);
    return this.#headers;
  }

  /** The Web Response, built once; it carries the headers as they are now (changes made through `headers` included). */
  toWeb(): Response {
    if (!this.#web) {
      this.#web = new WebResponse(this.#body, {
        status: this.status,
        headers: this.#headers ?? this.#record,
      });
      // The cookie kept beside this answer (a browser's Response would drop it from its headers), read without
      // building Headers when nothing else did.
      withSetCookie(
        this.#web,
        this.#headers ? (this.#headers.get('set-cookie') ?? undefined) : this.#record['set-cookie'],
      );
    }
    return this.#web;
  }

  /**
   * What to write when the Web Response was never built: the status, the headers (as a record, or the `Headers`
   * when something asked for them) and the body. Undefined once it was built: its body may have been read.
   */
  unbuilt(): { status: number; headers: Record<string, string> | Headers; body: KeptBody } | undefined {
    return this.#web ? undefined : { status: this.status, headers: this.#headers ?? this.#record, body: this.#body };
  }
}

// Every member of Response that KeptResponse does not answer itself is the built Response's.
for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(WebResponse.prototype))) {
  if (name === 'constructor' || Object.hasOwn(KeptResponse.prototype, name)) continue;
  Object.defineProperty(
    KeptResponse.prototype,
    name,
    descriptor.get
      ? {
          get: function (this: KeptResponse) {
            return Reflect.get(this.toWeb(), name);
          },
          configurable: true,
        }
      : {
          value: function (this: KeptResponse, ...args: unknown[]) {
            const web = this.toWeb();
            const member: unknown = Reflect.get(web, name);
            if (typeof member !== 'function') throw new TypeError(`Response.${name} is not a function`);
            return Reflect.apply(member, web, args);
          },
          configurable: true,
          writable: true,
        },
  );
}
Object.setPrototypeOf(KeptResponse.prototype, WebResponse.prototype);

// A KeptResponse is a Response through the prototype wiring above, which its class declaration cannot state.
const kept = (status: number, body: KeptBody, headers: Record<string, string>): Response =>
  new KeptResponse(status, body, headers) as unknown as Response;

/** A real Web Response for any answer of the mock: a kept one is built (once); any other is itself. */
export function webResponse(response: Response): Response {
  return response instanceof KeptResponse ? response.toWeb() : response;
}
