/// <reference path="../../node_modules/postman-collection/types/index.d.ts" />
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postman from 'postman-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFolder, requestItems, type CollectionJson, type RequestItem } from '../../src/postman/collection-json.ts';
import type { EnvironmentJson } from '../../src/postman/environment.ts';
import {
  collectionFile,
  environmentFile,
  exportPostman,
  summarize,
  type ExportResult,
} from '../../src/postman/export.ts';
import { startServer } from '../../src/server/server.ts';
import { keyKindNames } from '../../src/spec/credential-kinds.ts';
import { documentNames, repoRoot, type DocumentName } from '../../src/spec/documents.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { listOperations, type OperationEntry } from '../../src/spec/operations.ts';
import { documentedOperations, tagsUsed } from '../support/documents.ts';
import { keys } from '../support/mock.ts';

const { Collection, Request, VariableScope } = postman;
type SdkItem = InstanceType<typeof postman.Item>;
/** An item's auth, inherited from its folder or the collection; the SDK's bundled types leave out `type`. */
type SdkAuth = { type: string; parameters(): { get(key: string): string } } | undefined;

const load = (json: CollectionJson) => new Collection(json as never);
/** Every request item, through the SDK (its bundled types lack `forEachItem`). */
function sdkItems(json: CollectionJson): SdkItem[] {
  const found: SdkItem[] = [];
  (load(json) as unknown as { forEachItem(callback: (item: SdkItem) => void): void }).forEachItem((item) =>
    found.push(item),
  );
  return found;
}
const authOf = (item: SdkItem) => item.getAuth() as unknown as SdkAuth;

const schemaUrl = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const baseVariable = { api: '{{apiBaseUrl}}', data: '{{dataBaseUrl}}' } as const;

/** `GET /projects/:projectId`: an operation as Postman writes its request. */
const operationKey = ({ method, path }: OperationEntry) =>
  `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`;
const itemKey = (item: RequestItem) => `${item.request.method} /${item.request.url.path.join('/')}`;

/** One request per operation of the document, and one folder per tag its operations use. */
const expectedCounts = (name: DocumentName) => ({
  requests: documentedOperations(name).length,
  folders: tagsUsed(name).size,
});
/** The line `npm run postman` prints, for files written to `out`. */
const summaryLine = (out: string) => {
  const [api, data] = [expectedCounts('api'), expectedCounts('data')];
  return (
    `postman: api ${api.requests} requests in ${api.folders} folders, data ${data.requests} requests in ` +
    `${data.folders} folders and the environment written to ${out} (c3d-mock-api.postman_collection.json, ` +
    'c3d-mock-data.postman_collection.json, c3d-mock.postman_environment.json)'
  );
};

let dir: string;
let result: ExportResult;
const collections = {} as Record<DocumentName, CollectionJson>;
let environment: EnvironmentJson;

const readJson = async <T>(file: string) => JSON.parse(await readFile(join(dir, file), 'utf8')) as T;
const items = (name: DocumentName) => [...requestItems(collections[name].item)].map(({ item }) => item);
const envValue = (key: string) => environment.values.find((value) => value.key === key)?.value;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'c3d-postman-'));
  result = await exportPostman({ outDir: dir });
  for (const name of documentNames) collections[name] = await readJson<CollectionJson>(collectionFile(name));
  environment = await readJson<EnvironmentJson>(environmentFile);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Postman export: files', () => {
  it('writes two collections and the environment, and says so in one line', () => {
    expect(result.files).toEqual([
      'c3d-mock-api.postman_collection.json',
      'c3d-mock-data.postman_collection.json',
      'c3d-mock.postman_environment.json',
    ]);
    expect(result.counts).toEqual({ api: expectedCounts('api'), data: expectedCounts('data') });
    expect(summarize(result)).toBe(summaryLine(dir));
  });

  it('gives the same ids on every run', async () => {
    const again = join(dir, 'again');
    await exportPostman({ outDir: again });
    const second = JSON.parse(await readFile(join(again, collectionFile('data')), 'utf8')) as CollectionJson;
    expect(second).toEqual(collections.data);
  }, 60_000);
});

describe.each(documentNames)('Postman export: the %s collection', (name) => {
  it('is a v2.1 collection that postman-collection loads and writes back with every item', () => {
    const collection = collections[name];
    expect(collection.info.schema).toBe(schemaUrl);
    const written = load(collection).toJSON() as unknown as CollectionJson;
    const summary = (json: CollectionJson) =>
      [...requestItems(json.item)].map(({ item, folders }) => [
        folders.map((folder) => folder.name).join('/'),
        item.id,
        item.name,
        itemKey(item),
      ]);
    expect(summary(written)).toEqual(summary(collection));
    expect(summary(written)).toHaveLength(documentedOperations(name).length);
  });

  it('has a method, a URL and a unique id on every request, and one folder per tag', () => {
    const all = items(name);
    for (const item of all) {
      expect(item.request.method, item.name).toMatch(/^(GET|PUT|POST|DELETE|PATCH)$/);
      expect(item.request.url.host, item.name).toEqual([baseVariable[name]]);
      expect(item.request.url.path.length, item.name).toBeGreaterThan(0);
    }
    const ids = [...all.map((item) => item.id), ...collections[name].item.filter(isFolder).map((folder) => folder.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const tags = tagsUsed(name);
    expect(
      collections[name].item
        .filter(isFolder)
        .map((folder) => folder.name)
        .sort(),
    ).toEqual([...tags].sort());
  });

  it('holds every operation of the document exactly once', () => {
    const operations = documentedOperations(name).map(operationKey).sort();
    expect(items(name).map(itemKey).sort()).toEqual(operations);
  });

  it('points every URL, saved examples included, at the base-URL variable and never at a real host', () => {
    expect(collections[name].variable).toBeUndefined();
    const urls = items(name).flatMap((item) => [
      item.request.url,
      ...(item.response ?? []).flatMap((response) => (response.originalRequest ? [response.originalRequest.url] : [])),
    ]);
    expect(urls.length).toBeGreaterThan(items(name).length);
    for (const url of urls) {
      const text = new postman.Url(url).toString();
      expect(text.startsWith(`${baseVariable[name]}/`), text).toBe(true);
      expect(text).not.toMatch(/cognitive3d\.com/);
    }
  });

  it('sends the credential each operation accepts first, from an environment variable', () => {
    const document = bundledDocuments[name];
    const byKey = new Map(listOperations(document).map((entry) => [operationKey(entry), entry]));
    for (const item of sdkItems(collections[name])) {
      const entry = byKey.get(`${item.request.method} ${item.request.url.getPath(true)}`)!;
      const requirement = Object.keys(entry.operation.security?.[0] ?? {});
      const keyScheme = requirement.find((scheme) => !['sessionCookie', 'csrfHeader'].includes(scheme));
      const auth = authOf(item);
      const label = operationKey(entry);
      if (keyScheme) {
        expect(auth?.type, label).toBe('apikey');
        const parameters = auth!.parameters();
        expect([parameters.get('key'), parameters.get('value'), parameters.get('in')], label).toEqual([
          'Authorization',
          `{{${keyScheme}}}`,
          'header',
        ]);
      } else {
        expect(auth?.type, label).toBe('noauth');
      }
      const csrf = item.request.headers.get('c3d-csrf');
      expect(csrf, label).toBe(requirement.includes('csrfHeader') ? '{{csrfToken}}' : undefined);
    }
  });
});

describe('Postman export: credentials and bodies', () => {
  it('puts the organization key on the dashboard collection, the developer key on the data collection and the data key on the SDK folders', () => {
    const authValue = (auth: CollectionJson['auth']) =>
      auth?.type === 'apikey' ? auth.apikey.find((entry) => entry.key === 'value')?.value : auth?.type;
    expect(authValue(collections.api.auth)).toBe('{{orgKey}}');
    expect(authValue(collections.data.auth)).toBe('{{developerKey}}');
    expect(
      Object.fromEntries(collections.data.item.filter(isFolder).map((folder) => [folder.name, authValue(folder.auth)])),
    ).toEqual({
      DeveloperTools: undefined,
      SceneUploads: undefined,
      ObjectUploads: undefined,
      EditorLookups: undefined,
      Ingest: '{{dataKey}}',
      ExitPoll: '{{dataKey}}',
      RemoteVariables: '{{dataKey}}',
    });
    expect(
      Object.fromEntries(
        collections.api.item
          .filter(isFolder)
          .filter((folder) => folder.auth)
          .map((folder) => [folder.name, authValue(folder.auth)]),
      ),
    ).toEqual({ Sessions: 'noauth', Account: 'noauth' });
  });

  it('keeps the CSRF token the login and the current session answer', () => {
    const scripted = items('api')
      .filter((item) => item.event?.length)
      .map(itemKey)
      .sort();
    expect(scripted).toEqual(['GET /sessions/current', 'POST /sessions']);
    const login = items('api').find((item) => itemKey(item) === 'POST /sessions')!;
    expect(login.event).toEqual([
      {
        listen: 'test',
        script: {
          type: 'text/javascript',
          exec: ["if (pm.response.code === 200) pm.environment.set('csrfToken', pm.response.json().csrf);"],
        },
      },
    ]);
  });

  it('sends required query parameters with their examples and leaves optional ones unticked', () => {
    const query = (name: DocumentName, key: string) =>
      (items(name).find((item) => itemKey(item) === key)!.request.url.query ?? []).map((param) => [
        param.key,
        param.value,
        param.disabled ?? false,
      ]);
    expect(
      query('api', 'DELETE /versions/:versionId/objects/:objectId').map(([key, , disabled]) => [key, disabled]),
    ).toEqual([
      ['versionNumber', true],
      ['sdkSceneId', true],
    ]);
    expect(query('api', 'GET /questionSets')).toEqual([['projectIds', '1001', false]]);
    expect(query('data', 'POST /events/:sceneId')).toEqual([['version', '2', false]]);
    expect(query('data', 'GET /remotevariables')).toEqual([['identifier', 'trainee-0042', false]]);
  });

  it('makes multipart parts files to pick (or the documented text) and raw uploads a file body', () => {
    const find = (name: DocumentName, key: string) => items(name).find((item) => itemKey(item) === key)!.request;
    const reviews = find('api', 'POST /projects/:projectId/reviews');
    expect(reviews.body).toEqual({
      mode: 'formdata',
      formdata: [
        {
          key: 'reviews',
          type: 'text',
          value:
            'rating,title,body,author,reviewedAt,sdkSessionId,versionId\n4,Great forklift practice,"Realistic warehouse, the steering takes some getting used to.",Sam K.,2026-01-05T10:12:00.000Z,1767605400_6826c6e1a9d24f6b,3002\n',
          description: 'The reviews CSV.',
        },
      ],
    });
    expect(reviews.header.map((header) => header.key)).toEqual(['Accept']);
    expect(find('data', 'POST /scenes/:sceneId/screenshot').body).toEqual({
      mode: 'formdata',
      formdata: [{ key: 'screenshot', type: 'file', src: null, description: 'The thumbnail (PNG).' }],
    });
    const scene = find('data', 'POST /scenes').body;
    expect(scene?.mode === 'formdata' && scene.formdata.map((part) => [part.key, part.type, part.disabled])).toEqual([
      ['scene.gltf', 'file', true],
      ['scene.bin', 'file', true],
      ['screenshot.png', 'file', true],
      ['settings.json', 'file', true],
      ['screenshot', 'file', true],
      ['file', 'file', true],
    ]);
    const media = find('api', 'PUT /projects/:projectId/media/:mediaId/files/:fileName');
    expect(media.body).toEqual({ mode: 'file', file: { src: null } });
    expect(media.header.find((header) => header.key === 'Content-Type')?.value).toBe('image/png');
    expect(find('data', 'POST /audio').body).toEqual({ mode: 'file', file: { src: null } });
  });
});

describe('Postman export: the environment', () => {
  it('is a Postman environment with the mock base URLs, the default seed keys and the CSRF slot', () => {
    expect(environment).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'c3d-mock',
      values: [
        { key: 'apiBaseUrl', value: 'http://127.0.0.1:4010/v0', type: 'default', enabled: true },
        { key: 'dataBaseUrl', value: 'http://127.0.0.1:4011/v0', type: 'default', enabled: true },
        { key: 'orgKey', value: keys.acmeWrite, type: 'secret', enabled: true },
        { key: 'legacyOrgKey', value: keys.acmeLegacy, type: 'secret', enabled: true },
        { key: 'domainKey', value: keys.domain, type: 'secret', enabled: true },
        { key: 'developerKey', value: keys.developer, type: 'secret', enabled: true },
        { key: 'dataKey', value: keys.data1001, type: 'secret', enabled: true },
        { key: 'csrfToken', value: '', type: 'secret', enabled: true },
      ],
      _postman_variable_scope: 'environment',
    });
  });

  it('holds keys that are live in the default seed, and every variable the collections use', async () => {
    const seed = JSON.parse(await readFile(`${repoRoot}fixtures/default.json`, 'utf8')) as Record<
      string,
      Record<string, unknown>[]
    >;
    const live = Object.values(seed).flatMap((table) =>
      table
        .filter((record) => typeof record.secret === 'string' && record.revoked !== true)
        .map((record) => record.secret),
    );
    for (const key of keyKindNames) expect(live, key).toContain(envValue(key));
    const used = new Set<string>();
    for (const name of documentNames)
      for (const match of JSON.stringify(collections[name]).matchAll(/\{\{([A-Za-z]+)\}\}/g)) used.add(match[1]!);
    const defined = environment.values.map((value) => value.key);
    expect([...used].filter((variable) => !defined.includes(variable))).toEqual([]);
    expect([...used].sort()).toEqual(['apiBaseUrl', 'csrfToken', 'dataBaseUrl', 'dataKey', 'developerKey', 'orgKey']);
  });
});

describe('Postman export: against the mock', () => {
  it('sends requests of the collections (auth from the collection, a folder, JSON and multipart bodies), resolved with the environment, and gets 2xx', async () => {
    const server = await startServer({ port: 0, dataPort: 0, validateResponses: true });
    try {
      const scope = new VariableScope({
        values: environment.values.map((value) => ({
          ...value,
          value: { apiBaseUrl: server.urls.api, dataBaseUrl: server.urls.data }[value.key] ?? value.value,
        })),
      });
      const send = async (name: DocumentName, key: string) => {
        const found = sdkItems(collections[name]).find(
          (item) => `${item.request.method} ${item.request.url.getPath(true)}` === key,
        );
        if (!found) throw new Error(`no request ${key}`);
        const request = new Request(scope.replaceIn(found.request.toJSON()));
        const headers = new Headers(
          request.getHeaders({ enabled: true, ignoreCase: false, multiValue: false, sanitizeKeys: false }) as Record<
            string,
            string
          >,
        );
        const auth = authOf(found);
        if (auth?.type === 'apikey')
          headers.set(auth.parameters().get('key'), scope.replaceIn(auth.parameters().get('value')) as string);
        let body: BodyInit | undefined;
        if (request.body?.mode === 'raw') body = request.body.raw;
        if (request.body?.mode === 'formdata') {
          const form = new FormData();
          for (const part of request.body.formdata.all() as unknown as {
            key: string;
            value: string;
            disabled?: boolean;
          }[]) {
            if (!part.disabled) form.append(part.key, part.value);
          }
          body = form;
        }
        const answer = await fetch(request.url.toString(), { method: request.method, headers, body });
        const text = await answer.text();
        return {
          status: answer.status,
          body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined,
          text,
        };
      };

      const project = await send('api', 'GET /projects/:projectId');
      expect(project.status).toBe(200);
      expect(project.body).toMatchObject({ id: 1001, name: 'Acme Training' });

      const reviews = await send('api', 'POST /projects/:projectId/reviews');
      expect(reviews.status, reviews.text).toBe(200);
      expect(reviews.body).toEqual({ imported: 1 });

      const verify = await send('data', 'GET /apiKeys/verify');
      expect(verify.status, verify.text).toBe(200);
      expect(verify.text).toBe('');

      const events = await send('data', 'POST /events/:sceneId');
      expect(events.status, events.text).toBe(200);
      expect(events.body).toEqual({});
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe('Postman export: npm run postman', () => {
  const run = promisify(execFile);
  const cli = [`${repoRoot}node_modules/.bin/tsx`, `${repoRoot}src/postman/cli.ts`] as const;

  it('writes the files where --out says, with the base URLs --api and --data give', async () => {
    const out = join(dir, 'cli');
    const { stdout } = await run(
      cli[0],
      [cli[1], '--out', out, '--api', 'http://mock.test:8080/v0/', '--data', 'http://mock.test:8081/v0'],
      { cwd: repoRoot },
    );
    expect(stdout).toBe(`${summaryLine(out)}\n`);
    const written = JSON.parse(await readFile(join(out, environmentFile), 'utf8')) as EnvironmentJson;
    expect(written.values.slice(0, 2).map((value) => value.value)).toEqual([
      'http://mock.test:8080/v0',
      'http://mock.test:8081/v0',
    ]);
  }, 60_000);

  it('refuses a base URL that is not an http(s) URL', async () => {
    const failure = await run(cli[0], [cli[1], '--out', join(dir, 'refused'), '--api', 'ftp://mock.test/v0'], {
      cwd: repoRoot,
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect('stderr' in failure && failure.stderr.split('\n')[0]).toBe(
      'postman: --api: ftp://mock.test/v0 is not an http(s) URL',
    );
  }, 60_000);
});
