import { setupServer } from 'msw/node';
import request from 'supertest';
import { createMock, type MockOptions } from '../../src/core/mock.ts';
import { createHandlers } from '../../src/msw/handlers.ts';
import { startServer } from '../../src/server/server.ts';
import { answerOf, harnessFor, readAnswer, seedDayClock, type Answer } from './mock.ts';

/**
 * The same requests through each way a user reaches the mock: the core's fetch, MSW's `setupServer`
 * (in-process, real host URLs), and the standalone HTTP server (supertest over loopback).
 */
export const transports = ['msw', 'http'] as const;
export type Transport = 'core' | (typeof transports)[number];

export type Harness = ReturnType<typeof harnessFor> & { close(): Promise<void> };

/** Sends a Web Request through supertest: same method, headers and body, answered as raw bytes. */
async function viaSupertest(base: string, webRequest: Request): Promise<Answer> {
  const url = new URL(webRequest.url);
  const agent = request(base) as unknown as Record<string, (path: string) => request.Test>;
  let test = agent[webRequest.method.toLowerCase()]!(`${url.pathname}${url.search}`);
  webRequest.headers.forEach((value, name) => {
    if (name !== 'content-length') test = test.set(name, value);
  });
  const body = webRequest.body ? Buffer.from(await webRequest.arrayBuffer()) : undefined;
  // superagent would serialise a Buffer declared as JSON; JSON goes as its text, anything else as bytes.
  if (body) test = test.send(/json/.test(webRequest.headers.get('content-type') ?? '') ? body.toString('utf8') : body);
  const response = await test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers))
    headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
  return readAnswer(response.status, headers, new Uint8Array(response.body as Buffer));
}

export async function openHarness(transport: Transport, options: MockOptions = {}): Promise<Harness> {
  if (transport === 'http') {
    const server = await startServer({
      port: 0,
      dataPort: 0,
      validateResponses: true,
      now: seedDayClock(),
      ...options,
    });
    const bases = { api: server.urls.api.replace(/\/v0$/, ''), data: server.urls.data.replace(/\/v0$/, '') };
    return {
      ...harnessFor(server.mock, (host, webRequest) => viaSupertest(bases[host], webRequest)),
      close: () => server.close(),
    };
  }
  if (transport === 'msw') {
    const { mock, handlers } = createHandlers({ validateResponses: true, now: seedDayClock(), ...options });
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return {
      ...harnessFor(mock, async (_host, webRequest) => answerOf(await fetch(webRequest))),
      close: async () => server.close(),
    };
  }
  const mock = createMock({ validateResponses: true, now: seedDayClock(), ...options });
  return {
    ...harnessFor(mock, async (host, webRequest) => answerOf(await mock.hosts[host](webRequest))),
    close: async () => {},
  };
}
