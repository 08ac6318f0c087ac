import { createApiClient, createDataClient, type ApiClient, type DataClient } from '../client/client.ts';
import { isNoAnswer } from './http.ts';
import type { Answer, RequestSpec } from './model.ts';

export interface FlowClients {
  api: ApiClient;
  data: DataClient;
}

/**
 * Typed clients for flow steps whose requests are written against the generated types. Their fetch hands
 * each request to the runner's own transport, which adds the step's credential and keeps the answer, so
 * such steps are sent, checked and reported exactly as the declarative ones.
 */
export function flowClients(send: (spec: RequestSpec) => Promise<Answer>): FlowClients {
  const fetchVia = (host: RequestSpec['host']) => async (request: Request) => {
    const answer = await send(await toSpec(host, request));
    // A Response cannot have status 0: a request nothing answered ends the step's call, as a network error ends a fetch.
    if (isNoAnswer(answer)) throw new TypeError(answer.text);
    const empty = answer.status === 204 || answer.status === 304 || request.method === 'HEAD';
    return new Response(empty ? null : answer.bytes, {
      status: answer.status,
      headers: answer.headers,
    });
  };
  // The base URL is a placeholder: only the path below `/v0` is handed on.
  return {
    api: createApiClient({ baseUrl: `${placeholder}/v0`, fetch: fetchVia('api') }),
    data: createDataClient({ baseUrl: `${placeholder}/v0`, fetch: fetchVia('data') }),
  };
}

const placeholder = 'http://flow.invalid';

/**
 * Runs a step's `call` over fresh clients and answers what its request got back (undefined if it sent none).
 * A request nothing answered is answered as such; any other error of the call is thrown to the runner.
 */
export async function sendThroughClients(
  call: (clients: FlowClients, state: Record<string, unknown>) => Promise<unknown>,
  state: Record<string, unknown>,
  send: (spec: RequestSpec) => Promise<Answer>,
): Promise<Answer | undefined> {
  let kept: Answer | undefined;
  try {
    await call(
      flowClients(async (spec) => (kept = await send(spec))),
      state,
    );
  } catch (error) {
    if (kept && isNoAnswer(kept)) return kept;
    throw error;
  }
  return kept;
}

async function toSpec(host: RequestSpec['host'], request: Request): Promise<RequestSpec> {
  const url = new URL(request.url);
  const headers = Object.fromEntries([...request.headers].filter(([name]) => name !== 'content-type'));
  const contentType = request.headers.get('content-type');
  const bytes = new Uint8Array(await request.arrayBuffer());
  return {
    host,
    method: request.method,
    path: `${url.pathname.replace(/^\/v0/, '')}${url.search}`,
    headers,
    body: contentType ? bodyOf(contentType, bytes) : undefined,
  };
}

// JSON and text go as text: the runner's transport would serialise a JSON-typed buffer again.
function bodyOf(contentType: string, bytes: Uint8Array): RequestSpec['body'] {
  if (/[/+]json\b/i.test(contentType)) return { kind: 'json', contentType, text: new TextDecoder().decode(bytes) };
  if (/^text\//i.test(contentType)) return { kind: 'text', contentType, text: new TextDecoder().decode(bytes) };
  return { kind: 'bytes', contentType, bytes };
}
