import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../src/journal/report/index.ts';
import type { RuleId } from '../../src/journal/rules.ts';
import type { FaultName } from '../../src/core/faults.ts';
import type { DocumentName } from '../../src/spec/document-names.ts';
import { startProxy, type RunningProxy } from '../../src/server/proxy.ts';
import { parseProxyArgs } from '../../src/server/proxy-command.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { ids, keys, password } from '../support/mock.ts';

/** The validating proxy, with the mock itself as the upstream: clean, then started with each fault. */

const clock = '2026-01-21T09:30:00Z';
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAL0lEQVR4nGPQIBEwaGhofEUCW7ZswcMdvBq2EA0Grx+o6elfl2yQEWEbhowGkgAA40IZO9clAa0AAAAASUVORK5CYII=',
  'base64',
);
/** 3 MiB of bytes: over the proxy's 1 MiB check limit both ways. */
const big = Buffer.alloc(3 * 1024 * 1024, 7);
const start = 1769000000;
const events = JSON.stringify({
  userid: '9f3e7a21c4b85d60',
  timestamp: start,
  sessionid: `${start}_9f3e7a21c4b85d60`,
  formatversion: '1.0',
  part: 1,
  data: [{ name: 'c3d.sessionStart', time: start, point: [0, 0, 0] }],
});

interface Call {
  name: string;
  host: DocumentName;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

const accept = { accept: 'application/json' };
const calls: Call[] = [
  {
    name: 'read a project',
    host: 'api',
    method: 'GET',
    path: '/projects/1001',
    headers: { ...accept, authorization: keys.acmeRead },
  },
  {
    name: 'rename it',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001',
    headers: { ...accept, authorization: keys.acmeWrite, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Acme Training (renamed)' }),
  },
  {
    name: 'upload a PNG',
    host: 'api',
    method: 'PUT',
    path: '/projects/1001/media/701/files/poster.png',
    headers: { ...accept, authorization: keys.acmeWrite, 'content-type': 'image/png' },
    body: png,
  },
  {
    name: 'download the seeded PNG',
    host: 'api',
    method: 'GET',
    path: '/projects/1001/media/701/files/floor_plan.png',
    headers: { accept: 'image/png', authorization: keys.acmeRead },
  },
  {
    name: 'list the scenes on the data host',
    host: 'data',
    method: 'GET',
    path: '/scenes',
    headers: { ...accept, authorization: keys.developer },
  },
  {
    name: 'send an event batch',
    host: 'data',
    method: 'POST',
    path: `/events/${ids.warehouse}?version=2`,
    headers: { ...accept, authorization: keys.data1001, 'content-type': 'application/json' },
    body: events,
  },
];

interface Seen {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function send(base: string, call: Call): Promise<Seen> {
  const response = await fetch(`${base}${call.path}`, {
    method: call.method,
    headers: call.headers,
    body: typeof call.body === 'string' || call.body === undefined ? call.body : new Uint8Array(call.body),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const violationsOf = (seen: Seen) =>
  JSON.parse(seen.headers.get('x-c3d-violations') ?? '[]') as { rule: RuleId; message: string }[];

describe('the validating proxy over a clean mock', () => {
  let server: RunningServer;
  let proxy: RunningProxy;
  beforeAll(async () => {
    server = await startServer({ port: 0, dataPort: 0, clock });
    proxy = await startProxy({ upstream: server.urls, port: 0, dataPort: 0 });
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('changes no byte of the answers, and finds nothing to report', async () => {
    for (const call of calls) {
      server.mock.reset();
      const direct = await send(server.urls[call.host], call);
      server.mock.reset();
      const proxied = await send(proxy.urls[call.host], call);
      expect([call.name, proxied.status]).toEqual([call.name, direct.status]);
      expect(proxied.status).toBeLessThan(300);
      expect(proxied.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(Buffer.compare(proxied.bytes, direct.bytes)).toBe(0);
      expect(proxied.headers.has('x-c3d-violations')).toBe(false);
      expect(proxied.headers.has('x-c3d-unchecked')).toBe(false);
    }
    const entries = proxy.journal.entries();
    expect(entries.map((entry) => [entry.operationId, entry.status, entry.violations, entry.warnings])).toEqual([
      ['getProject', 200, [], []],
      ['updateProject', 200, [], []],
      ['uploadMediaFile', 200, [], []],
      ['getMediaFile', 200, [], []],
      ['collectorListScenes', 200, [], []],
      ['sendEventBatch', 200, [], []],
    ]);
  });

  it('streams bodies over 1 MiB both ways, byte for byte, and says they were not checked', async () => {
    server.mock.reset();
    const upload: Call = {
      name: 'upload 3 MiB',
      host: 'api',
      method: 'PUT',
      path: '/projects/1001/media/701/files/big.bin',
      headers: { ...accept, authorization: keys.acmeWrite, 'content-type': 'application/octet-stream' },
      body: big,
    };
    const uploaded = await send(proxy.urls.api, upload);
    expect(uploaded.status).toBe(200);
    expect(JSON.parse(uploaded.headers.get('x-c3d-unchecked')!)).toEqual([
      'request body over 1048576 bytes: only its type was checked',
    ]);
    const download: Call = {
      name: 'download it',
      host: 'api',
      method: 'GET',
      path: '/projects/1001/media/701/files/big.bin',
      headers: { accept: '*/*', authorization: keys.acmeRead },
    };
    const proxied = await send(proxy.urls.api, download);
    const direct = await send(server.urls.api, download);
    expect(proxied.status).toBe(200);
    expect(proxied.bytes.length).toBe(big.length);
    expect(Buffer.compare(proxied.bytes, direct.bytes)).toBe(0);
    expect(Buffer.compare(proxied.bytes, big)).toBe(0);
    expect(JSON.parse(proxied.headers.get('x-c3d-unchecked')!)).toEqual([
      'answer body over 1048576 bytes: its schema and echoed credentials were not checked',
    ]);
    expect(proxied.headers.has('x-c3d-violations')).toBe(false);
  });

  it("judges the request with the mock's rules, and passes the upstream's answer through", async () => {
    proxy.journal.clear();
    const bearer = await send(proxy.urls.api, {
      name: 'a Bearer prefix',
      host: 'api',
      method: 'GET',
      path: '/projects/1001',
      headers: { ...accept, authorization: `Bearer ${keys.acmeWrite}` },
    });
    expect(bearer.status).toBe(401);
    expect(violationsOf(bearer)).toEqual([
      { rule: 'credential-malformed', message: 'Malformed credential: it matches no key format exactly' },
    ]);
    const missing = await send(proxy.urls.data, {
      name: 'a missing ?version',
      host: 'data',
      method: 'POST',
      path: `/events/${ids.warehouse}`,
      headers: { ...accept, authorization: keys.data1001, 'content-type': 'application/json' },
      body: events,
    });
    expect(missing.status).toBe(400);
    expect(violationsOf(missing).map((finding) => finding.rule)).toEqual(['parameter-schema']);
    const extra = await send(proxy.urls.api, {
      name: 'an extra field',
      host: 'api',
      method: 'PUT',
      path: '/projects/1001?expand=1',
      headers: { ...accept, authorization: keys.acmeWrite, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', colour: 'red' }),
    });
    expect(extra.status).toBe(400);
    const entries = proxy.journal.entries();
    expect(
      entries.map((entry) => [entry.rule, entry.violations[0]?.pointer, entry.warnings.map((w) => w.rule)]),
    ).toEqual([
      ['credential-malformed', undefined, []],
      ['parameter-schema', '/query/version', []],
      ['body-schema', '/colour', ['unknown-query-parameter']],
    ]);
    // The refused credential is kept as its shape only.
    expect(entries[0]!.credential).toBe('Bearer orgkey-<32 hex>');
    expect(JSON.stringify(entries)).not.toContain(keys.acmeWrite.slice(7));
  });

  it('serves the conformance report of the exchanges, as the proxy judged them', async () => {
    const base = proxy.urls.api.replace(/\/v0$/, '');
    const report = (await (await fetch(`${base}/__mock/report.json`)).json()) as ConformanceReport;
    expect(report.source).toBe('proxy');
    expect(report.headline).toBe(
      'used 3 of 134 operations; 3 requests broke 3 rules; 1 request drew warnings of 1 rule',
    );
    const junit = await (await fetch(`${base}/__mock/report.xml`)).text();
    expect(junit).toContain(
      '<testcase name="credential-revoked" classname="c3d-mock.conformance.violations"><skipped message="not judged by the proxy',
    );
    expect(junit).toContain('<testcase name="answer-schema" classname="c3d-mock.conformance.violations"/>');
    const html = await fetch(`${base}/__mock/report`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<h1>Conformance report of the proxied traffic <span class="verdict failed">');
    const other = await fetch(`${base}/__mock/reset`, { method: 'POST' });
    expect(other.status).toBe(404);
  });
});

/** A fault the proxy names from one exchange: the request that shows it, and the rules it must name. */
interface Visible {
  fault: FaultName;
  call: Call;
  status: number;
  rules: RuleId[];
  pointer?: string;
}

const read: Call = calls[0]!;
const scenes: Call = calls[4]!;
const visible: Visible[] = [
  { fault: 'json-as-text', call: read, status: 200, rules: ['answer-content-type'] },
  { fault: 'drop-required-field', call: read, status: 200, rules: ['answer-schema'], pointer: '/id' },
  {
    fault: 'drop-request-time',
    call: scenes,
    status: 200,
    rules: ['answer-header-missing'],
    pointer: '/headers/cvr-request-time',
  },
  // Faults that let a bad request through: the proxy names the request's rule, and the entry shows the 2xx it got.
  {
    fault: 'accept-bearer',
    call: { ...read, headers: { ...accept, authorization: `Bearer ${keys.acmeRead}` } },
    status: 200,
    rules: ['credential-malformed'],
  },
  {
    fault: 'skip-415',
    call: { ...calls[1]!, headers: { ...calls[1]!.headers, 'content-type': 'text/plain' } },
    status: 200,
    rules: ['content-type'],
  },
];

describe('the validating proxy over a faulty mock', () => {
  let server: RunningServer | undefined;
  let proxy: RunningProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await server?.close();
  });
  const startWith = async (fault: FaultName) => {
    server = await startServer({ port: 0, dataPort: 0, clock, faults: [fault] });
    proxy = await startProxy({ upstream: server.urls, port: 0, dataPort: 0 });
    return { server, proxy };
  };

  for (const { fault, call, status, rules, pointer } of visible)
    it(`names ${fault}: ${rules.join(', ')}`, async () => {
      const { proxy } = await startWith(fault);
      const seen = await send(proxy.urls[call.host], call);
      expect(seen.status).toBe(status);
      expect(violationsOf(seen).map((finding) => finding.rule)).toEqual(rules);
      const [entry] = proxy.journal.entries();
      expect(entry!.violations.map((finding) => finding.rule)).toEqual(rules);
      if (pointer) expect(entry!.violations[0]!.pointer).toBe(pointer);
    });

  it('names skip-csrf: a cookie write without its token, answered 2xx', async () => {
    const { proxy } = await startWith('skip-csrf');
    const login = await fetch(`${proxy.urls.api}/sessions`, {
      method: 'POST',
      headers: { ...accept, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@acme.example', password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.has('x-c3d-violations')).toBe(false);
    const cookie = /c3d_session_v5=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const write = await send(proxy.urls.api, {
      ...calls[1]!,
      headers: { ...accept, cookie, 'content-type': 'application/json' },
    });
    expect(write.status).toBe(200);
    expect(violationsOf(write).map((finding) => finding.rule)).toEqual(['csrf']);
  });

  it("cannot see the faults that need the principals' grants: another tenant's project read is just a 200", async () => {
    const { proxy } = await startWith('cross-tenant-leak');
    const seen = await send(proxy.urls.api, { ...read, path: '/projects/2001' });
    expect(seen.status).toBe(200);
    expect(seen.headers.has('x-c3d-violations')).toBe(false);
  });
});

describe('an upstream that cannot be reached', () => {
  it('answers 502 with a JSON reason, and journals it', async () => {
    const proxy = await startProxy({
      upstream: { api: 'http://127.0.0.1:9/v0', data: 'http://127.0.0.1:9/v0' },
      port: 0,
      dataPort: 0,
    });
    try {
      const seen = await send(proxy.urls.api, read);
      expect(seen.status).toBe(502);
      expect(seen.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(JSON.parse(seen.bytes.toString())).toEqual({
        code: 502,
        message: 'The upstream http://127.0.0.1:9 could not be reached: ECONNREFUSED',
      });
      expect(proxy.journal.entries().map((entry) => [entry.operationId, entry.status, entry.reason])).toEqual([
        ['getProject', 502, 'The upstream http://127.0.0.1:9 could not be reached: ECONNREFUSED'],
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe('c3d-mock proxy, its command line', () => {
  it('needs both upstreams, and reads the rest as the server does', () => {
    expect(() => parseProxyArgs(['--upstream-api', 'https://api.cognitive3d.com/v0'])).toThrow(
      '--upstream-api and --upstream-data are both required',
    );
    expect(() => parseProxyArgs(['--upstream-api', 'a', '--upstream-data', 'b', '--colour'])).toThrow(
      "Unknown option '--colour'",
    );
    expect(
      parseProxyArgs([
        '--upstream-api',
        'https://api.cognitive3d.com/v0',
        '--upstream-data',
        'https://data.cognitive3d.com/v0',
        '--port',
        '0',
        '--quiet',
      ]),
    ).toEqual({
      options: {
        upstream: { api: 'https://api.cognitive3d.com/v0', data: 'https://data.cognitive3d.com/v0' },
        host: '127.0.0.1',
        port: 0,
        dataPort: 4011,
        log: 'none',
      },
      reportOnExit: undefined,
    });
  });
});
