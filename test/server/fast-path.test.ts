import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { KeptResponse, webResponse } from '../../src/http/respond.ts';
import { NodeRequest, nodeListener } from '../../src/server/node-adapter.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { keys } from '../support/mock.ts';

/** One raw exchange: what went on the wire, as Node's client read it. */
interface Exchange {
  status: number;
  /** Raw headers in order, without Date. */
  headers: string[];
  body: string;
}

function exchange(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: string | Buffer,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${base}${path}`, { method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const raw: string[] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2)
          if (answer.rawHeaders[i]!.toLowerCase() !== 'date')
            raw.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
        resolve({ status: answer.statusCode!, headers: raw, body: Buffer.concat(chunks).toString('latin1') });
      });
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

const json = { 'content-type': 'application/json' };
/** Requests of every kind of answer: kept ones (operations), refusals, CORS, control and docs routes. */
const cases: {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string;
}[] = [
  { name: 'a GET', method: 'GET', path: '/v0/projects/1001', headers: { authorization: keys.acmeRead } },
  {
    name: 'a GET with a query',
    method: 'GET',
    path: '/v0/projects/1001/sessions?limit=2&page=0',
    headers: { authorization: keys.acmeRead },
  },
  { name: 'a HEAD', method: 'HEAD', path: '/v0/projects/1001', headers: { authorization: keys.acmeRead } },
  { name: 'no credential (401)', method: 'GET', path: '/v0/projects/1001' },
  {
    name: 'a wrong method (405, allow)',
    method: 'PATCH',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeWrite },
  },
  {
    name: 'an unknown route (404)',
    method: 'GET',
    path: '/v0/nothing/here',
    headers: { authorization: keys.acmeRead },
  },
  { name: 'dot segments', method: 'GET', path: '/v0/x/../projects/1001', headers: { authorization: keys.acmeRead } },
  {
    name: 'an encoded path',
    method: 'GET',
    path: '/v0/projects/%31001',
    headers: { authorization: keys.acmeRead },
  },
  {
    name: 'a JSON write',
    method: 'PUT',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeWrite, ...json },
    body: JSON.stringify({ name: 'Renamed' }),
  },
  {
    name: 'a body the schema refuses (400)',
    method: 'PUT',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeWrite, ...json },
    body: JSON.stringify({ name: 7 }),
  },
  {
    name: 'the wrong content type (415)',
    method: 'PUT',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeWrite, 'content-type': 'text/plain' },
    body: 'name',
  },
  {
    name: 'malformed JSON (400)',
    method: 'PUT',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeWrite, ...json },
    body: '{"name":',
  },
  {
    name: 'a raw file download',
    method: 'GET',
    path: '/v0/projects/1001/media/701/files/floor_plan.png',
    headers: { authorization: keys.acmeRead },
  },
  {
    name: 'an answer to a page on another origin',
    method: 'GET',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeRead, origin: 'http://localhost:5173' },
  },
  {
    name: 'a CORS preflight',
    method: 'OPTIONS',
    path: '/v0/projects/1001',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
  },
  {
    name: 'an injected error',
    method: 'GET',
    path: '/v0/projects/1001',
    headers: { authorization: keys.acmeRead, 'x-c3d-mock-error': '503' },
  },
  { name: 'a control route', method: 'GET', path: '/__mock/requests?limit=1' },
  { name: 'the API reference', method: 'GET', path: '/openapi/api.json' },
];

let fast: RunningServer;
let web: RunningServer;
const base = (server: RunningServer) => server.urls.api.replace(/\/v0$/, '');
beforeAll(async () => {
  const options = { port: 0, dataPort: 0, clock: '2026-12-01T10:00:00Z', maxBodyBytes: 1024 };
  fast = await startServer({ ...options, fastPath: true });
  web = await startServer({ ...options, fastPath: false });
});
afterAll(async () => {
  await fast.close();
  await web.close();
});

describe('the fast path and the Web path', () => {
  it('answer every kind of request with the same status, headers and bytes', async () => {
    for (const { name, method, path, headers, body } of cases) {
      const viaFast = await exchange(base(fast), method, path, headers, body);
      const viaWeb = await exchange(base(web), method, path, headers, body);
      // Control routes answer from the journal: the durations there are the servers' own.
      // The API reference names each server's own port. Headers are compared in any order: a kept answer's are
      // written in the order the operation gave them, a platform Response's sorted by name.
      const comparable = (answer: Exchange) => ({
        ...answer,
        headers: [...answer.headers].sort(),
        body: answer.body.replace(/"durationMs":[\d.]+/g, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'),
      });
      expect(comparable(viaFast), name).toEqual(comparable(viaWeb));
    }
  });

  it('read repeated request headers as the platform does (combined, the cookie with "; ")', async () => {
    for (const server of [fast, web]) {
      const answer = await exchange(base(server), 'GET', '/v0/projects/1001', {
        authorization: keys.acmeRead,
        'x-c3d-mock-latency': ['0', '0'],
      });
      // Two latency headers combine to "0, 0", which is not a latency: 400 on both paths.
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('latency must be MS or MIN-MAX, not \\"0, 0\\"');
    }
  });
});

describe('kept answers', () => {
  it('are Responses that build the platform one on first use, and mock.hosts hands out only platform ones', async () => {
    const mock = createMock();
    const request = () =>
      new Request('http://127.0.0.1/v0/projects/1001', { headers: { authorization: keys.acmeRead } });
    const kept = await mock.nodeHosts.api(request());
    expect(kept).toBeInstanceOf(KeptResponse);
    expect(kept).toBeInstanceOf(Response);
    expect(kept.status).toBe(200);
    expect(kept.ok).toBe(true);
    expect(kept.headers.get('content-type')).toBe('application/json; charset=utf-8');
    kept.headers.set('x-added', 'yes');
    const copy = kept.clone();
    expect(await kept.json()).toMatchObject({ id: 1001 });
    expect(await copy.text()).toContain('"id":1001');
    expect(kept.headers.get('x-added')).toBe('yes');
    expect(kept.bodyUsed).toBe(true);

    const platform = await mock.hosts.api(request());
    expect(platform).not.toBeInstanceOf(KeptResponse);
    expect(Object.getPrototypeOf(platform)).toBe(Response.prototype);
    expect(await platform.json()).toMatchObject({ id: 1001 });
    const answer = await mock.nodeHosts.api(request());
    expect(webResponse(answer)).toBe(webResponse(answer));
    expect(Object.getPrototypeOf(webResponse(answer))).toBe(Response.prototype);
  });
});

describe('lightweight requests', () => {
  it('are Requests: headers iterate and combine as the platform does, and any other member reads the body', async () => {
    const seen: unknown[] = [];
    const server = createServer(
      nodeListener(
        async (request) => {
          seen.push(
            request instanceof Request,
            request instanceof NodeRequest,
            request.method,
            request.url,
            request.headers.get('x-twice'),
            request.headers.get('cookie'),
            request.headers instanceof Headers,
          );
          const text = await request.clone().text();
          seen.push(
            text,
            [...request.headers].find(([name]) => name === 'x-twice'),
            await request.json(),
          );
          return new Response('ok', { status: 201, headers: { 'x-answer': 'yes' } });
        },
        { hostname: '127.0.0.1' },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await exchange(
        `http://127.0.0.1:${port}`,
        'POST',
        '/a/b?c=d',
        { 'x-twice': ['1', '2'], cookie: ['a=1', 'b=2'], 'content-type': 'application/json' },
        '{"x":1}',
      );
      expect(answer.status).toBe(201);
      expect(answer.headers).toContain('x-answer: yes');
      expect(answer.body).toBe('ok');
    } finally {
      server.close();
    }
    expect(seen).toEqual([
      true,
      true,
      'POST',
      `http://127.0.0.1:${port}/a/b?c=d`,
      '1, 2',
      'a=1; b=2',
      true,
      '{"x":1}',
      ['x-twice', '1, 2'],
      { x: 1 },
    ]);
  });
});
