import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PlainTarget, requestTarget } from '../../src/http/request-target.ts';
import { nodeRequest } from '../../src/server/node-adapter.ts';
import { RouteTable } from '../../src/spec/route-table.ts';

/** A Node request of a target, as far as NodeRequest reads one before its headers or body. */
const incoming = (url: string) =>
  ({
    url,
    method: 'GET',
    headers: { host: '127.0.0.1:4010' },
    rawHeaders: ['Host', '127.0.0.1:4010'],
  }) as unknown as IncomingMessage;

const targets = [
  '/v0/projects/1001',
  '/v0/projects/1001?attachStats=true',
  '/v0/projects/1001?',
  '/v0/a?x=1&x=2&y=%20z',
  '/v0/a?x=[1]&y=~',
  '/v0/a#fragment?b',
  '/v0/a?b#c',
  "/v0/a?x='",
  '/v0/a/../b',
  '/v0/a/./b?c',
  '/v0/%7Bid%7D',
  '/v0/a b',
  '/v0/{id}',
  '/V0/Projects',
];

describe('the request target', () => {
  it('reads as the URL parser reads it, whether the target is plain or not', () => {
    for (const target of targets) {
      const request = nodeRequest(incoming(target), '127.0.0.1');
      const read = requestTarget(request);
      const url = new URL(`http://127.0.0.1:4010${target}`);
      expect({ target, pathname: read.pathname, search: read.search, query: [...read.searchParams] }).toEqual({
        target,
        pathname: url.pathname,
        search: url.search,
        query: [...url.searchParams],
      });
      expect(request.url).toBe(url.href);
    }
  });

  it('is read without a URL for a plain target, and parsed for any other', () => {
    const plain = (target: string) => requestTarget(nodeRequest(incoming(target), '127.0.0.1')) instanceof PlainTarget;
    expect(plain('/v0/projects/1001?attachStats=true')).toBe(true);
    expect(plain('/v0/a/../b')).toBe(false);
    expect(plain('/v0/%7Bid%7D')).toBe(false);
    expect(plain("/v0/a?x='")).toBe(false);
    expect(requestTarget(new Request('http://127.0.0.1/v0/projects/1001'))).toBeInstanceOf(URL);
  });
});

describe('the route table', () => {
  it('answers a path asked again from its kept lookup, and forgets its lookups when a route is added', () => {
    const table = new RouteTable<string>();
    table.add('get', '/projects/{projectId}', 'getProject');
    const first = table.lookup('get', '/projects/1001');
    expect(first).toEqual({ kind: 'found', match: { route: 'getProject', params: { projectId: '1001' } } });
    expect(table.lookup('get', '/projects/1001')).toBe(first);
    expect(table.lookup('get', '/projects/1001/scenes')).toEqual({ kind: 'not-found' });
    table.add('get', '/projects/{projectId}/scenes', 'listProjectScenes');
    expect(table.lookup('get', '/projects/1001/scenes')).toEqual({
      kind: 'found',
      match: { route: 'listProjectScenes', params: { projectId: '1001' } },
    });
  });
});
