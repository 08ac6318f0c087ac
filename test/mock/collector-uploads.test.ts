import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const gltf = JSON.stringify({ asset: { version: '2.0' } });
const base64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64');

type Part = [name: string, content: string | Uint8Array, type: string];

function form(parts: Part[], field = (name: string) => name): FormData {
  const data = new FormData();
  for (const [name, content, type] of parts) data.append(field(name), new Blob([content as BlobPart], { type }), name);
  return data;
}

const settings = (fields: object) => JSON.stringify(fields);
const sceneParts = (name: string, extra: Part[] = []): Part[] => [
  ['scene.gltf', gltf, 'model/gltf+json'],
  ['scene.bin', new Uint8Array([0, 0, 32, 193]), 'application/octet-stream'],
  ['settings.json', settings({ scale: 2, sceneName: name, sdkVersion: '1.6.5' }), 'application/json'],
  ...extra,
];

const newSceneId = '0b5e8d2a-6c3f-4f1e-9a7d-2e4c6b8a0f13';

describe('collector: scene uploads', () => {
  it("lists the scenes of the key's project and answers one scene with its versions (no stats)", async () => {
    const list = await t.data('GET', '/scenes', { as: keys.developer });
    expect(list.status).toBe(200);
    expect(list.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect(list.body.map((s: { id: string }) => s.id)).toEqual([ids.warehouse]);
    const scene = await t.data('GET', `/scenes/${ids.warehouse}`, { as: keys.developer });
    expect(scene.status).toBe(200);
    expect(scene.body.versions.map((v: { id: number; versionNumber: number }) => [v.id, v.versionNumber])).toEqual([
      [3001, 1],
      [3002, 2],
    ]);
    expect(scene.body.versions[0].stats).toBeUndefined();
    expect((await t.data('GET', `/scenes/${ids.controlRoom}`, { as: keys.developer })).status).toBe(404);
    expect((await t.data('GET', `/scenes/${ids.warehouse}/`, { as: keys.developer })).status).toBe(404);
  });

  it('creates a scene from a multipart upload: 201 with the bare UUID as text, then version 2 via POST /scenes/{id}', async () => {
    const created = await t.data('POST', `/scenes?sceneId=${newSceneId}&sdkType=UNITY`, {
      as: keys.developer,
      body: form(sceneParts('Loading Dock', [['screenshot.png', png, 'image/png']])),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(created.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect(created.text).toBe(newSceneId);

    const first = await t.data('GET', `/scenes/${newSceneId}`, { as: keys.developer });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: newSceneId,
      sdkFacingId: newSceneId,
      sceneName: 'Loading Dock',
      projectId: 1001,
      customerId: 101,
      sceneCreationMethod: 'NORMAL',
      latestScreenshotLocation: `scenes/${newSceneId}/1/screenshot/screenshot.png`,
    });
    expect(first.body.versions).toHaveLength(1);
    expect(first.body.versions[0]).toMatchObject({
      versionNumber: 1,
      scale: 2,
      sdkVersion: '1.6.5',
      sceneFileType: 'gltf',
      sessionCount: 0,
    });
    const stored = t.mock.store.tables.sceneVersions.get(first.body.versions[0].id)!;
    expect(stored.internal.files).toEqual({
      'scene.gltf': { contentType: 'model/gltf+json', base64: base64(gltf) },
      'scene.bin': { contentType: 'application/octet-stream', base64: 'AAAgwQ==' },
      'settings.json': {
        contentType: 'application/json',
        base64: base64(settings({ scale: 2, sceneName: 'Loading Dock', sdkVersion: '1.6.5' })),
      },
      'screenshot.png': { contentType: 'image/png', base64: base64(png) },
    });

    const second = await t.data('POST', `/scenes/${newSceneId}`, {
      as: keys.developer,
      body: form([
        ['scene.gltf', gltf, 'application/octet-stream'],
        ['settings.json', settings({ sceneName: 'Loading Dock East', sdkVersion: '1.7.0' }), 'application/json'],
      ]),
    });
    expect(second.status).toBe(200);
    expect(second.text).toBe('');
    expect(second.headers.get('cvr-request-time')).toMatch(/^\d+$/);

    const data = await t.data('GET', `/scenes/${newSceneId}`, { as: keys.developer });
    expect(data.body.sceneName).toBe('Loading Dock East');
    expect(
      data.body.versions.map((v: { versionNumber: number; scale: number; sdkVersion: string }) => [
        v.versionNumber,
        v.scale,
        v.sdkVersion,
      ]),
    ).toEqual([
      [1, 2, '1.6.5'],
      [2, 2, '1.7.0'],
    ]);
    const api = await t.api('GET', `/scenes/${newSceneId}`, { as: keys.acmeRead });
    expect(api.status).toBe(200);
    expect(api.body.versions.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([1, 2]);
    expect((await t.data('GET', '/scenes', { as: keys.developer })).body.map((s: { id: string }) => s.id)).toEqual([
      ids.warehouse,
      newSceneId,
    ]);
  });

  it('takes the Unity layout too: every file in a part named `file`, the server making the id when none is given', async () => {
    const created = await t.data('POST', '/scenes', {
      as: keys.developer,
      body: form(sceneParts('Yard'), () => 'file'),
    });
    expect(created.status).toBe(201);
    expect(created.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const scene = t.mock.store.tables.scenes.get(created.text)!;
    expect(scene.record).toMatchObject({ sceneName: 'Yard', projectId: 1001, latestScreenshotLocation: null });
    const [version] = t.mock.store.tables.sceneVersions.children('sceneId', created.text);
    expect(Object.keys(version!.internal.files as object).sort()).toEqual(['scene.bin', 'scene.gltf', 'settings.json']);
  });

  it('refuses an existing scene id, and an upload without a valid settings.json (400, nothing stored)', async () => {
    const taken = await t.data('POST', `/scenes?sceneId=${ids.warehouse}`, {
      as: keys.developer,
      body: form(sceneParts('Copy')),
    });
    expect(taken.status).toBe(400);
    expect(taken.body.field).toBe('query.sceneId');
    const noSettings = await t.data('POST', `/scenes?sceneId=${newSceneId}`, {
      as: keys.developer,
      body: form([['scene.gltf', gltf, 'model/gltf+json']]),
    });
    expect(noSettings.status).toBe(400);
    expect(noSettings.body).toMatchObject({ code: 400, field: 'settings.json' });
    const badSettings = await t.data('POST', `/scenes?sceneId=${newSceneId}`, {
      as: keys.developer,
      body: form([['settings.json', settings({ scale: 1 }), 'application/json']]),
    });
    expect(badSettings.status).toBe(400);
    expect(t.mock.store.tables.scenes.get(newSceneId)).toBeUndefined();
    expect(t.mock.store.tables.scenes.size).toBe(3);
    expect((await t.data('POST', '/scenes', { as: keys.developer, json: { sceneName: 'x' } })).status).toBe(415);
  });

  it('replaces the files of an existing version (PUT ?version=n&force=true): sent parts replace, others stay', async () => {
    const before = t.mock.store.tables.sceneVersions.get(3001)!.internal.files as Record<string, { base64: string }>;
    const texture = new Uint8Array([9, 9, 9]);
    const answer = await t.data('PUT', `/scenes/${ids.warehouse}?version=1&force=true`, {
      as: keys.developer,
      body: form([
        ['scene.gltf', gltf, 'model/gltf+json'],
        ['floor_albedo.png', texture, 'image/png'],
        ['settings.json', settings({ sceneName: 'Warehouse', scale: 1.5 }), 'application/json'],
      ]),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    const after = t.mock.store.tables.sceneVersions.get(3001)!;
    const files = after.internal.files as Record<string, { base64: string }>;
    expect(files['scene.gltf']!.base64).toBe(base64(gltf));
    expect(files['floor_albedo.png']!.base64).toBe(base64(texture));
    expect(files['scene.bin']).toEqual(before['scene.bin']);
    expect(files['screenshot.png']).toEqual(before['screenshot.png']);
    expect(after.record.scale).toBe(1.5);
    expect(t.mock.store.tables.sceneVersions.children('sceneId', ids.warehouse)).toHaveLength(2);

    const unknown = await t.data('PUT', `/scenes/${ids.warehouse}?version=7&force=true`, {
      as: keys.developer,
      body: form([['scene.gltf', gltf, 'model/gltf+json']]),
    });
    expect(unknown.status).toBe(404);
  });

  it("stores a screenshot as the version's screenshot.png and points the scene at it", async () => {
    const shot = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);
    // The Unity SDK's part is named `screenshot`, whatever its file name.
    const answer = await t.data('POST', `/scenes/${ids.warehouse}/screenshot?version=1`, {
      as: keys.developer,
      body: form([['Warehouse_thumb.png', shot, 'image/png']], () => 'screenshot'),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    const scene = await t.data('GET', `/scenes/${ids.warehouse}`, { as: keys.developer });
    expect(scene.body.latestScreenshotLocation).toBe(`scenes/${ids.warehouse}/1/screenshot/screenshot.png`);
    expect(
      (t.mock.store.tables.sceneVersions.get(3001)!.internal.files as Record<string, unknown>)['screenshot.png'],
    ).toEqual({ contentType: 'image/png', base64: base64(shot) });
    expect(
      (
        await t.data('POST', `/scenes/${ids.warehouse}/screenshot?version=3`, {
          as: keys.developer,
          body: form([['screenshot', shot, 'image/png']]),
        })
      ).status,
    ).toBe(404);
  });

  it("refuses uploads to another project's scene (404) and uploads by a project observer's developer key (403)", async () => {
    expect(
      (
        await t.data('POST', `/scenes/${ids.controlRoom}`, {
          as: keys.developer,
          body: form(sceneParts('Control Room')),
        })
      ).status,
    ).toBe(404);
    t.mock.store.tables.developerKeys.insert(
      { id: 3, userId: 16, projectId: 1001, expiresAt: 4102444800000 },
      { secret: 'APIKEY:DEVELOPER de000000000000000000000000000016' },
    );
    const viewer = 'APIKEY:DEVELOPER de000000000000000000000000000016';
    expect((await t.data('GET', `/scenes/${ids.warehouse}`, { as: viewer })).status).toBe(200);
    const refused = await t.data('POST', `/scenes/${ids.warehouse}`, {
      as: viewer,
      body: form(sceneParts('Warehouse')),
    });
    expect(refused.status).toBe(403);
    expect(t.mock.store.tables.sceneVersions.children('sceneId', ids.warehouse)).toHaveLength(2);
  });
});

describe('collector: object uploads', () => {
  const manifest = {
    objects: [
      {
        id: 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
        mesh: 'forklift',
        name: 'Forklift Mk2',
        scaleCustom: [1, 1, 1],
        initialPosition: [5, 0, -2],
        initialRotation: [0, 0, 0, 1],
      },
      {
        id: 'crate_01',
        mesh: 'crate',
        name: 'Crate',
        scaleCustom: [2, 2, 2],
        initialPosition: [1, 0, 1],
        initialRotation: [0, 0.7071, 0, 0.7071],
      },
    ],
  };

  it('lists the objects of a version with their files', async () => {
    const answer = await t.data('GET', '/versions/3002/objects', { as: keys.developer });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect(answer.body.map((o: { id: number }) => o.id)).toEqual([4001, 4002]);
    expect(answer.body[0].files.map((f: { name: string }) => f.name)).toEqual([
      'forklift.gltf',
      'forklift.bin',
      'cvr_object_thumbnail.png',
    ]);
    expect((await t.data('GET', '/versions/3004/objects', { as: keys.developer })).status).toBe(404);
  });

  it('uploads a mesh, then a manifest: new objects get the mesh files, known sdkIds are updated', async () => {
    const mesh = await t.data('POST', `/objects/${ids.warehouse}/crate?version=2`, {
      as: keys.developer,
      body: form(
        [
          ['crate.gltf', gltf, 'model/gltf+json'],
          ['crate.bin', new Uint8Array([1, 2]), 'application/octet-stream'],
          ['cvr_object_thumbnail.png', png, 'image/png'],
        ],
        () => 'file',
      ),
    });
    expect(mesh.status).toBe(200);
    expect(mesh.headers.get('cvr-request-time')).toMatch(/^\d+$/);

    const uploaded = await t.data('POST', `/objects/${ids.warehouse}?version=2`, {
      as: keys.developer,
      json: manifest,
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.text).toBe('');

    const objects = (await t.data('GET', '/versions/3002/objects', { as: keys.developer })).body;
    expect(objects).toHaveLength(3);
    const forklift = objects.find((o: { id: number }) => o.id === 4001);
    expect(forklift).toMatchObject({ name: 'Forklift Mk2', meshName: 'forklift', initialPositionX: 5 });
    expect(forklift.files).toHaveLength(3);
    const crate = objects.find((o: { sdkId: string }) => o.sdkId === 'crate_01');
    expect(crate).toMatchObject({
      versionId: 3002,
      name: 'Crate',
      meshName: 'crate',
      scaleCustomX: 2,
      initialRotationY: 0.7071,
      initialRotationW: 0.7071,
      thumbnailLocation: 'objects/crate/cvr_object_thumbnail.png',
      dynamicFileType: 'gltf',
    });
    expect(
      crate.files.map((f: { name: string; type: string; location: string }) => [f.name, f.type, f.location]),
    ).toEqual([
      ['crate.gltf', 'gltf', 'objects/crate/'],
      ['crate.bin', 'bin', 'objects/crate/'],
      ['cvr_object_thumbnail.png', 'png', 'objects/crate/'],
    ]);
    expect(new Set(objects.flatMap((o: { files: { id: number }[] }) => o.files.map((f) => f.id))).size).toBe(9);
    expect(
      (t.mock.store.tables.dynamicObjects.get(crate.id)!.internal.fileData as Record<string, { base64: string }>)[
        'crate.bin'
      ]!.base64,
    ).toBe('AQI=');

    // The dashboard sees the new object too.
    const api = await t.api('GET', '/versions/3002/objects', { as: keys.acmeRead });
    expect(api.body.map((o: { sdkId: string }) => o.sdkId)).toContain('crate_01');
  });

  it('re-uploading a mesh updates the files of the objects using it', async () => {
    const newGltf = JSON.stringify({ asset: { version: '2.0', generator: 'v2' } });
    const answer = await t.data('POST', `/objects/${ids.warehouse}/forklift?version=2`, {
      as: keys.developer,
      body: form([
        ['forklift.gltf', newGltf, 'model/gltf+json'],
        ['forklift_albedo.webp', new Uint8Array([5]), 'image/webp'],
      ]),
    });
    expect(answer.status).toBe(200);
    const forklift = t.mock.store.tables.dynamicObjects.get(4001)!;
    expect((forklift.internal.fileData as Record<string, { base64: string }>)['forklift.gltf']!.base64).toBe(
      base64(newGltf),
    );
    const files = forklift.record.files as { id: number; name: string; type: string }[];
    expect(files.map((f) => f.name)).toEqual([
      'forklift.gltf',
      'forklift.bin',
      'cvr_object_thumbnail.png',
      'forklift_albedo.webp',
    ]);
    expect(files[0]!.id).toBe(5001);
    expect(files[3]!.type).toBe('webp');
    // The same mesh in version 1 is another object, left alone.
    expect((t.mock.store.tables.dynamicObjects.get(4003)!.record.files as unknown[]).length).toBe(3);
  });

  it('refuses files a mesh cannot hold (400) and versions the scene does not have (404)', async () => {
    const bad = await t.data('POST', `/objects/${ids.warehouse}/crate?version=2`, {
      as: keys.developer,
      body: form([['crate.fbx', 'x', 'application/octet-stream']]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('crate.fbx');
    expect(
      (await t.data('POST', `/objects/${ids.warehouse}?version=9`, { as: keys.developer, json: manifest })).status,
    ).toBe(404);
    expect(t.mock.store.tables.dynamicObjects.children('versionId', 3002)).toHaveLength(2);
  });
});
