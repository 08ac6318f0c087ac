import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, createDataClient, login } from '../../src/client/index.ts';
import { createHandlers } from '../../src/msw/handlers.ts';

// The usual app pattern: the clients are made at module scope, before MSW replaces `globalThis.fetch` at
// `server.listen()`. They look `fetch` up on each request, so the mock answers them; a request that reached
// the network instead would fail the test (`onUnhandledRequest: 'error'`).
const api = createApiClient();
const collector = createDataClient({ credential: { developerKey: 'de000000000000000000000000000001' } });

const { mock, handlers } = createHandlers({ validateResponses: true });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.setCredential(undefined);
  mock.reset();
});
afterAll(() => server.close());

describe('clients made before server.listen()', () => {
  it('are answered by the mock', async () => {
    api.setCredential({ orgKey: 'orgkey-ac3e0000000000000000000000000002' });
    const { data, response } = await api.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(response.status).toBe(200);
    expect(data?.name).toBe('Acme Training');
    const scenes = await collector.GET('/scenes');
    expect(scenes.response.status).toBe(200);
  });

  it('log in with one line, and keep the login in Node without a cookie jar', async () => {
    const session = await login(api, 'viewer@acme.example');
    expect(session.userId).toBe(16);
    expect(session.csrf).toMatch(/^[0-9a-f]{32}$/);
    expect(session.cookie).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(session)).toEqual(['userId', 'csrf', 'cookie']);
    expect(api.credential).toEqual({ session: { csrf: session.csrf, cookie: session.cookie } });
    const read = await api.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(read.response.status).toBe(200);
    const write = await api.PUT('/projects/{projectId}', {
      params: { path: { projectId: 1001 } },
      body: { name: 'Renamed' },
    });
    expect(write.response.status).toBe(403);
    expect(write.error).toEqual({ code: 403, message: 'Forbidden: this operation needs write access' });
  });

  it('with cookies: "jar", the handlers keep the login cookie, as a browser would', async () => {
    const base = 'http://localhost:5173/jar/v0';
    const jar = createHandlers({ cookies: 'jar', baseUrls: { api: [base] }, includeRealHosts: false });
    server.use(...jar.handlers);
    try {
      const client = createApiClient({ baseUrl: base });
      const { csrf } = await login(client, 'owner@acme.example');
      // Only the CSRF token from here on: the cookie comes from the handlers' jar.
      client.setCredential({ session: { csrf } });
      const read = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
      expect(read.response.status).toBe(200);
      const write = await client.PUT('/projects/{projectId}', {
        params: { path: { projectId: 1001 } },
        body: { name: 'Renamed by the owner' },
      });
      expect(write.data?.name).toBe('Renamed by the owner');
      expect(jar.mock.store.tables.projects.get(1001)?.record.name).toBe('Renamed by the owner');
    } finally {
      server.resetHandlers();
    }
  });

  it('are refused, by a thrown error naming the status, a wrong password', async () => {
    await expect(login(api, 'viewer@acme.example', 'wrong')).rejects.toThrow(
      'login as viewer@acme.example: 401 Wrong email or password',
    );
    expect(api.credential).toBeUndefined();
  });
});
