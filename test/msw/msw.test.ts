import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/msw/handlers.ts';
import { keys } from '../support/mock.ts';

const { mock, handlers } = createHandlers({
  baseUrls: { api: ['http://localhost:5173/c3d/v0'] },
  validateResponses: true,
});
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('MSW handlers (setupServer)', () => {
  it('answer the real host URLs, so app code needs no change', async () => {
    const answer = await fetch('https://api.cognitive3d.com/v0/projects/1001', {
      headers: { authorization: keys.acmeRead },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toMatchObject({ id: 1001, name: 'Acme Training' });
  });

  it('answer a custom base URL as well, over the same store', async () => {
    const write = await fetch('http://localhost:5173/c3d/v0/projects/1001', {
      method: 'PUT',
      headers: { authorization: keys.acmeWrite, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Via MSW' }),
    });
    expect(write.status).toBe(200);
    const read = await fetch('https://api.c3ddev.com/v0/projects/1001', { headers: { authorization: keys.acmeRead } });
    expect((await read.json()).name).toBe('Via MSW');
    expect(mock.store.tables.projects.get(1001)!.record.name).toBe('Via MSW');
  });

  it('enforce credentials and roles like the server', async () => {
    const answer = await fetch('https://api.cognitive3d.com/v0/projects/1001', {
      method: 'PUT',
      headers: { authorization: keys.acmeRead, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nope' }),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ code: 403, message: 'Forbidden: this operation needs write access' });
    const noKey = await fetch('https://data.cognitive3d.com/v0/scenes');
    expect(noKey.status).toBe(401);
  });

  it('keep the query string and a trailing-slash 404', async () => {
    const slash = await fetch('https://api.cognitive3d.com/v0/scenes/6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a01/', {
      headers: { authorization: keys.acmeRead },
    });
    expect(slash.status).toBe(404);
    const query = await fetch('https://api.cognitive3d.com/v0/versions/3002/objects?includeFiles=true', {
      headers: { authorization: keys.acmeRead },
    });
    expect((await query.json())[0].files.length).toBeGreaterThan(0);
  });
});
