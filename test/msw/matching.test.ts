import { getResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { createHandlers, defaultBaseUrls } from '../../src/msw/handlers.ts';
import { keys } from '../support/mock.ts';

/** The handlers as they were, two `http.all` per base URL each rebasing the request: what the one handler must equal. */
function referenceHandlers(baseUrls: Record<'api' | 'data', string[]>) {
  const mock = createMock();
  const rebase = (request: Request, base: string) => {
    const url = new URL(request.url);
    const root = new URL(base);
    const rest = url.pathname.slice(root.pathname.replace(/\/$/, '').length);
    return new Request(new URL(`/v0${rest}${url.search}`, root.origin), request);
  };
  return (['api', 'data'] as const).flatMap((host) =>
    baseUrls[host].flatMap((base) => {
      const root = base.replace(/\/$/, '');
      const serve = ({ request }: { request: Request }) => mock.hosts[host](rebase(request, root));
      return [http.all(root, serve), http.all(`${root}/*`, serve)];
    }),
  );
}

const custom = {
  api: ['http://localhost:5173/c3d/v0/', 'http://localhost:5173/c3d/v0/nested/v0'],
  data: ['http://127.0.0.1:9000/d'],
};
const urls = [
  'https://api.cognitive3d.com/v0/projects/1001',
  'https://api.cognitive3d.com/v0/projects/1001?x=1#frag',
  'https://api.cognitive3d.com/V0/projects/1001',
  'https://API.cognitive3d.com/v0/projects/1001',
  'https://api.cognitive3d.com/v0',
  'https://api.cognitive3d.com/v0/',
  'https://api.cognitive3d.com/v0?x=1',
  'https://api.cognitive3d.com/v01/projects/1001',
  'https://api.cognitive3d.com/v0//projects/1001',
  'https://api.cognitive3d.com:443/v0/projects/1001',
  'http://api.cognitive3d.com/v0/projects/1001',
  'https://data.c3ddev.com/v0/scenes',
  'https://api.c3ddev.com/v0/projects/1001/',
  'http://localhost:5173/c3d/v0/projects/1001',
  'http://localhost:5173/C3D/v0/projects/1001',
  'http://localhost:5173/c3d/v0/nested/v0/projects/1001',
  'http://localhost:5173/c3d/projects/1001',
  'http://localhost:5174/c3d/v0/projects/1001',
  'http://127.0.0.1:9000/d/scenes',
  'http://127.0.0.1:9000/d',
  'http://127.0.0.1:9000/dd/scenes',
  'https://example.com/v0/projects/1001',
];

describe('one handler for every base URL', () => {
  it('matches and answers exactly as two http.all handlers per base URL did', async () => {
    const reference = referenceHandlers({
      api: [...defaultBaseUrls.api, ...custom.api],
      data: [...defaultBaseUrls.data, ...custom.data],
    });
    const { handlers } = createHandlers({ baseUrls: custom });
    expect(handlers).toHaveLength(1);
    for (const url of urls) {
      const request = () => new Request(url, { headers: { authorization: keys.acmeRead } });
      const [was, is] = [await getResponse(reference, request()), await getResponse(handlers, request())];
      expect({ url, matched: is !== undefined }).toEqual({ url, matched: was !== undefined });
      if (!was || !is) continue;
      expect({ url, status: is.status, body: await is.text() }).toEqual({
        url,
        status: was.status,
        body: await was.text(),
      });
    }
  });

  it('keeps to its own bases without the real hosts, and registers nothing without any base', async () => {
    const { handlers } = createHandlers({
      includeRealHosts: false,
      baseUrls: { api: ['http://localhost:5173/c3d/v0'] },
    });
    expect(await getResponse(handlers, new Request('https://api.cognitive3d.com/v0/projects/1001'))).toBeUndefined();
    expect((await getResponse(handlers, new Request('http://localhost:5173/c3d/v0/projects/1001')))?.status).toBe(401);
    expect(createHandlers({ includeRealHosts: false }).handlers).toEqual([]);
  });
});
