import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { keys } from '../support/mock.ts';

let server: RunningServer;
let api: URL;
let data: URL;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, validateResponses: true });
  api = new URL(server.urls.api);
  data = new URL(server.urls.data);
});
afterAll(() => server.close());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
  text: string;
}

/** One request with the path sent exactly as written (no dot segments resolved, nothing re-encoded). */
function send(
  base: URL,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: base.hostname, port: base.port, path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: response.statusCode!, headers: response.headers, bytes, text: bytes.toString('utf8') });
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const origin = (base: URL) => `http://${base.host}`;
const swaggerUiDist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const corsHeaderNames = (headers: IncomingHttpHeaders) =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

/** The pre-filled keys, as the init script holds them. */
async function prefilled(base: URL): Promise<unknown> {
  const script = (await send(base, '/docs/init.js')).text;
  return JSON.parse(/^const credentials = (.*);$/m.exec(script)![1]!);
}

const seededCredentials = {
  orgKey: keys.acmeWrite,
  legacyOrgKey: keys.acmeLegacy,
  domainKey: keys.domain,
  developerKey: keys.developer,
  dataKey: keys.data1001,
};

describe('the API reference page', () => {
  it('serves /docs and /docs/ on both ports, as HTML loading Swagger UI from our own assets', async () => {
    for (const base of [api, data]) {
      for (const path of ['/docs', '/docs/']) {
        const page = await send(base, path);
        expect(page.status).toBe(200);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(page.headers['cache-control']).toBe('no-store');
        const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
        expect(sources).toEqual([
          '/docs/assets/swagger-ui.css',
          '/docs/assets/favicon-32x32.png',
          '/docs/assets/favicon-16x16.png',
          '/docs/assets/swagger-ui-bundle.js',
          '/docs/assets/swagger-ui-standalone-preset.js',
          '/docs/init.js',
        ]);
      }
    }
  });

  it('serves each asset byte for byte from swagger-ui-dist, with its content type', async () => {
    const expected = {
      'swagger-ui.css': 'text/css; charset=utf-8',
      'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
      'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
      'favicon-32x32.png': 'image/png',
      'favicon-16x16.png': 'image/png',
    };
    for (const [name, contentType] of Object.entries(expected)) {
      const asset = await send(data, `/docs/assets/${name}`);
      expect(asset.status, name).toBe(200);
      expect(asset.headers['content-type'], name).toBe(contentType);
      expect(asset.headers['cache-control'], name).toBe('public, max-age=3600');
      expect(asset.headers['x-content-type-options'], name).toBe('nosniff');
      const file = await readFile(join(swaggerUiDist, name));
      expect(asset.headers['content-length'], name).toBe(String(file.byteLength));
      expect(asset.bytes.equals(file), name).toBe(true);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await send(api, '/docs/assets/swagger-ui.css', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(head.headers['content-length']).toBe(
      String((await readFile(join(swaggerUiDist, 'swagger-ui.css'))).byteLength),
    );
    expect(head.bytes.byteLength).toBe(0);
  });

  it('answers 404 in JSON to any other file, including every way of climbing out of the assets folder', async () => {
    const attempts = [
      '/docs/assets/../../package.json',
      '/docs/assets/..%2f..%2fpackage.json',
      '/docs/assets/%2e%2e/%2e%2e/package.json',
      '/docs/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/docs/assets/..%5c..%5cpackage.json',
      '/docs/assets/swagger-ui.css/../../../package.json',
      '/docs/assets/%2fetc%2fpasswd',
      '/docs/assets/index.html',
      '/docs/assets/swagger-ui-bundle.js.map',
      '/docs/assets/Swagger-UI.css',
      '/docs/assets/',
      '/docs/assets',
    ];
    for (const path of attempts) {
      const answer = await send(api, path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type'], path).toBe('application/json; charset=utf-8');
      const body = JSON.parse(answer.text);
      expect(body.code, path).toBe(404);
      expect(typeof body.message, path).toBe('string');
      expect(answer.text, path).not.toContain('c3d-mock');
    }
    expect(JSON.parse((await send(api, '/docs/assets/index.html')).text)).toEqual({
      code: 404,
      message:
        'No docs file /docs/assets/index.html: the API reference is at /docs, the documents at /openapi/api.yaml and /openapi/data.yaml (or .json)',
    });
    expect(JSON.parse((await send(api, '/openapi/api.yml')).text)).toEqual({
      code: 404,
      message:
        'No docs file /openapi/api.yml: the API reference is at /docs, the documents at /openapi/api.yaml and /openapi/data.yaml (or .json)',
    });
  });

  it('answers other methods 405 with Allow, in JSON, and leaves the API paths to the API', async () => {
    for (const [method, path] of [
      ['POST', '/docs'],
      ['DELETE', '/openapi/api.yaml'],
      ['PUT', '/docs/assets/swagger-ui.css'],
    ] as const) {
      const answer = await send(api, path, { method });
      expect(answer.status, path).toBe(405);
      expect(answer.headers.allow, path).toBe('GET, HEAD');
      expect(JSON.parse(answer.text)).toEqual({
        code: 405,
        message: `${method} is not allowed here; allowed: GET, HEAD`,
      });
    }
    const underApi = await send(api, '/v0/docs', { headers: { authorization: keys.acmeRead } });
    expect(underApi.status).toBe(404);
    expect(JSON.parse(underApi.text)).toEqual({ code: 404, message: 'No route for GET /v0/docs' });
  });

  it('lists both documents, opening on the one of the port the page is opened on', async () => {
    for (const [base, primary] of [
      [api, 'Dashboard API'],
      [data, 'Data collector API'],
    ] as const) {
      const script = await send(base, '/docs/init.js');
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.headers['cache-control']).toBe('no-store');
      expect(script.text).toContain(
        'urls: [{"name":"Dashboard API","url":"/openapi/api.yaml"},{"name":"Data collector API","url":"/openapi/data.yaml"}],',
      );
      expect(script.text).toContain(`'urls.primaryName': "${primary}",`);
      expect(script.text).toContain('validatorUrl: null,');
    }
  });
});

describe('the pre-filled credentials', () => {
  it('offer, per key scheme, the seeded key of the most capable principal, and no cookie or CSRF token', async () => {
    expect(await prefilled(api)).toEqual(seededCredentials);
    expect(await prefilled(data)).toEqual(seededCredentials);
  });

  it('follow the state: never a revoked, invalid or expired key, never a key created after the start', async () => {
    const snapshot = (await send(api, '/__mock/snapshot')).text;
    const state = JSON.parse(snapshot);
    for (const key of state.apiKeys) if (key.id === 1 || key.id === 5) key.revoked = true;
    state.apiKeys.push({
      ...state.apiKeys[0],
      id: 6,
      name: 'Created later',
      revoked: false,
      secret: 'orgkey-ac3e00000000000000000000000000ff',
    });
    state.domainKeys[0].revoked = true;
    state.dataKeys[0].valid = false;
    state.developerKeys[0].expiresAt = 1;
    try {
      const restore = await fetch(`${origin(api)}/__mock/restore`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(state),
      });
      expect(restore.status).toBe(200);
      expect(await prefilled(api)).toEqual({
        orgKey: keys.acmeRead,
        legacyOrgKey: keys.acmeLegacy,
        dataKey: keys.data2001,
      });
    } finally {
      await fetch(`${origin(api)}/__mock/reset`, { method: 'POST' });
    }
    expect(await prefilled(api)).toEqual(seededCredentials);
  });
});

describe('the served documents', () => {
  it('answer each bundled document as YAML and JSON, with the mock of that host first in servers', async () => {
    for (const base of [api, data]) {
      for (const [name, mock, real] of [
        ['api', api, 'https://api.cognitive3d.com/v0'],
        ['data', data, 'https://data.cognitive3d.com/v0'],
      ] as const) {
        const yaml = await send(base, `/openapi/${name}.yaml`);
        expect(yaml.status).toBe(200);
        expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
        const json = await send(base, `/openapi/${name}.json`);
        expect(json.status).toBe(200);
        expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
        const expected = {
          ...bundledDocuments[name],
          servers: [
            { url: `http://${mock.host}/v0`, description: 'This mock (c3d-mock)' },
            { url: real, description: 'Cognitive3D production' },
          ],
        };
        expect(parse(yaml.text)).toEqual(expected);
        expect(JSON.parse(json.text)).toEqual(expected);
        expect(Object.keys(parse(yaml.text).paths)).toEqual(Object.keys(bundledDocuments[name].paths!));
      }
    }
  });

  it('name the mock by the host name the caller used', async () => {
    const yaml = await send(api, '/openapi/data.yaml', { headers: { host: `localhost:${api.port}` } });
    expect(parse(yaml.text).servers[0]).toEqual({
      url: `http://localhost:${data.port}/v0`,
      description: 'This mock (c3d-mock)',
    });
  });
});

describe('CORS', () => {
  const app = 'http://localhost:5173';

  it('answers a preflight 204 with the origin, credentials, methods and the requested headers, without reaching the API', async () => {
    for (const path of ['/v0/projects/1001', '/v0/nothing/here']) {
      const answer = await send(api, path, {
        method: 'OPTIONS',
        headers: {
          origin: app,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization, content-type, c3d-csrf',
        },
      });
      expect(answer.status, path).toBe(204);
      expect(answer.bytes.byteLength).toBe(0);
      expect(Object.fromEntries(corsHeaderNames(answer.headers).map((name) => [name, answer.headers[name]]))).toEqual({
        'access-control-allow-origin': app,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': 'authorization, content-type, c3d-csrf',
        'access-control-max-age': '600',
      });
      expect(answer.headers.vary).toBe(
        'Origin, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
      );
      expect(answer.headers['content-type']).toBeUndefined();
    }
  });

  it('names the usual headers when the preflight asks for none or for a malformed list, and allows a private network when asked', async () => {
    const usual = 'Authorization, Content-Type, c3d-csrf, x-c3d-mock-latency, x-c3d-mock-error';
    const none = await send(data, '/v0/scenes', {
      method: 'OPTIONS',
      headers: { origin: origin(api), 'access-control-request-method': 'GET' },
    });
    expect(none.headers['access-control-allow-headers']).toBe(usual);
    expect(none.headers['access-control-allow-private-network']).toBeUndefined();
    const malformed = await send(data, '/v0/scenes', {
      method: 'OPTIONS',
      headers: {
        origin: app,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization; x',
      },
    });
    expect(malformed.headers['access-control-allow-headers']).toBe(usual);
    const privateNetwork = await send(data, '/v0/scenes', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-private-network': 'true',
      },
    });
    expect(privateNetwork.status).toBe(204);
    expect(privateNetwork.headers['access-control-allow-private-network']).toBe('true');
  });

  it('lets the page read answers, successes and errors alike, when the request has an Origin', async () => {
    const success = await send(api, '/v0/projects/1001', { headers: { origin: app, authorization: keys.acmeRead } });
    expect(success.status).toBe(200);
    expect(JSON.parse(success.text)).toMatchObject({ id: 1001, name: 'Acme Training' });
    expect(Object.fromEntries(corsHeaderNames(success.headers).map((name) => [name, success.headers[name]]))).toEqual({
      'access-control-allow-origin': app,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'cvr-request-time, content-disposition, allow',
    });
    expect(success.headers.vary).toBe('Origin');
    expect(success.headers['content-length']).toBe(String(success.bytes.byteLength));

    const collector = await send(data, '/v0/scenes', {
      headers: { origin: origin(api), authorization: keys.developer },
    });
    expect(collector.status).toBe(200);
    expect(collector.headers['access-control-allow-origin']).toBe(origin(api));
    expect(collector.headers['cvr-request-time']).toMatch(/^\d+$/);

    const refused = await send(api, '/v0/projects/1001', {
      headers: { origin: app, authorization: `Bearer ${keys.acmeRead}` },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(app);
  });

  it('leaves requests without an Origin as they were: OPTIONS is the API 405', async () => {
    const plain = await send(api, '/v0/projects/1001', { headers: { authorization: keys.acmeRead } });
    expect(plain.status).toBe(200);
    expect(corsHeaderNames(plain.headers)).toEqual([]);
    expect(plain.headers.vary).toBeUndefined();
    const options = await send(api, '/v0/projects/1001', { method: 'OPTIONS' });
    expect(options.status).toBe(405);
    expect(JSON.parse(options.text)).toEqual({
      code: 405,
      message: 'OPTIONS is not allowed here; allowed: GET, PUT, DELETE',
    });
    expect(corsHeaderNames(options.headers)).toEqual([]);
  });

  it('does not open the control routes to other origins', async () => {
    const preflight = await send(api, '/__mock/reset', {
      method: 'OPTIONS',
      headers: { origin: app, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(corsHeaderNames(preflight.headers)).toEqual([]);
    const snapshot = await send(api, '/__mock/snapshot', { headers: { origin: app } });
    expect(snapshot.status).toBe(403);
    expect(corsHeaderNames(snapshot.headers)).toEqual([]);
  });

  it('answers preflights even when every request fails on purpose, and lets the page read the injected error', async () => {
    const failing = await startServer({ port: 0, dataPort: 0, errorRate: 1 });
    try {
      const base = new URL(failing.urls.api);
      const preflight = await send(base, '/v0/projects/1001', {
        method: 'OPTIONS',
        headers: {
          origin: app,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.status).toBe(204);
      const answer = await send(base, '/v0/projects/1001', { headers: { origin: app, authorization: keys.acmeRead } });
      expect(answer.status).toBe(503);
      expect(answer.headers['access-control-allow-origin']).toBe(app);
    } finally {
      await failing.close();
    }
  });
});
