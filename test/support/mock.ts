import { createMock, type Mock, type MockOptions } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { seedReferenceDate } from '../../src/store/time-shift.ts';
import type { DocumentName } from '../../src/spec/documents.ts';

/** The seeded credentials (README, "The default seed"), as header values. */
export const keys = {
  acmeWrite: 'orgkey-ac3e0000000000000000000000000001',
  acmeRead: 'orgkey-ac3e0000000000000000000000000002',
  acmeRevoked: 'orgkey-ac3e0000000000000000000000000003',
  acmeLegacy: 'APIKEY:ORGANIZATION ac3e0000000000000000000000000004',
  globexWrite: 'orgkey-610be000000000000000000000000001',
  domain: 'APIKEY:DOMAIN d0000000000000000000000000000001',
  developer: 'APIKEY:DEVELOPER de000000000000000000000000000001',
  developerExpired: 'APIKEY:DEVELOPER de000000000000000000000000000002',
  data1001: 'APIKEY:DATA da000000000000000000000000001001',
  data2001: 'APIKEY:DATA da000000000000000000000000002001',
} as const;

export const password = 'c3d-mock-password';

export const ids = {
  warehouse: '6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a01',
  showroom: '6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a02',
  controlRoom: '9a7e3b10-55c2-4f0e-8d3c-2b1a0c9e7f01',
} as const;

/** Who sends a request: a key (the Authorization value) or a logged-in user (cookie and CSRF token). */
export type Caller = string | { cookie: string; csrf: string } | undefined;

export interface SendOptions {
  as?: Caller;
  /** A JSON body (sent as application/json unless `contentType` says otherwise). */
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  /** Leave the CSRF header out of a cookie request. */
  withoutCsrf?: boolean;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: any;
}

const origins: Record<DocumentName, string> = {
  api: 'https://api.cognitive3d.com',
  data: 'https://data.cognitive3d.com',
};

/** The Web Request a test means: the caller's credential, a JSON or raw body, on the real host URL. */
export function buildRequest(host: DocumentName, method: string, path: string, options: SendOptions = {}): Request {
  const headers = new Headers(options.headers);
  const caller = options.as;
  if (typeof caller === 'string') headers.set('authorization', caller);
  else if (caller) {
    headers.set('cookie', `c3d_session_v5=${caller.cookie}`);
    if (method !== 'GET' && !options.withoutCsrf) headers.set('c3d-csrf', caller.csrf);
  }
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', options.contentType ?? 'application/json');
  } else if (options.contentType) headers.set('content-type', options.contentType);
  return new Request(`${origins[host]}/v0${path}`, { method, headers, body });
}

export function readAnswer(status: number, headers: Headers, bytes: Uint8Array): Answer {
  const text = new TextDecoder().decode(bytes);
  const body = /json/.test(headers.get('content-type') ?? '') && text !== '' ? JSON.parse(text) : undefined;
  return { status, headers, text, bytes, body };
}

export type Send = (host: DocumentName, request: Request) => Promise<Answer>;

/** What a test calls: requests to either host by path, and logging in as a seeded user. */
export function harnessFor(mock: Mock, send: Send) {
  const api = (method: string, path: string, options?: SendOptions) =>
    send('api', buildRequest('api', method, path, options));
  const data = (method: string, path: string, options?: SendOptions) =>
    send('data', buildRequest('data', method, path, options));
  async function login(email: string): Promise<{ cookie: string; csrf: string }> {
    const answer = await api('POST', '/sessions', { json: { email, password } });
    if (answer.status !== 200) throw new Error(`login as ${email}: ${answer.status} ${answer.text}`);
    const cookie = /c3d_session_v5=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`login as ${email}: no cookie`);
    return { cookie, csrf: answer.body.csrf };
  }
  return { mock, api, data, login };
}

export const answerOf = async (response: Response): Promise<Answer> =>
  readAnswer(response.status, response.headers, new Uint8Array(await response.arrayBuffer()));

/**
 * A clock that starts at the default seed's reference date (midnight after its newest session) and runs: the seed's
 * dates are served as they are written, so tests can name them.
 */
export function seedDayClock(): () => number {
  const reference = seedReferenceDate(embeddedSeed)!;
  const started = Date.now();
  return () => reference + (Date.now() - started);
}

/** A fresh mock over the default seed, called through its core fetch, with every answer checked against the documents. */
export function startMock(options: MockOptions = {}) {
  const mock: Mock = createMock({ validateResponses: true, now: seedDayClock(), ...options });
  return harnessFor(mock, async (host, request) => answerOf(await mock.hosts[host](request)));
}
