import { createApiClient, createDataClient, type ApiClient, type DataClient } from '../../client/client.ts';
import { messageOf, recordAt, stringAt } from '../../guards.ts';

/** Something the command cannot do with what it was given; the message says what to change. */
export class DiscoveryError extends Error {
  override name = 'DiscoveryError';
}

export interface Bases {
  api: string;
  data: string;
}

/** Typed clients of both hosts that present one credential on every request. */
export interface Clients {
  api: ApiClient;
  data: DataClient;
}

/** What a request answered: the status, and the parsed body of a success. */
export interface Reply<T> {
  status: number;
  data: T | undefined;
  /** The error body's message, or the status text, for messages. */
  reason: string;
}

// A connection failure becomes a message naming the URL, never a stack trace.
const fetchOrExplain = async (request: Request) => {
  try {
    return await fetch(request);
  } catch (error) {
    const cause = recordAt(error, 'cause');
    const reason = stringAt(cause, 'code') ?? stringAt(cause, 'message') ?? messageOf(error);
    throw new DiscoveryError(`cannot reach ${new URL(request.url).origin}: ${reason}`);
  }
};

export function keyClients(bases: Bases, authorization: string): Clients {
  const headers = { authorization };
  return {
    api: createApiClient({ baseUrl: bases.api, headers, fetch: fetchOrExplain }),
    data: createDataClient({ baseUrl: bases.data, headers, fetch: fetchOrExplain }),
  };
}

export function sessionClients(bases: Bases, session: { cookie: string; csrf: string }): Clients {
  return {
    api: createApiClient({ baseUrl: bases.api, credential: { session }, fetch: fetchOrExplain }),
    data: createDataClient({ baseUrl: bases.data, fetch: fetchOrExplain }),
  };
}

export const anonymousClients = (bases: Bases): Clients => ({
  api: createApiClient({ baseUrl: bases.api, fetch: fetchOrExplain }),
  data: createDataClient({ baseUrl: bases.data, fetch: fetchOrExplain }),
});

/** Awaits a typed-client call; an answer that cannot be read (a success that is not JSON) becomes a message. */
export async function answered<R>(call: Promise<R>): Promise<R> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof DiscoveryError) throw error;
    throw new DiscoveryError(
      `an answer of the target could not be read (${messageOf(error)}): are --api and --data the API's base URLs?`,
    );
  }
}

/** What a status other than the one expected suggests to check. */
export const hintFor = (status: number) =>
  status === 401
    ? 'the credential is refused'
    : status === 404
      ? 'check --api and --data: the base URLs, ending in /v0'
      : status >= 500
        ? 'the target failed'
        : 'unexpected';

/** Awaits a typed-client call and answers its status and body, whatever the status. */
export async function reply<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Reply<T>> {
  const { data, error, response } = await answered(call);
  return {
    status: response.status,
    data: response.ok ? data : undefined,
    reason: stringAt(error, 'message') ?? response.statusText,
  };
}

/** The body of a 200, or undefined. */
export const ok = async <T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T | undefined> =>
  (await reply(call)).data;
