import type { MediaTypeObject, OpenAPI3, RequestBodyObject, SchemaObject } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { compiledHosts } from '../../src/core/mock.ts';
import type { CompiledOperation } from '../../src/spec/compile.ts';
import { bundledDocuments } from '../../src/spec/load.ts';
import { listOperations, resolve, type OperationEntry } from '../../src/spec/operations.ts';
import { ids, keys, startMock, type SendOptions } from '../support/mock.ts';
import { png } from '../support/files.ts';

/**
 * Every operation of both documents, sent as its documented example (parameters, query and body examples)
 * by a caller allowed to run it, must answer a documented 2xx (or, for the route the real API never serves,
 * 404). Run on a fresh store each, with every answer checked against the documents.
 */

function multipart(operationId: string): FormData {
  const form = new FormData();
  const file = (name: string, type: string, content: BlobPart) =>
    form.append(name, new Blob([content], { type }), name);
  if (operationId === 'importReviews') {
    file('reviews', 'text/csv', 'rating,title,body,author,reviewedAt\n5,Great,Loved it,Sam,2026-01-10T10:00:00.000Z\n');
  } else if (operationId === 'uploadSceneScreenshot') {
    file('screenshot', 'image/png', png);
  } else if (operationId === 'uploadObjectMesh') {
    file('forklift.gltf', 'model/gltf+json', '{"asset":{"version":"2.0"}}');
    file('cvr_object_thumbnail.png', 'image/png', png);
  } else {
    file('scene.gltf', 'model/gltf+json', '{"asset":{"version":"2.0"}}');
    file('scene.bin', 'application/octet-stream', new Uint8Array([0, 1, 2, 3]));
    file('screenshot.png', 'image/png', png);
    file(
      'settings.json',
      'application/json',
      JSON.stringify({ scale: 1, sceneName: 'Loading Dock', sdkVersion: '1.6.4' }),
    );
  }
  return form;
}

function exampleOf(schemaOrParameter: { example?: unknown; schema?: SchemaObject }, doc: OpenAPI3): unknown {
  if (schemaOrParameter.example !== undefined) return schemaOrParameter.example;
  const schema =
    schemaOrParameter.schema &&
    resolve<SchemaObject & { examples?: unknown[]; default?: unknown }>(doc, schemaOrParameter.schema);
  return schema?.examples?.[0] ?? schema?.default;
}

function exampleRequest(
  doc: OpenAPI3,
  entry: OperationEntry,
  operation: CompiledOperation,
): { path: string; options: SendOptions } {
  let path = entry.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of entry.parameters) {
    const value = exampleOf(parameter as never, doc);
    if (parameter.in === 'path') {
      if (value === undefined)
        throw new Error(`${operation.operationId}: path parameter ${parameter.name} has no example`);
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    } else if (parameter.in === 'query' && value !== undefined && parameter.required)
      query.set(parameter.name, String(value));
    else if (parameter.in === 'header' && value !== undefined && parameter.required)
      headers[parameter.name] = String(value);
  }
  const options: SendOptions = { headers };
  if (operation.body) {
    const body = resolve<RequestBodyObject>(doc, entry.operation.requestBody!);
    const [type, media] = Object.entries(body.content)[0] as [string, MediaTypeObject];
    if (operation.body.kind === 'json')
      options.json =
        media.example ??
        (Object.values(media.examples ?? {})[0] as { value?: unknown } | undefined)?.value ??
        exampleOf({ schema: media.schema as SchemaObject }, doc);
    else if (operation.body.kind === 'multipart') options.body = multipart(operation.operationId);
    else {
      const rawType = operation.body.mediaTypes.includes('image/png') ? 'image/png' : type.replace('/*', '/ogg');
      options.body = png;
      options.contentType = rawType;
    }
  }
  const search = query.toString();
  return { path: search ? `${path}?${search}` : path, options };
}

const cases = (['api', 'data'] as const).flatMap((host) => {
  const doc = bundledDocuments[host];
  const compiled = new Map(compiledHosts()[host].operations.map((operation) => [operation.operationId, operation]));
  return listOperations(doc).map((entry) => ({
    host,
    doc,
    entry,
    operation: compiled.get(entry.operation.operationId!)!,
  }));
});

async function callerFor(t: ReturnType<typeof startMock>, operation: CompiledOperation) {
  const kinds = operation.credentialKinds;
  if (kinds.size === 0) return undefined;
  if (kinds.has('developerKey')) return keys.developer;
  if (kinds.has('dataKey')) return keys.data1001;
  if (!kinds.has('sessionCookie')) return keys.acmeWrite;
  return t.login(operation.scope === 'user' ? 'owner@acme.example' : 'ops@domain.example');
}

describe('every operation answers its documented example', () => {
  it('covers both documents: every documented operation, each one the mock compiled', () => {
    const uncompiled = cases.filter((c) => c.operation === undefined).map((c) => c.entry.operation.operationId);
    expect(uncompiled).toEqual([]);
    const hosts = compiledHosts();
    expect(cases.length).toBe(hosts.api.operations.length + hosts.data.operations.length);
  });

  it.each(cases.map((c) => [`${c.host} ${c.operation.operationId}`, c] as const))(
    '%s',
    async (_name, { host, doc, entry, operation }) => {
      const t = startMock();
      const { path, options } = exampleRequest(doc, entry, operation);
      const answer = await t[host](operation.method.toUpperCase(), path.replace('{sceneId}', ids.warehouse), {
        ...options,
        as: await callerFor(t, operation),
      });
      if (operation.unserved) expect(answer.status).toBe(404);
      else expect(answer.status, answer.text.slice(0, 400)).toBeLessThan(300);
      expect([...operation.responses.keys()]).toContain(String(answer.status));
    },
  );
});
