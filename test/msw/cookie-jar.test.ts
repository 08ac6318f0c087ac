import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/msw/handlers.ts';
import { password } from '../support/mock.ts';

// `cookies: 'jar'` is what `setupWorker` gets by default: the handlers keep the login cookie, as a browser would.
const { handlers } = createHandlers({ cookies: 'jar' });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const project = 'https://api.cognitive3d.com/v0/projects/1001';

describe('MSW handlers keeping cookies', () => {
  it('send the login cookie on later requests to the same host, and forget it at logout', async () => {
    expect((await fetch(project)).status).toBe(401);
    const login = await fetch('https://api.cognitive3d.com/v0/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@acme.example', password }),
    });
    expect(login.status).toBe(200);
    const { csrf } = (await login.json()) as { csrf: string };

    const read = await fetch(project);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: number }).id).toBe(1001);
    // Another base URL of the same host is another site: nothing is sent there.
    expect((await fetch('https://api.c3ddev.com/v0/projects/1001')).status).toBe(401);
    expect((await fetch(project, { credentials: 'omit' })).status).toBe(401);

    const write = await fetch(project, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'c3d-csrf': csrf },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(write.status).toBe(403);

    const logout = await fetch('https://api.cognitive3d.com/v0/sessions/current', {
      method: 'DELETE',
      headers: { 'c3d-csrf': csrf },
    });
    expect(logout.status).toBe(204);
    expect((await fetch(project)).status).toBe(401);
  });

  it('let a request’s own Cookie header win over the jar', async () => {
    const login = await fetch('https://api.cognitive3d.com/v0/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@acme.example', password }),
    });
    expect(login.status).toBe(200);
    expect((await fetch(project)).status).toBe(200);
    expect((await fetch(project, { headers: { cookie: `c3d_session_v5=${'0'.repeat(32)}` } })).status).toBe(401);
  });
});
