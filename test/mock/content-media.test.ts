import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';
import { png, jpeg } from '../support/files.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

// A real 1×1 PNG and the start of a JPEG (its signature is all the mock sniffs).

async function newMedia(name = 'Briefing poster') {
  const created = await t.api('POST', '/projects/1001/media', {
    as: keys.acmeWrite,
    json: { name, description: 'Poster by the door.', staticMedia: true },
  });
  expect(created.status).toBe(200);
  return created.body as { id: number; uploadId: string };
}

describe('media library', () => {
  it('creates a media item without a file; the list shows it', async () => {
    const created = await t.api('POST', '/projects/1001/media', {
      as: keys.acmeWrite,
      json: {
        name: 'Safety briefing video',
        description: '360° briefing.',
        staticMedia: false,
        externalUrl: 'https://media.acme.example/b.mp4',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 705,
      name: 'Safety briefing video',
      uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      staticMedia: false,
      archived: false,
      description: '360° briefing.',
      thumbnailLocation: null,
      fileName: null,
      contentType: null,
      externalUrl: 'https://media.acme.example/b.mp4',
    });
    const list = await t.api('GET', '/projects/1001/media', { as: keys.acmeRead });
    expect(list.body.map((m: { id: number }) => m.id)).toEqual([701, 702, 705]);
    expect(t.mock.store.tables.media.get(705)!.internal).toEqual({ projectId: 1001 });
  });

  it('leaves archived items out with excludeArchived=true', async () => {
    t.mock.store.tables.media.update(702, { record: { archived: true } });
    const all = await t.api('GET', '/projects/1001/media', { as: keys.acmeRead });
    expect(all.body.map((m: { id: number }) => m.id)).toEqual([701, 702]);
    const kept = await t.api('GET', '/projects/1001/media?excludeArchived=true', { as: keys.acmeRead });
    expect(kept.body.map((m: { id: number }) => m.id)).toEqual([701]);
  });

  it('serves the seeded file with its type and length', async () => {
    const answer = await t.api('GET', '/projects/1001/media/701/files/floor_plan.png', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/png');
    const stored = Buffer.from(
      (t.mock.store.tables.media.get(701)!.internal.file as { base64: string }).base64,
      'base64',
    );
    expect(Buffer.from(answer.bytes).equals(stored)).toBe(true);
    expect(answer.headers.get('content-length')).toBe(String(stored.length));
  });

  it('uploads a PNG and serves it back byte for byte', async () => {
    const { id } = await newMedia();
    const uploaded = await t.api('PUT', `/projects/1001/media/${id}/files/poster.png`, {
      as: keys.acmeWrite,
      body: png,
      contentType: 'image/png',
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ id, fileName: 'poster.png', contentType: 'image/png' });
    const downloaded = await t.api('GET', `/projects/1001/media/${id}/files/poster.png`, { as: keys.acmeRead });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(downloaded.headers.get('content-length')).toBe(String(png.length));
    expect(downloaded.bytes).toEqual(png);
    const list = await t.api('GET', '/projects/1001/media', { as: keys.acmeRead });
    expect(list.body.find((m: { id: number }) => m.id === id)).toMatchObject({
      fileName: 'poster.png',
      contentType: 'image/png',
    });
  });

  it('refuses JPEG bytes declared as image/png (415) and stores nothing', async () => {
    const { id } = await newMedia();
    const refused = await t.api('PUT', `/projects/1001/media/${id}/files/poster.png`, {
      as: keys.acmeWrite,
      body: jpeg,
      contentType: 'image/png',
    });
    expect(refused.status).toBe(415);
    expect(refused.body).toEqual({
      code: 415,
      message: 'Content-Type image/png contradicts the body: the bytes are not image/png (they are image/jpeg)',
    });
    const row = t.mock.store.tables.media.get(id)!;
    expect(row.internal.file).toBeUndefined();
    expect(row.record).toMatchObject({ fileName: null, contentType: null });
    expect((await t.api('GET', `/projects/1001/media/${id}/files/poster.png`, { as: keys.acmeRead })).status).toBe(404);
  });

  it('stores bytes with no known signature as declared (application/octet-stream)', async () => {
    const { id } = await newMedia();
    const bytes = new TextEncoder().encode('forklift route: A -> B -> C\n');
    const uploaded = await t.api('PUT', `/projects/1001/media/${id}/files/route.txt`, {
      as: keys.acmeWrite,
      body: bytes,
      contentType: 'application/octet-stream',
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ fileName: 'route.txt', contentType: 'application/octet-stream' });
    const downloaded = await t.api('GET', `/projects/1001/media/${id}/files/route.txt`, { as: keys.acmeRead });
    expect(downloaded.headers.get('content-type')).toBe('application/octet-stream');
    expect(downloaded.headers.get('content-length')).toBe(String(bytes.length));
    expect(downloaded.bytes).toEqual(bytes);
  });

  it('replaces a previous file; the old name is then 404', async () => {
    const uploaded = await t.api('PUT', '/projects/1001/media/701/files/floor_plan.jpg', {
      as: keys.acmeWrite,
      body: jpeg,
      contentType: 'image/jpeg',
    });
    expect(uploaded.body).toMatchObject({ fileName: 'floor_plan.jpg', contentType: 'image/jpeg' });
    expect((await t.api('GET', '/projects/1001/media/701/files/floor_plan.png', { as: keys.acmeRead })).status).toBe(
      404,
    );
    const downloaded = await t.api('GET', '/projects/1001/media/701/files/floor_plan.jpg', { as: keys.acmeRead });
    expect(downloaded.headers.get('content-type')).toBe('image/jpeg');
    expect(downloaded.bytes).toEqual(jpeg);
  });

  it('answers 404 for a wrong file name, an item without a file, or an unknown item', async () => {
    expect((await t.api('GET', '/projects/1001/media/701/files/other.png', { as: keys.acmeRead })).status).toBe(404);
    const noFile = await t.api('GET', '/projects/1001/media/702/files/briefing.mp4', { as: keys.acmeRead });
    expect(noFile.status).toBe(404);
    expect(noFile.body).toEqual({ code: 404, message: 'Not found' });
    expect(
      (
        await t.api('PUT', '/projects/1001/media/799/files/a.png', {
          as: keys.acmeWrite,
          body: png,
          contentType: 'image/png',
        })
      ).status,
    ).toBe(404);
  });

  it("hides another tenant's media (404), by its project or through one's own", async () => {
    const foreign = await t.api('GET', '/projects/2001/media/703/files/control_panel.png', { as: keys.acmeRead });
    expect(foreign.status).toBe(404);
    const viaOwnProject = await t.api('GET', '/projects/1001/media/703/files/control_panel.png', { as: keys.acmeRead });
    expect(viaOwnProject.status).toBe(404);
    expect(viaOwnProject.body).toEqual({ code: 404, message: 'Not found' });
    expect((await t.api('DELETE', '/projects/1001/media/703', { as: keys.acmeWrite })).status).toBe(404);
    expect((await t.api('GET', '/projects/1001/media/703/pointOfInterests', { as: keys.acmeRead })).status).toBe(404);
    expect(t.mock.store.tables.media.get(703)).toBeDefined();
  });

  it('lists the points of interest of a media item', async () => {
    const answer = await t.api('GET', '/projects/1001/media/701/pointOfInterests', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      {
        id: 721,
        mediaId: 701,
        time: 0,
        position: [1.2, 0.4, 0],
        label: 'Loading dock',
        description: 'Where forklifts enter the warehouse.',
      },
    ]);
    expect((await t.api('GET', '/projects/1001/media/702/pointOfInterests', { as: keys.acmeRead })).body).toEqual([]);
  });

  it('deletes a media item with its file and points of interest', async () => {
    const deleted = await t.api('DELETE', '/projects/1001/media/701', { as: keys.acmeWrite });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(
      (await t.api('GET', '/projects/1001/media', { as: keys.acmeRead })).body.map((m: { id: number }) => m.id),
    ).toEqual([702]);
    expect((await t.api('GET', '/projects/1001/media/701/files/floor_plan.png', { as: keys.acmeRead })).status).toBe(
      404,
    );
    expect(t.mock.store.tables.pointsOfInterest.get(721)).toBeUndefined();
  });

  it('refuses an observer of the project (403) and changes nothing', async () => {
    const viewer = await t.login('viewer@acme.example');
    expect((await t.api('GET', '/projects/1001/media', { as: viewer })).status).toBe(200);
    const upload = await t.api('PUT', '/projects/1001/media/701/files/x.png', {
      as: viewer,
      body: png,
      contentType: 'image/png',
    });
    expect(upload.status).toBe(403);
    expect(
      (
        await t.api('POST', '/projects/1001/media', {
          as: viewer,
          json: { name: 'x', description: '', staticMedia: true },
        })
      ).status,
    ).toBe(403);
    expect(t.mock.store.tables.media.get(701)!.record.fileName).toBe('floor_plan.png');
  });
});
