import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { parseSize } from '../../src/server/cli-options.ts';
import { keys } from '../support/mock.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, dataPort: 0, maxBodyBytes: 1024 });
});
afterAll(() => server.close());

const widgets = () => `${server.urls.api}/projects/1001/widgets`;
// The domain key: using an organization key stamps its lastUsedAt, which would count as a change here.
const headers = { authorization: keys.domain, 'content-type': 'application/json' };

describe('limits', () => {
  it('answers 413 to a body whose Content-Length passes the limit, without reading it', async () => {
    const body = JSON.stringify({ title: 'x'.repeat(2000), query: { type: 'custom' } });
    const before = server.mock.store.mutations();
    const answer = await fetch(widgets(), { method: 'POST', headers, body });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toEqual({ code: 413, message: `The body is ${body.length} bytes; the limit is 1024` });
    expect(server.mock.store.mutations()).toBe(before);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const answer = await fetch(widgets(), {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    if (answer) {
      expect(answer.status).toBe(413);
      expect(await answer.json()).toEqual({ code: 413, message: 'The body is over the limit of 1024 bytes' });
    }
    expect(pulled).toBeLessThan(50 * 1024 * 1024);
  });

  it('keeps serving after an aborted upload, with nothing half-written', async () => {
    const before = server.mock.store.mutations();
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(enqueue) {
        enqueue.enqueue(new TextEncoder().encode('{"title": "half'));
        setTimeout(() => controller.abort(), 50);
      },
    });
    await expect(
      fetch(widgets(), {
        method: 'POST',
        headers,
        body: stream,
        duplex: 'half',
        signal: controller.signal,
      } as RequestInit),
    ).rejects.toThrow();
    const answer = await fetch(widgets(), { headers: { authorization: keys.domain } });
    expect(answer.status).toBe(200);
    expect(server.mock.store.mutations()).toBe(before);
  });

  it('answers 414 to a URL over 8,192 characters and 431 to a request head over 16 KiB', async () => {
    const long = await fetch(`${server.urls.api}/projects/1001?pad=${'a'.repeat(9000)}`, {
      headers: { authorization: keys.acmeRead },
    });
    expect(long.status).toBe(414);
    expect(await long.json()).toEqual({
      code: 414,
      message: expect.stringMatching(/^The URL is \d+ characters; the limit is 8192$/),
    });
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.urls.api}/projects/1001`);
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { authorization: keys.acmeRead, 'x-padding': 'a'.repeat(20_000) },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(431);
  });

  it('reads sizes with units for --max-body-size', () => {
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('512KB')).toBe(524288);
    expect(parseSize('100mb')).toBe(104857600);
    expect(() => parseSize('lots')).toThrow('--max-body-size must be a number of bytes, or KB, MB, GB; not "lots"');
  });
});
