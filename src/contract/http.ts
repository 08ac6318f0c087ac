import request from 'supertest';
import { isRecord, stringAt } from '../guards.ts';
import type { Answer, RequestSpec } from './model.ts';

/** How long the suite waits for the start of an answer before it counts the request as unanswered. */
export const answerTimeoutMs = 60_000;

/** The full URL a request goes to: the base URL (which ends in `/v0`) and the path below it. */
export const urlOf = (base: string, spec: RequestSpec) => `${base.replace(/\/$/, '')}${spec.path}`;

/**
 * An answer that never came (refused, reset, timed out, an unknown host): status 0, and a text naming the
 * reason and the URL. No check may pass on it; `isNoAnswer` tells it apart.
 */
export function noAnswer(base: string, spec: RequestSpec, error: unknown): Answer {
  const timeout = isRecord(error) && typeof error.timeout === 'number' ? error.timeout : undefined;
  const message = stringAt(error, 'message');
  // supertest words a refused connection "ECONNREFUSED: Connection refused", without a code.
  const reason = timeout
    ? `none within ${timeout / 1000} s`
    : (stringAt(error, 'code') ?? /^E[A-Z]+\b/.exec(message ?? '')?.[0] ?? message ?? String(error));
  const text = `no answer: ${reason} (${spec.method} ${urlOf(base, spec)})`;
  return { status: 0, headers: {}, bytes: new TextEncoder().encode(text), text };
}

export const isNoAnswer = (answer: Answer) => answer.status === 0;

/** Sends a request to a base URL (which ends in `/v0`) with supertest; answers the raw bytes. Never throws: a request nothing answered gives `noAnswer`. */
export async function send(base: string, spec: RequestSpec, headers: Record<string, string>): Promise<Answer> {
  try {
    return await exchange(base, spec, headers);
  } catch (error) {
    return noAnswer(base, spec, error);
  }
}

async function exchange(base: string, spec: RequestSpec, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(base);
  let test = testOf(request(url.origin), spec.method, `${url.pathname.replace(/\/$/, '')}${spec.path}`);
  for (const [name, value] of Object.entries({ ...spec.headers, ...headers }))
    if (value !== undefined) test = test.set(name, value);
  if (spec.body) {
    test = test.set('content-type', spec.body.contentType);
    // superagent would re-serialise objects; bodies go as the exact text or bytes.
    test = test.send(spec.body.kind === 'bytes' ? Buffer.from(spec.body.bytes) : spec.body.text);
  }
  const response = await test
    .timeout({ response: answerTimeoutMs })
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  // The parser above makes the body a Buffer; an answer it never ran on has none.
  const received: unknown = response.body;
  const bytes = new Uint8Array(received instanceof Uint8Array ? received : []);
  const text = new TextDecoder().decode(bytes);
  const answerHeaders = Object.fromEntries(
    Object.entries(response.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
  let body: unknown;
  // Read JSON whatever the declared type, so a wrong Content-Type is reported as such and not as a broken flow.
  if (/^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, headers: answerHeaders, bytes, text, body };
}

/** The request of a method, as supertest starts it. */
function testOf(agent: ReturnType<typeof request>, method: string, path: string): request.Test {
  switch (method.toLowerCase()) {
    case 'get':
      return agent.get(path);
    case 'post':
      return agent.post(path);
    case 'put':
      return agent.put(path);
    case 'patch':
      return agent.patch(path);
    case 'delete':
      return agent.delete(path);
    case 'head':
      return agent.head(path);
    case 'options':
      return agent.options(path);
  }
  throw new Error(`${method}: not a method the suite sends`);
}

/** The start of a body, for failure messages. */
export const bodyHead = (text: string) => text.split('\n').slice(0, 3).join('\n').slice(0, 300);
