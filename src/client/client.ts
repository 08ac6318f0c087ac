import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths as ApiPaths } from '../generated/api.ts';
import type { paths as DataPaths } from '../generated/data.ts';
import { credentialHeaders, type ClientCredential } from './credentials.ts';

export interface C3dClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The host's `/v0` root; the real production host by default. */
  baseUrl?: string;
  /** Sent on every request; change it later with `client.setCredential`. */
  credential?: ClientCredential;
}

export type ApiClient = Client<ApiPaths> & { setCredential(credential: ClientCredential | undefined): void };
export type DataClient = Client<DataPaths> & { setCredential(credential: ClientCredential | undefined): void };

export const productionBaseUrls = {
  api: 'https://api.cognitive3d.com/v0',
  data: 'https://data.cognitive3d.com/v0',
} as const;

function withCredential<Paths extends {}>(
  options: C3dClientOptions,
  defaultBaseUrl: string,
): Client<Paths> & { setCredential(credential: ClientCredential | undefined): void } {
  const { credential: initial, baseUrl = defaultBaseUrl, ...rest } = options;
  let credential = initial;
  const client = createClient<Paths>({ credentials: 'include', ...rest, baseUrl });
  client.use({
    onRequest({ request }) {
      if (!credential) return undefined;
      for (const [name, value] of Object.entries(credentialHeaders(credential, request.method)))
        request.headers.set(name, value);
      return request;
    },
  });
  return Object.assign(client, {
    setCredential(next: ClientCredential | undefined) {
      credential = next;
    },
  });
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
    body: bytes as never,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { 'content-type': contentType },
  };
}
