import { fail } from '../../http/errors.ts';
import { file, noContent, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { fromBase64, storedFile } from '../shared/stored-files.ts';
import { records } from '../shared/views.ts';
import { findInProject, inProject } from './owned.ts';

/**
 * A project's media library: metadata items, their raw files (kept byte for byte, with their type) and points
 * of interest.
 */
export const mediaOperations = {
  listProjectMedia: ({ store, target, query }) => {
    const items = inProject(store.tables.media, target.project.key);
    return ok(records(query.excludeArchived === true ? items.filter((item) => item.record.archived !== true) : items));
  },

  createMedia: ({ store, target, body, auditTarget }) => {
    const table = store.tables.media;
    const id = table.nextKey();
    const row = table.insert(
      {
        id,
        name: body.name,
        uploadId: crypto.randomUUID(),
        staticMedia: body.staticMedia,
        archived: false,
        description: body.description,
        thumbnailLocation: null,
        fileName: null,
        contentType: null,
        externalUrl: body.externalUrl ?? null,
      },
      // Media records carry no projectId; the project is kept internally.
      { projectId: target.project.key },
    );
    auditTarget('media', id);
    return ok(row.record);
  },

  deleteMedia: ({ store, target, path, auditTarget }) => {
    const item = findInProject(store.tables.media, path.mediaId, target.project.key);
    for (const point of store.tables.pointsOfInterest.children('mediaId', item.key))
      store.tables.pointsOfInterest.delete(point.key);
    store.tables.media.delete(item.key);
    auditTarget('media', item.key);
    return noContent();
  },

  getMediaFile: ({ store, target, path }) => {
    const item = findInProject(store.tables.media, path.mediaId, target.project.key);
    const stored = item.internal.file;
    if (!stored || item.record.fileName !== path.fileName) return fail(404, 'Not found');
    return file(fromBase64(stored.base64), stored.contentType);
  },

  uploadMediaFile: ({ store, target, path, body, auditTarget }) => {
    const item = findInProject(store.tables.media, path.mediaId, target.project.key);
    // The pipeline has already refused (415) a declared type the bytes' signature contradicts.
    const upload = body;
    const stored = storedFile(upload);
    const row = store.tables.media.update(item.key, {
      record: { fileName: path.fileName, contentType: upload.contentType },
      internal: { file: stored },
    });
    auditTarget('media', item.key);
    return ok(row.record);
  },

  listMediaPointsOfInterest: ({ store, target, path }) => {
    const item = findInProject(store.tables.media, path.mediaId, target.project.key);
    const points = store.tables.pointsOfInterest.children('mediaId', item.key);
    return ok(records(points).sort((a, b) => Number(a.time) - Number(b.time) || Number(a.id) - Number(b.id)));
  },
} satisfies Implementations;
