import type { RuleId } from '../../src/journal/rules.ts';
import type { DocumentName } from '../../src/spec/document-names.ts';
import { ids, keys, password } from '../support/mock.ts';

/**
 * A partner's small client, scripted: three correct calls, then thirteen common mistakes (a Bearer prefix, JSON sent
 * as text/plain, …) and one request for every other rule of `src/journal/rules.ts`, each with the rules the journal
 * must record for it (and nothing else).
 */
export interface Step {
  name: string;
  host: DocumentName;
  method: string;
  /** Under `/v0`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Log in as the observer first, and send its cookie (and its CSRF token unless `withoutCsrf`). */
  asObserver?: boolean;
  withoutCsrf?: boolean;
  status: number;
  violations: RuleId[];
  warnings: RuleId[];
  /** The entry's `rule` (a violation's, or `not-found`); null when none. */
  rule?: RuleId | null;
  /** A violation's JSON pointer. */
  pointer?: string;
}

const accept = { accept: 'application/json' };
const json = { ...accept, 'content-type': 'application/json' };
const as = (key: string, more: Record<string, string> = accept) => ({ authorization: key, ...more });
const start = 1769000000;
const sessionId = `${start}_9f3e7a21c4b85d60`;
const events = JSON.stringify({
  userid: '9f3e7a21c4b85d60',
  timestamp: start,
  sessionid: sessionId,
  formatversion: '1.0',
  part: 1,
  data: [{ name: 'c3d.sessionStart', time: start, point: [0, 0, 0] }],
});

/** The body-size limit the script's mocks are started with, so one step can pass it. */
export const scriptMaxBodyBytes = 4096;

export const cleanSteps: Step[] = [
  {
    name: 'read a project',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as(keys.acmeWrite),
    status: 200,
    violations: [],
    warnings: [],
  },
  {
    name: 'rename it',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, json),
    body: JSON.stringify({ name: 'Acme Training (renamed)' }),
    status: 200,
    violations: [],
    warnings: [],
  },
  {
    name: 'send an event batch',
    host: 'data',
    method: 'POST',
    path: `/events/${ids.warehouse}?version=2`,
    headers: as(keys.data1001, json),
    body: events,
    status: 200,
    violations: [],
    warnings: [],
  },
];

export const mistakes: Step[] = [
  {
    name: 'a Bearer prefix',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as(`Bearer ${keys.acmeWrite}`),
    status: 401,
    violations: ['credential-malformed'],
    warnings: [],
  },
  {
    name: 'JSON sent as text/plain',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, { ...accept, 'content-type': 'text/plain' }),
    body: JSON.stringify({ name: 'Plain' }),
    status: 415,
    violations: ['content-type'],
    warnings: [],
  },
  {
    name: 'a trailing slash',
    host: 'api',
    method: 'GET',
    path: '/projects/1001/',
    headers: as(keys.acmeWrite),
    status: 404,
    violations: ['trailing-slash'],
    warnings: [],
  },
  {
    name: 'a missing field (a login without its password)',
    host: 'api',
    method: 'POST',
    path: '/sessions',
    headers: json,
    body: JSON.stringify({ email: 'observer@acme.example' }),
    status: 400,
    violations: ['body-schema'],
    warnings: [],
    pointer: '/password',
  },
  {
    name: 'an extra field',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, json),
    body: JSON.stringify({ name: 'Acme Training', colour: 'red' }),
    status: 400,
    violations: ['body-schema'],
    warnings: [],
    pointer: '/colour',
  },
  {
    name: 'a data key on the dashboard host',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as(keys.data1001),
    status: 401,
    violations: ['credential-wrong-kind'],
    warnings: [],
  },
  {
    name: 'a missing ?version',
    host: 'data',
    method: 'POST',
    path: `/events/${ids.warehouse}`,
    headers: as(keys.data1001, json),
    body: events,
    status: 400,
    violations: ['parameter-schema'],
    warnings: [],
    pointer: '/query/version',
  },
  {
    name: 'an unknown query parameter',
    host: 'api',
    method: 'GET',
    path: '/projects/1001?expand=scenes',
    headers: as(keys.acmeWrite),
    status: 200,
    violations: [],
    warnings: ['unknown-query-parameter'],
  },
  {
    name: 'the legacy key format',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as(keys.acmeLegacy),
    status: 200,
    violations: [],
    warnings: ['legacy-key-format'],
  },
  {
    name: 'a wrong method',
    host: 'api',
    method: 'PATCH',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, json),
    body: JSON.stringify({ name: 'Patched' }),
    status: 405,
    violations: ['wrong-method'],
    warnings: [],
  },
  {
    name: 'a revoked key',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as(keys.acmeRevoked),
    status: 401,
    violations: ['credential-revoked'],
    warnings: [],
  },
  {
    name: "an observer's write",
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: json,
    body: JSON.stringify({ name: 'Observed' }),
    asObserver: true,
    status: 403,
    violations: ['role-refused'],
    warnings: [],
  },
  {
    name: "another tenant's project",
    host: 'api',
    method: 'GET',
    path: '/projects/2001',
    headers: as(keys.acmeWrite),
    status: 404,
    violations: ['tenant-refused'],
    warnings: [],
  },
];

/** One request for each rule the mistakes above leave out. */
export const otherRules: Step[] = [
  {
    name: 'no credential',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: accept,
    status: 401,
    violations: ['credential-missing'],
    warnings: [],
  },
  {
    name: 'a key nobody issued',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: as('orgkey-ac3e0000000000000000000000000099'),
    status: 401,
    violations: ['credential-unknown'],
    warnings: [],
  },
  {
    name: 'an expired developer key',
    host: 'data',
    method: 'GET',
    path: '/apiKeys/verify',
    headers: as(keys.developerExpired),
    status: 401,
    violations: ['credential-expired'],
    warnings: [],
  },
  {
    name: 'a cookie write without its CSRF token',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: json,
    body: JSON.stringify({ name: 'No token' }),
    asObserver: true,
    withoutCsrf: true,
    status: 403,
    violations: ['csrf'],
    warnings: [],
  },
  {
    name: 'JSON cut off',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, json),
    body: '{"name":',
    status: 400,
    violations: ['body-malformed'],
    warnings: [],
  },
  {
    name: 'a body over the limit',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: as(keys.acmeWrite, json),
    body: JSON.stringify({ name: 'x'.repeat(scriptMaxBodyBytes) }),
    status: 413,
    violations: ['body-too-large'],
    warnings: [],
  },
  {
    name: 'a parameter that fails its schema',
    host: 'api',
    method: 'GET',
    path: '/projects/abc',
    headers: as(keys.acmeWrite),
    status: 400,
    violations: ['parameter-schema'],
    warnings: [],
    pointer: '/path/projectId',
  },
  {
    name: 'no route',
    host: 'api',
    method: 'GET',
    path: '/nothing/here',
    headers: as(keys.acmeWrite),
    status: 404,
    violations: ['unknown-route'],
    warnings: [],
  },
  {
    name: 'broken percent-encoding in the path',
    host: 'api',
    method: 'GET',
    path: '/projects/%E0%A4%A',
    headers: as(keys.acmeWrite),
    status: 400,
    violations: ['bad-path'],
    warnings: [],
  },
  {
    name: 'a URL over the limit',
    host: 'api',
    method: 'GET',
    path: `/projects/1001?q=${'a'.repeat(8200)}`,
    headers: as(keys.acmeWrite),
    status: 414,
    violations: ['url-too-long'],
    warnings: [],
  },
  {
    name: 'a project that does not exist (an answer, not a violation)',
    host: 'api',
    method: 'GET',
    path: '/projects/9999',
    headers: as(keys.acmeWrite),
    status: 404,
    violations: [],
    warnings: [],
    rule: 'not-found',
  },
];

/** The steps that log in first send this login request (a clean one) before their own. */
export const observerLogin = {
  method: 'POST',
  path: '/sessions',
  body: JSON.stringify({ email: 'observer@acme.example', password }),
};

export interface Sent {
  step: Step;
  status: number;
}

/**
 * Runs the steps with `fetch` against the two base URLs (each the `/v0` root). Answers the status of each step;
 * a login before a step is a request of its own (clean, status 200).
 */
export async function runScript(
  steps: Step[],
  bases: Record<DocumentName, string>,
  send: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<{ sent: Sent[]; requests: number }> {
  const sent: Sent[] = [];
  let requests = 0;
  for (const step of steps) {
    const headers = new Headers(step.headers);
    if (step.asObserver) {
      const login = await send(`${bases.api}${observerLogin.path}`, {
        method: observerLogin.method,
        headers: json,
        body: observerLogin.body,
      });
      requests++;
      const cookie = /c3d_session_v5=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
      const { csrf } = (await login.json()) as { csrf: string };
      if (!cookie) throw new Error(`logging in for "${step.name}" answered ${login.status}`);
      headers.set('cookie', `c3d_session_v5=${cookie}`);
      if (!step.withoutCsrf) headers.set('c3d-csrf', csrf);
    }
    const response = await send(`${bases[step.host]}${step.path}`, {
      method: step.method,
      headers,
      body: step.body,
    });
    await response.arrayBuffer();
    requests++;
    sent.push({ step, status: response.status });
  }
  return { sent, requests };
}

/** Every secret of the default seed: no journal entry may hold any of them. */
export const seedSecrets = [...Object.values(keys).map((key) => key.replace(/^APIKEY:\w+ /, '')), password];
