import request from 'supertest';
import type { Answer, RequestSpec } from './model.ts';

/** Sends a request to a base URL (which ends in `/v0`) with supertest; answers the raw bytes, never throws for a status. */
export async function send(base: string, spec: RequestSpec, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(base);
  const agent = request(url.origin) as unknown as Record<string, (path: string) => request.Test>;
  let test = agent[spec.method.toLowerCase()]!(`${url.pathname.replace(/\/$/, '')}${spec.path}`);
  for (const [name, value] of Object.entries({ ...spec.headers, ...headers })) if (value !== undefined) test = test.set(name, value);
  if (spec.body) {
    test = test.set('content-type', spec.body.contentType);
    // superagent would re-serialise objects; bodies go as the exact text or bytes.
    test = test.send(spec.body.kind === 'bytes' ? Buffer.from(spec.body.bytes) : spec.body.text);
  }
  const response = await test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const bytes = new Uint8Array(response.body as Buffer);
  const text = new TextDecoder().decode(bytes);
  const answerHeaders = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
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

/** The start of a body, for failure messages. */
export const bodyHead = (text: string) => text.split('\n').slice(0, 3).join('\n').slice(0, 300);
