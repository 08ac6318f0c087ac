import createClient, {
  type Client,
  type ClientOptions,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { paths as ApiPaths } from '../generated/api.ts';
import type { paths as DataPaths } from '../generated/data.ts';
import { credentialHeaders, type ClientCredential } from './credentials.ts';

export interface C3dClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The host's `/v0` root; the real production host by default. */
  baseUrl?: string;
  /** Sent on every request; change it later with `client.setCredential`. */
  credential?: ClientCredential;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type Media = `${string}/${string}`;

/** The paths of `Paths` that have `Method`. */
type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];

type KeysOf<T> = T extends unknown ? keyof T : never;
type ValueOf<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * `Given` with every field the `Expected` type has no room for turned into `never`, at any depth: what makes
 * an unknown field of a closed body (`additionalProperties: false`) an error. openapi-fetch infers its request
 * options as a type parameter, and TypeScript checks excess properties only against a declared type, never an
 * inferred one. Fields of open objects (an index signature) and of any member of a union are allowed.
 */
export type NoExcess<Given, Expected> = [Expected] extends [never]
  ? Given
  : Given extends readonly (infer Item)[]
    ? Expected extends readonly (infer ExpectedItem)[]
      ? NoExcess<Item, ExpectedItem>[]
      : Given
    : Given extends object
      ? [Extract<Expected, object>] extends [never]
        ? Given
        : {
            [K in keyof Given]: K extends KeysOf<Extract<Expected, object>>
              ? NoExcess<Given[K], ValueOf<Extract<Expected, object>, K>>
              : never;
          }
      : Given;

type Init<PathInfo, Method extends HttpMethod> = MaybeOptionalInit<PathInfo, Method & keyof PathInfo>;
type ExpectedBody<PathInfo, Method extends HttpMethod> =
  NonNullable<Init<PathInfo, Method>> extends { body?: infer Body } ? NonNullable<Body> : never;

/** openapi-fetch's own rule: the options argument is required when the operation has required parameters or a body. */
type InitParam<Options> = [keyof Options] extends [never]
  ? [(Options & Record<string, unknown>)?]
  : object extends Options
    ? [(Options & Record<string, unknown>)?]
    : [Options & Record<string, unknown>];

/** The options as given, with the unknown fields of the body made errors. */
type Checked<Options, Expected> = Options extends { body: infer Body }
  ? Options & { body: NoExcess<Body, Expected> }
  : Options;

/** A method of the typed client: openapi-fetch's, with the body checked for fields the documents do not allow. */
export type CheckedMethod<Paths extends {}, Method extends HttpMethod> = <
  Path extends PathsWith<Paths, Method>,
  Options extends Init<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Checked<Options, ExpectedBody<Paths[Path], Method>>>
) => Promise<FetchResponse<Paths[Path][Method & keyof Paths[Path]] & Record<string | number, unknown>, Options, Media>>;

/** openapi-fetch's client of `Paths`, with request bodies checked for unknown fields and a credential of this API. */
export type TypedClient<Paths extends {}> = Omit<
  Client<Paths>,
  'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE'
> & {
  GET: CheckedMethod<Paths, 'get'>;
  PUT: CheckedMethod<Paths, 'put'>;
  POST: CheckedMethod<Paths, 'post'>;
  DELETE: CheckedMethod<Paths, 'delete'>;
  OPTIONS: CheckedMethod<Paths, 'options'>;
  HEAD: CheckedMethod<Paths, 'head'>;
  PATCH: CheckedMethod<Paths, 'patch'>;
  TRACE: CheckedMethod<Paths, 'trace'>;
  /** Sets (or, with undefined, clears) the credential sent on later requests. */
  setCredential(credential: ClientCredential | undefined): void;
  /** The credential sent on requests now. */
  readonly credential: ClientCredential | undefined;
};

export type ApiClient = TypedClient<ApiPaths>;
export type DataClient = TypedClient<DataPaths>;

export const productionBaseUrls = {
  api: 'https://api.cognitive3d.com/v0',
  data: 'https://data.cognitive3d.com/v0',
} as const;

/**
 * `globalThis.fetch` as it is when a request is sent, not when the client was made: MSW (`server.listen()`,
 * `worker.start()`) and other interceptors replace it, often after the app has built its client at module scope.
 */
const fetchAtRequestTime = (...args: Parameters<typeof globalThis.fetch>) => globalThis.fetch(...args);

function withCredential<Paths extends {}>(options: C3dClientOptions, defaultBaseUrl: string): TypedClient<Paths> {
  const { credential: initial, baseUrl = defaultBaseUrl, fetch = fetchAtRequestTime, ...rest } = options;
  let credential = initial;
  const client = createClient<Paths>({ credentials: 'include', ...rest, fetch, baseUrl });
  client.use({
    onRequest({ request }) {
      if (!credential) return undefined;
      for (const [name, value] of Object.entries(credentialHeaders(credential, request.method)))
        request.headers.set(name, value);
      return request;
    },
  });
  const typed = Object.assign(client, {
    setCredential(next: ClientCredential | undefined) {
      credential = next;
    },
  });
  Object.defineProperty(typed, 'credential', { get: () => credential, enumerable: true });
  // The checked methods are openapi-fetch's own at run time; only their parameter types are stricter.
  return typed as unknown as TypedClient<Paths>;
}

/** A typed client of the dashboard API (`api.cognitive3d.com`), over openapi-fetch and the generated types. */
export function createApiClient(options: C3dClientOptions = {}): ApiClient {
  return withCredential<ApiPaths>(options, productionBaseUrls.api);
}

/** A typed client of the data-collector API (`data.cognitive3d.com`). */
export function createDataClient(options: C3dClientOptions = {}): DataClient {
  return withCredential<DataPaths>(options, productionBaseUrls.data);
}

/**
 * Request options that send `bytes` as they are, with `contentType` (raw-file uploads such as
 * `PUT /projects/{projectId}/media/{mediaId}/files/{fileName}`), instead of as JSON.
 */
export function rawBody(bytes: Uint8Array | ArrayBuffer | Blob, contentType: string) {
  return {
    // Each operation types its raw body as the document's binary string; these bytes go as they are.
    body: bytes as never,
    bodySerializer: (body: unknown) => body,
    headers: { 'content-type': contentType },
  };
}
