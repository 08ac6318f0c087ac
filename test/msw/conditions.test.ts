import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { createHandlers } from '../../src/msw/handlers.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';

// The same network conditions in-process as over HTTP: the server and the handlers both answer through
// `mock.hosts`, which applies them. The server runs here too, so every answer is compared with its own.
const { handlers } = createHandlers();
const msw = setupServer(...handlers);
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0 });
  // The server's loopback URLs are no mocked host: those requests go to the real server.
  msw.listen({ onUnhandledRequest: 'bypass' });
});
afterAll(async () => {
  msw.close();
  await server.close();
});

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  contentType: response.headers.get('content-type'),
  body: await response.text(),
});

/** The same request to the server and through MSW (the real host's URL), both answers. */
async function both(host: 'api' | 'data', path: string, init: RequestInit = {}) {
  const real = host === 'api' ? 'https://api.cognitive3d.com/v0' : 'https://data.cognitive3d.com/v0';
  const overHttp = await answerOf(await fetch(`${server.urls[host]}${path}`, init));
  const inProcess = await answerOf(await fetch(`${real}${path}`, init));
  return { overHttp, inProcess };
}

const multipart = () => {
  const form = new FormData();
  form.append('scene.gltf', new Blob(['{}'], { type: 'model/gltf+json' }), 'scene.gltf');
  return form;
};

describe('x-c3d-mock-error and x-c3d-mock-latency through MSW, as on the server', () => {
  it('x-c3d-mock-error: 503 answers the injected JSON error, without a credential', async () => {
    const { overHttp, inProcess } = await both('api', '/projects/1001', { headers: { 'x-c3d-mock-error': '503' } });
    expect(inProcess).toEqual({
      status: 503,
      contentType: 'application/json; charset=utf-8',
      body: '{"code":503,"message":"Injected server error (c3d-mock)"}',
    });
    expect(inProcess).toEqual(overHttp);
  });

  it('a multipart upload gets the HTML error page', async () => {
    const { overHttp, inProcess } = await both('data', '/scenes', {
      method: 'POST',
      headers: { 'x-c3d-mock-error': '500', authorization: keys.developer },
      body: multipart(),
    });
    expect(inProcess.status).toBe(500);
    expect(inProcess.contentType).toBe('text/html; charset=utf-8');
    expect(inProcess.body).toBe(
      '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>',
    );
    expect(inProcess).toEqual(overHttp);
  });

  it.each([
    ['x-c3d-mock-error', '404', 'x-c3d-mock-error must be a status from 500 to 599'],
    ['x-c3d-mock-latency', 'soon', 'latency must be MS or MIN-MAX, not "soon"'],
    ['x-c3d-mock-latency', '50-10', 'latency range 50-10 runs backwards'],
  ])('%s: %s is 400 naming the header', async (header, value, message) => {
    const { overHttp, inProcess } = await both('api', '/projects/1001', { headers: { [header]: value } });
    expect(inProcess).toEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ code: 400, message, field: header }),
    });
    expect(inProcess).toEqual(overHttp);
  });

  it('x-c3d-mock-latency delays the answer, which is otherwise the usual one', async () => {
    const started = performance.now();
    const answer = await fetch('https://api.cognitive3d.com/v0/projects/1001', {
      headers: { authorization: keys.acmeRead, 'x-c3d-mock-latency': '120' },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { name: string }).name).toBe('Acme Training');
  });
});

describe('latency and errorRate options of createHandlers and createMock', () => {
  it('errorRate answers that share with 503; random decides', async () => {
    const draws = [0.2, 0.7, 0.49];
    const mock = createMock({ errorRate: 0.5, random: () => draws.shift() ?? 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await mock.hosts.api(
        new Request('https://api.cognitive3d.com/v0/projects/1001', { headers: { authorization: keys.acmeRead } }),
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([503, 200, 503]);
  });

  it('errorRate: 1 through MSW answers every request with 503; a forced status wins', async () => {
    const failing = createHandlers({ errorRate: 1, baseUrls: { api: ['http://localhost:5173/failing/v0'] } });
    msw.use(...failing.handlers);
    try {
      const answer = await fetch('http://localhost:5173/failing/v0/projects/1001', {
        headers: { authorization: keys.acmeRead },
      });
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ code: 503, message: 'Injected server error (c3d-mock)' });
      const forced = await fetch('http://localhost:5173/failing/v0/projects/1001', {
        headers: { 'x-c3d-mock-error': '502' },
      });
      expect(forced.status).toBe(502);
    } finally {
      msw.resetHandlers();
    }
  });

  it('latency as a range draws within it (the flag’s MIN-MAX, a number, or { min, max })', async () => {
    for (const latency of ['100-140', { min: 100, max: 140 }] as const) {
      const mock = createMock({ latency, random: () => 0.5 });
      const started = performance.now();
      const answer = await mock.hosts.api(
        new Request('https://api.cognitive3d.com/v0/projects/1001', { headers: { authorization: keys.acmeRead } }),
      );
      expect(answer.status).toBe(200);
      // 100 + floor(0.5 × 41) = 120 ms
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    }
    const fixed = createMock({ latency: 80 });
    const started = performance.now();
    await fixed.hosts.api(new Request('https://api.cognitive3d.com/v0/projects/1001'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('bad options fail where the mock is made, with the flags’ messages', () => {
    expect(() => createHandlers({ latency: '10-5' })).toThrow('latency range 10-5 runs backwards');
    expect(() => createHandlers({ latency: -1 })).toThrow('latency must be MS or MIN-MAX, not "-1"');
    expect(() => createMock({ errorRate: 1.5 })).toThrow('error rate must be a number from 0 to 1, not "1.5"');
    expect(() => createMock({ latency: { min: 50, max: 10 } })).toThrow(
      'latency must be a range of whole milliseconds, not {"min":50,"max":10}',
    );
  });
});
