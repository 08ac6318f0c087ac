import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/data.ts';
import type { Store, TableRow } from '../../store/store.ts';
import { emptyOk, ok } from '../shared/results.ts';
import type { Implementations } from '../shared/types.ts';
import { extensionOf, storedFile, uploadedParts, type StoredFile } from '../shared/stored-files.ts';
import { versionByNumber } from './scene-uploads.ts';

const fileTypes = new Set(['gltf', 'bin', 'png', 'jpg', 'jpeg', 'webp']);
const thumbnailName = 'cvr_object_thumbnail.png';
const meshFolder = (mesh: string) => `objects/${mesh}/`;

interface ManifestEntry {
  id: string;
  mesh: string;
  name: string;
  scaleCustom?: number[];
  initialPosition?: number[];
  initialRotation?: number[];
}

type ObjectFileType = components['schemas']['DynamicObjectFile']['type'];

const filesOf = (object: TableRow<'dynamicObjects'>) => object.record.files ?? [];

/**
 * Every file of a mesh in a version: those uploaded for the mesh (kept on the version under `objects/<mesh>/`,
 * since the manifest naming the objects may come later) and those of objects already using it.
 */
function meshFiles(store: Store, version: TableRow<'sceneVersions'>, mesh: string): Record<string, StoredFile> {
  const files: Record<string, StoredFile> = {};
  for (const object of store.tables.dynamicObjects.children('versionId', version.key)) {
    if (object.record.meshName === mesh) Object.assign(files, object.internal.fileData);
  }
  const folder = meshFolder(mesh);
  for (const [path, file] of Object.entries(version.internal.files ?? {})) {
    if (path.startsWith(folder)) files[path.slice(folder.length)] = file;
  }
  return files;
}

/** Hands out file ids above every one in use (object files live inside object records, not a table). */
function fileIds(store: Store): () => number {
  let highest = 0;
  for (const object of store.tables.dynamicObjects.all())
    for (const file of filesOf(object)) highest = Math.max(highest, file.id);
  return () => ++highest;
}

/** Gives an object the mesh's files: new names get a file record, names just uploaded a new `updatedAt`. */
function attachMeshFiles(
  store: Store,
  object: TableRow<'dynamicObjects'>,
  files: Record<string, StoredFile>,
  changed: Set<string>,
  nextFileId: () => number,
  now: number,
): void {
  const mesh = object.record.meshName ?? '';
  const records = filesOf(object).filter((file) => !(file.name in files));
  const existing = new Map(filesOf(object).map((file) => [file.name, file]));
  for (const name of Object.keys(files)) {
    const known = existing.get(name);
    records.push(
      known
        ? { ...known, updatedAt: changed.has(name) ? now : known.updatedAt }
        : {
            id: nextFileId(),
            // Mesh uploads take only these extensions (`fileTypes`).
            type: extensionOf(name) as ObjectFileType,
            name,
            location: meshFolder(mesh),
            forDynamic: true,
            createdAt: now,
            updatedAt: now,
          },
    );
  }
  const thumbnail = thumbnailName in files || records.some((file) => file.name === thumbnailName);
  store.tables.dynamicObjects.update(object.key, {
    record: {
      files: records,
      thumbnailLocation: thumbnail ? `${meshFolder(mesh)}${thumbnailName}` : (object.record.thumbnailLocation ?? null),
      updatedAt: now,
    },
    internal: { fileData: { ...object.internal.fileData, ...files } },
  });
}

const vector = (value: number[] | undefined, fallback: number[]) =>
  value && value.length === fallback.length ? value : fallback;

function manifestFields(entry: ManifestEntry, existing: TableRow<'dynamicObjects'> | undefined) {
  const current = existing?.record;
  const position = vector(entry.initialPosition, [
    current?.initialPositionX ?? 0,
    current?.initialPositionY ?? 0,
    current?.initialPositionZ ?? 0,
  ]);
  const rotation = vector(entry.initialRotation, [
    current?.initialRotationX ?? 0,
    current?.initialRotationY ?? 0,
    current?.initialRotationZ ?? 0,
    current?.initialRotationW ?? 1,
  ]);
  const scale = vector(entry.scaleCustom, [
    current?.scaleCustomX ?? 1,
    current?.scaleCustomY ?? 1,
    current?.scaleCustomZ ?? 1,
  ]);
  return {
    name: entry.name,
    meshName: entry.mesh,
    initialPositionX: position[0],
    initialPositionY: position[1],
    initialPositionZ: position[2],
    initialRotationX: rotation[0],
    initialRotationY: rotation[1],
    initialRotationZ: rotation[2],
    initialRotationW: rotation[3],
    scaleCustomX: scale[0],
    scaleCustomY: scale[1],
    scaleCustomZ: scale[2],
  };
}

/** Dynamic-object meshes, the object manifest, and the object list the editors read back. */
export const objectUploadOperations = {
  uploadObjectMesh: ({ store, target, path, query, body, now }) => {
    const version = versionByNumber(store, target.scene, query.version);
    const mesh = path.objectMeshName;
    const parts = uploadedParts(body);
    for (const part of parts) {
      if (!fileTypes.has(extensionOf(part.name)))
        fail(400, `${part.name}: a mesh upload takes .gltf, .bin, .png, .jpg, .jpeg and .webp files`, part.name);
    }
    const uploaded = Object.fromEntries(parts.map((part) => [part.name, storedFile(part)]));
    const versionFiles = { ...version.internal.files };
    for (const [name, file] of Object.entries(uploaded)) versionFiles[`${meshFolder(mesh)}${name}`] = file;
    store.tables.sceneVersions.update(version.key, { internal: { files: versionFiles } });

    const files = meshFiles(store, version, mesh);
    const changed = new Set(Object.keys(uploaded));
    const nextFileId = fileIds(store);
    for (const object of store.tables.dynamicObjects.children('versionId', version.key)) {
      if (object.record.meshName === mesh) attachMeshFiles(store, object, files, changed, nextFileId, now);
    }
    return emptyOk();
  },

  uploadObjectManifest: ({ store, target, query, body, now }) => {
    const version = versionByNumber(store, target.scene, query.version);
    const table = store.tables.dynamicObjects;
    const nextFileId = fileIds(store);
    for (const entry of body.objects) {
      const existing = table.children('versionId', version.key).find((object) => object.record.sdkId === entry.id);
      const fields = manifestFields(entry, existing);
      // An object moved to another mesh drops the old mesh's files.
      const meshChanged = existing !== undefined && existing.record.meshName !== entry.mesh;
      const object = existing
        ? table.update(existing.key, {
            record: { ...fields, updatedAt: now, ...(meshChanged ? { files: [], thumbnailLocation: null } : {}) },
            ...(meshChanged ? { internal: { fileData: {} } } : {}),
          })
        : table.insert(
            {
              id: table.nextKey(),
              versionId: version.key,
              sdkId: entry.id,
              isController: false,
              ...fields,
              initialScaleX: 1,
              initialScaleY: 1,
              initialScaleZ: 1,
              scale: 1,
              dynamicFileType: 'gltf',
              group: null,
              thumbnailLocation: null,
              externalId: null,
              externalBaseUrl: null,
              isOptimized: false,
              createdAt: now,
              updatedAt: now,
              files: [],
            },
            { fileData: {} },
          );
      const files = meshFiles(store, version, entry.mesh);
      if (Object.keys(files).length > 0) attachMeshFiles(store, object, files, new Set(), nextFileId, now);
    }
    return emptyOk();
  },

  collectorListVersionObjects: ({ store, target }) =>
    ok(
      store.tables.dynamicObjects
        .children('versionId', target.version.key)
        .map(({ record }) => ({ ...record, files: record.files ?? [] })),
    ),
} satisfies Implementations;
