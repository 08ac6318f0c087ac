import { isRecord } from '../../guards.ts';
import { fail } from '../../http/errors.ts';
import type { Store, TableRecord, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { emptyOk, ok, text } from '../shared/results.ts';
import type { Implementations, UploadedFile } from '../shared/types.ts';
import { sceneView } from '../shared/views.ts';
import { storedFile, uploadedParts, type StoredFile } from '../shared/stored-files.ts';

interface SceneSettings {
  sceneName: string;
  scale?: number;
  sdkVersion?: string;
}

const screenshotName = 'screenshot.png';
const screenshotLocation = (sceneId: string, versionNumber: number) =>
  `scenes/${sceneId}/${versionNumber}/screenshot/${screenshotName}`;

/** The versions of a scene, oldest first. */
const versionsOf = (store: Store, scene: TableRow<'scenes'>) =>
  store.tables.sceneVersions
    .children('sceneId', scene.key)
    .sort((a, b) => a.record.versionNumber - b.record.versionNumber);

/** The version of a scene with this `versionNumber` (the data host's `version` query); 404 when it has none. */
export function versionByNumber(
  store: Store,
  scene: TableRow<'scenes'>,
  versionNumber: number,
): TableRow<'sceneVersions'> {
  const version = versionsOf(store, scene).find((row) => row.record.versionNumber === versionNumber);
  if (!version) fail(404, `Scene ${scene.key} has no version ${versionNumber}`);
  return version;
}

/** `settings.json` of an upload, checked as SceneSettings; undefined when the upload has none. */
function readSettings(parts: UploadedFile[]): SceneSettings | undefined {
  const part = parts.find((file) => file.name === 'settings.json');
  if (!part) return undefined;
  let settings: unknown;
  try {
    settings = JSON.parse(new TextDecoder().decode(part.bytes));
  } catch {
    fail(400, 'settings.json is not valid JSON', 'settings.json');
  }
  if (!isSceneSettings(settings))
    fail(400, 'settings.json must be {sceneName (non-empty), scale (> 0), sdkVersion (string)}', 'settings.json');
  return settings;
}

function isSceneSettings(settings: unknown): settings is SceneSettings {
  if (!isRecord(settings)) return false;
  const { sceneName, scale, sdkVersion } = settings;
  return (
    typeof sceneName === 'string' &&
    sceneName.trim() !== '' &&
    (scale === undefined || (typeof scale === 'number' && scale > 0)) &&
    (sdkVersion === undefined || typeof sdkVersion === 'string')
  );
}

const isScreenshot = (part: UploadedFile) =>
  part.field === 'screenshot' || part.name === 'screenshot' || part.name === screenshotName;

/** The parts as the version's files; the Unity SDK's `screenshot` part is the version's `screenshot.png`. */
function sceneFiles(parts: UploadedFile[]): Record<string, StoredFile> {
  return Object.fromEntries(parts.map((part) => [isScreenshot(part) ? screenshotName : part.name, storedFile(part)]));
}

function insertVersion(
  store: Store,
  scene: TableRow<'scenes'>,
  versionNumber: number,
  fields: { scale: number; sdkVersion?: string },
  files: Record<string, StoredFile>,
  now: number,
): TableRow<'sceneVersions'> {
  const table = store.tables.sceneVersions;
  const record: TableRecord<'sceneVersions'> = {
    id: table.nextKey(),
    sceneId: scene.key,
    versionNumber,
    scale: fields.scale,
    ...(fields.sdkVersion === undefined ? {} : { sdkVersion: fields.sdkVersion }),
    sceneFileType: 'gltf',
    hasFixations: false,
    isOptimized: false,
    dynamicsUpdateKey: null,
    sessionCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  return table.insert(record, { files });
}

/** What an upload changes on the scene itself: its name (from settings.json), the screenshot, `updatedAt`. */
function touchScene(
  store: Store,
  scene: TableRow<'scenes'>,
  version: TableRow<'sceneVersions'>,
  settings: SceneSettings | undefined,
  files: Record<string, StoredFile>,
  now: number,
): void {
  const change: JsonRecord = { updatedAt: now };
  if (settings) change.sceneName = settings.sceneName;
  if (files[screenshotName])
    change.latestScreenshotLocation = screenshotLocation(scene.key, version.record.versionNumber);
  store.tables.scenes.update(scene.key, { record: change });
}

/** Scenes and scene versions as the SDK editors and upload tools create them (multipart uploads). */
export const sceneUploadOperations = {
  collectorListScenes: ({ store, target }) =>
    ok(store.tables.scenes.children('projectId', target.project.key).map((scene) => sceneView(store, scene))),

  collectorGetScene: ({ store, target }) => ok(sceneView(store, target.scene)),

  collectorCreateScene: ({ store, target, query, body, now, auditTarget }) => {
    const id = (query.sceneId ?? crypto.randomUUID()).toLowerCase();
    if (store.tables.scenes.get(id))
      fail(400, `A scene with id ${id} already exists: upload a new version with POST /scenes/${id}`, 'query.sceneId');
    const parts = uploadedParts(body);
    const settings = readSettings(parts);
    if (!settings) fail(400, 'The upload has no settings.json part ({scale, sceneName, sdkVersion})', 'settings.json');
    const files = sceneFiles(parts);
    const scene = store.tables.scenes.insert({
      id,
      sceneName: settings.sceneName,
      projectId: target.project.key,
      customerId: target.organization.key,
      sdkFacingId: id,
      isPublic: false,
      hidden: false,
      sceneCreationMethod: 'NORMAL',
      latestScreenshotLocation: files[screenshotName] ? screenshotLocation(id, 1) : null,
      createdAt: now,
      updatedAt: now,
    });
    insertVersion(store, scene, 1, { scale: settings.scale ?? 1, sdkVersion: settings.sdkVersion }, files, now);
    auditTarget('scene', id);
    return text(201, id);
  },

  uploadSceneVersion: ({ store, target, body, now, auditTarget }) => {
    const scene = target.scene;
    const parts = uploadedParts(body);
    const settings = readSettings(parts);
    const files = sceneFiles(parts);
    const latest = versionsOf(store, scene).pop();
    const version = insertVersion(
      store,
      scene,
      (latest?.record.versionNumber ?? 0) + 1,
      {
        scale: settings?.scale ?? latest?.record.scale ?? 1,
        sdkVersion: settings?.sdkVersion ?? latest?.record.sdkVersion,
      },
      files,
      now,
    );
    touchScene(store, scene, version, settings, files, now);
    auditTarget('sceneVersion', version.key);
    return emptyOk();
  },

  replaceSceneVersionFiles: ({ store, target, query, body, now, auditTarget }) => {
    const scene = target.scene;
    const version = versionByNumber(store, scene, query.version);
    const parts = uploadedParts(body);
    const settings = readSettings(parts);
    const files = sceneFiles(parts);
    const change: JsonRecord = { updatedAt: now };
    if (settings?.scale !== undefined) change.scale = settings.scale;
    if (settings?.sdkVersion !== undefined) change.sdkVersion = settings.sdkVersion;
    store.tables.sceneVersions.update(version.key, {
      record: change,
      internal: { files: { ...version.internal.files, ...files } },
    });
    touchScene(store, scene, version, settings, files, now);
    auditTarget('sceneVersion', version.key);
    return emptyOk();
  },

  uploadSceneScreenshot: ({ store, target, query, body, now, auditTarget }) => {
    const scene = target.scene;
    const version = versionByNumber(store, scene, query.version);
    const parts = uploadedParts(body);
    const part = parts.find(isScreenshot) ?? parts[0];
    if (!part || part.bytes.length === 0) fail(400, 'The upload has no screenshot part', 'screenshot');
    // The part's type is not checked (upload tools send octet-stream); the thumbnail is a PNG.
    const screenshot = storedFile({
      ...part,
      contentType: part.contentType === 'application/octet-stream' ? 'image/png' : part.contentType,
    });
    store.tables.sceneVersions.update(version.key, {
      record: { updatedAt: now },
      internal: {
        files: { ...version.internal.files, [screenshotName]: screenshot },
      },
    });
    touchScene(store, scene, version, undefined, { [screenshotName]: screenshot }, now);
    auditTarget('sceneVersion', version.key);
    return emptyOk();
  },
} satisfies Implementations;
