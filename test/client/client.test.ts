import { beforeEach, describe, expect, test } from 'vitest';
import { createApiClient, createDataClient, login, rawBody } from '../../src/client/index.ts';
import { createMock, type Mock } from '../../src/core/mock.ts';
import { png } from '../support/files.ts';
import { password } from '../support/mock.ts';

// The typed client over the mock's core directly: openapi-fetch takes any `(Request) => Promise<Response>` as its fetch.
let mock: Mock;
beforeEach(() => {
  mock = createMock();
});

describe('key credentials', () => {
  test('an orgkey-… value is sent alone', async () => {
    const client = createApiClient({
      fetch: mock.hosts.api,
      credential: { orgKey: 'orgkey-ac3e0000000000000000000000000001' },
    });
    const { data, response } = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBe(1001);
    expect(data?.name).toBe('Acme Training');
  });

  test.each([
    ['legacyOrgKey', { legacyOrgKey: 'ac3e0000000000000000000000000004' }, 200],
    ['domainKey', { domainKey: 'd0000000000000000000000000000001' }, 200],
    ['orgKey of another tenant', { orgKey: 'orgkey-610be000000000000000000000000001' }, 404],
    [
      'orgKey sent with a scheme word it does not take',
      { legacyOrgKey: 'orgkey-ac3e0000000000000000000000000001' },
      401,
    ],
  ] as const)('%s', async (_name, credential, status) => {
    const client = createApiClient({ fetch: mock.hosts.api, credential });
    const { response } = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(response.status).toBe(status);
  });

  test('the data key reaches the data collector, and the request carries it as APIKEY:DATA', async () => {
    const seen: string[] = [];
    const client = createDataClient({
      fetch: (request) => {
        seen.push(request.headers.get('authorization') ?? '');
        return mock.hosts.data(request);
      },
      credential: { dataKey: 'da000000000000000000000000001001' },
    });
    const { response } = await client.GET('/scenes');
    expect(seen).toEqual(['APIKEY:DATA da000000000000000000000000001001']);
    expect(response.status).toBe(401);
    client.setCredential({ developerKey: 'de000000000000000000000000000001' });
    const second = await client.GET('/scenes');
    expect(second.response.status).toBe(200);
  });
});

describe('login sessions', () => {
  test('a viewer logs in, reads its project and is refused a write with 403', async () => {
    const client = createApiClient({ fetch: mock.hosts.api });
    const { csrf, cookie } = await login(client, 'viewer@acme.example', password);
    expect(client.credential).toEqual({ session: { csrf, cookie } });
    expect(mock.store.tables.loginSessions.get(cookie!)?.record.userId).toBe(16);

    const read = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(read.response.status).toBe(200);
    const write = await client.PUT('/projects/{projectId}', {
      params: { path: { projectId: 1001 } },
      body: { name: 'Renamed' },
    });
    expect(write.response.status).toBe(403);
    expect(write.error).toMatchObject({ code: 403 });
    const after = await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    expect(after.data?.name).toBe('Acme Training');
  });

  test('the CSRF header goes on writes only', async () => {
    const seen: Array<string | null> = [];
    const client = createApiClient({
      fetch: (request) => {
        seen.push(request.headers.get('c3d-csrf'));
        return mock.hosts.api(request);
      },
      credential: { session: { csrf: 'token', cookie: '0'.repeat(32) } },
    });
    await client.GET('/projects/{projectId}', { params: { path: { projectId: 1001 } } });
    await client.PUT('/projects/{projectId}', { params: { path: { projectId: 1001 } }, body: { name: 'x' } });
    expect(seen).toEqual([null, 'token']);
  });
});

describe('raw files', () => {
  test('bytes go up with their own type and come back the same', async () => {
    const client = createApiClient({
      fetch: mock.hosts.api,
      credential: { orgKey: 'orgkey-ac3e0000000000000000000000000001' },
    });
    const path = { projectId: 1001, mediaId: 701, fileName: 'floor_plan.png' };
    const upload = await client.PUT('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
      params: { path },
      ...rawBody(png, 'image/png'),
    });
    expect(upload.response.status).toBe(200);
    const download = await client.GET('/projects/{projectId}/media/{mediaId}/files/{fileName}', {
      params: { path },
      parseAs: 'arrayBuffer',
    });
    expect(download.response.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(download.data as ArrayBuffer)).toEqual(png);
  });
});
