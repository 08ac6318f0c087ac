import { isRecord } from '../../guards.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { sessionStartOf } from '../shared/session-filters.ts';
import { versionIdsOf } from './select.ts';
import { sessionView } from '../shared/session-views.ts';

/**
 * A session's raw streams as the `jsonRequests` routes answer them. The store keeps what the SDKs sent
 * (times in epoch seconds); answers give epoch ms unless asked for session-relative times or seconds.
 */
export const streamNames = ['gaze', 'fixations', 'events', 'dynamics', 'sensors', 'boundary'] as const;
export type StreamName = (typeof streamNames)[number];

export type JsonType = 'GAZE' | 'FIXATION' | 'EVENTS' | 'DYNAMICS' | 'SENSORS' | 'BOUNDARY' | 'ALL';

const streamsOf: Record<JsonType, StreamName[]> = {
  GAZE: ['gaze'],
  FIXATION: ['fixations'],
  EVENTS: ['events'],
  DYNAMICS: ['dynamics'],
  SENSORS: ['sensors'],
  BOUNDARY: ['boundary'],
  ALL: [...streamNames],
};

export interface StreamOptions {
  jsonType: JsonType;
  addGeo?: boolean;
  addMetadata?: boolean;
  addProperties?: boolean;
  separateSceneData?: boolean;
  indicateSceneOnDatum?: boolean;
  sessionRelativeTimestamps?: boolean;
  convertMillisToSeconds?: boolean;
  sizeToConvertGapsToMillis?: number;
}

type Point = JsonRecord;

/** SDK times are epoch seconds; anything already in ms (after 1973 in ms) is left alone. */
export const toEpochMillis = (time: unknown): number => {
  const value = Number(time);
  return value < 1e11 ? Math.round(value * 1000) : value;
};

/**
 * Which scene version a data point belongs to: its own `versionId` when the collector stored one, the
 * session's only version, else the version of the latest event at or before it (scene changes are events).
 */
export function versionResolver(session: TableRow<'sessions'>): (time: number, point?: Point) => number | undefined {
  const versionIds = versionIdsOf(session);
  if (versionIds.length <= 1)
    return (_time, point) => (typeof point?.versionId === 'number' ? point.versionId : versionIds[0]);
  const marks = (session.internal.events ?? [])
    .flatMap(({ date, parentSceneVersionId: versionId }) =>
      typeof versionId === 'number' ? [{ time: Date.parse(String(date)), versionId }] : [],
    )
    .sort((a, b) => a.time - b.time);
  return (time, point) => {
    if (typeof point?.versionId === 'number') return point.versionId;
    let found = marks[0]?.versionId ?? versionIds[0];
    for (const mark of marks) {
      if (mark.time > time) break;
      found = mark.versionId;
    }
    return found;
  };
}

interface Located {
  versionId: number | undefined;
  time: number;
  point: Point;
}

const stored = (session: TableRow<'sessions'>, stream: Exclude<StreamName, 'events'>): Point[] =>
  session.internal[stream] ?? [];

/** Every point of a stream with its epoch-ms time and scene version, in the order stored. */
export function locatedPoints(
  session: TableRow<'sessions'>,
  stream: StreamName,
  resolve = versionResolver(session),
): Located[] {
  if (stream === 'events') {
    return (session.internal.events ?? []).map((event) => {
      const time = Date.parse(String(event.date));
      const point: Point = { name: event.name, time, point: [event.x ?? 0, event.y ?? 0, event.z ?? 0] };
      if (typeof event.object === 'string') point.dynamicId = event.object;
      point.properties = event.properties ?? {};
      const versionId = typeof event.parentSceneVersionId === 'number' ? event.parentSceneVersionId : resolve(time);
      return { versionId, time, point };
    });
  }
  const start = sessionStartOf(session) ?? 0;
  return stored(session, stream).map((point) => {
    const time = pointTime(point) ?? start;
    return { versionId: resolve(time, point), time, point };
  });
}

/** A point's epoch-ms time; a boundary batch without its own time takes its first transform's or shape's. */
function pointTime(point: Point): number | undefined {
  const first = (list: unknown) => {
    const item: unknown = Array.isArray(list) ? list[0] : undefined;
    return isRecord(item) ? item.time : undefined;
  };
  const time = point.time ?? first(point.transforms) ?? first(point.shapes);
  return typeof time === 'number' && Number.isFinite(time) ? toEpochMillis(time) : undefined;
}

/** Turns epoch-ms times into what the request asked for: relative to the session start (gaps collapsed), or seconds. */
function timeMapper(session: TableRow<'sessions'>, options: StreamOptions): (times: number[]) => number[] {
  const start = sessionStartOf(session) ?? 0;
  const seconds = (ms: number) => (options.convertMillisToSeconds ? ms / 1000 : ms);
  if (!options.sessionRelativeTimestamps) return (times) => times.map(seconds);
  const gap = options.sizeToConvertGapsToMillis;
  return (times) => {
    if (gap === undefined) return times.map((time) => seconds(time - start));
    // A pause longer than the threshold counts as the threshold, so recordings with breaks stay compact.
    const order = times.map((time, index) => ({ time, index })).sort((a, b) => a.time - b.time);
    const relative = new Array<number>(times.length);
    let previous = start;
    let removed = 0;
    for (const { time, index } of order) {
      const step = time - previous;
      if (step > gap) removed += step - gap;
      relative[index] = seconds(time - start - removed);
      previous = time;
    }
    return relative;
  };
}

function shapePoints(
  stream: StreamName,
  located: Located[],
  options: StreamOptions,
  mapTimes: (times: number[]) => number[],
): Point[] {
  const times = mapTimes(located.map(({ time }) => time));
  return located.map(({ point, versionId, time }, index) => {
    // The version the collector stored on a point is shown only when asked for (indicateSceneOnDatum).
    const { versionId: _stored, ...fields } = point;
    const shaped: Point = { ...fields, time: times[index] };
    if (stream === 'boundary') {
      // Boundary batches carry timed transforms and shapes of their own.
      for (const nested of ['transforms', 'shapes'] as const) {
        const items = point[nested];
        if (!Array.isArray(items)) continue;
        const nestedTimes = mapTimes(
          items.map((item: Point) => (typeof item.time === 'number' ? toEpochMillis(item.time) : time)),
        );
        shaped[nested] = items.map((item: Point, position) => ({ ...item, time: nestedTimes[position] }));
      }
    }
    if (stream === 'fixations' && options.convertMillisToSeconds && typeof point.duration === 'number')
      shaped.duration = point.duration / 1000;
    if (options.indicateSceneOnDatum && versionId !== undefined) shaped.versionId = versionId;
    return shaped;
  });
}

/** Sensors keep their `[time, value]` pairs; only the pairs recorded in the wanted versions are kept. */
function shapeSensors(
  session: TableRow<'sessions'>,
  wanted: (versionId: number | undefined) => boolean,
  mapTimes: (times: number[]) => number[],
  resolve: ReturnType<typeof versionResolver>,
): Point[] {
  const sensors: Point[] = [];
  for (const sensor of session.internal.sensors ?? []) {
    const pairs = (sensor.data ?? [])
      .map(([time, value]) => ({ time: toEpochMillis(time), value }))
      .filter(({ time }) => wanted(resolve(time, sensor)));
    if (pairs.length === 0 && sensor.data?.length) continue;
    const times = mapTimes(pairs.map(({ time }) => time));
    sensors.push({ ...sensor, data: pairs.map(({ value }, index) => [times[index], value]) });
  }
  return sensors;
}

/** The dynamic objects seen in the dynamics stream, keyed by SDK id: as the SDK's manifest named them, else from the versions' object lists. */
function dynamicsManifest(
  store: Store,
  session: TableRow<'sessions'>,
  versionIds: number[],
  dynamics: Point[],
): JsonRecord {
  const recorded = session.internal.dynamicsManifest ?? {};
  const known = new Map<string, JsonRecord>();
  for (const versionId of versionIds) {
    for (const object of store.tables.dynamicObjects.children('versionId', versionId)) {
      known.set(String(object.record.sdkId), {
        name: object.record.name,
        mesh: object.record.meshName,
        fileType: object.record.dynamicFileType ?? 'gltf',
      });
    }
  }
  const manifest: JsonRecord = {};
  for (const point of dynamics) {
    const id = String(point.id);
    manifest[id] ??= recorded[id] ?? known.get(id) ?? { name: id };
  }
  return manifest;
}

/** One data set: the requested streams of the given versions (all of the session's when `versionIds` is undefined). */
function dataSet(
  store: Store,
  session: TableRow<'sessions'>,
  options: StreamOptions,
  versionIds: number[] | undefined,
  view: () => JsonRecord,
): JsonRecord {
  const resolve = versionResolver(session);
  const wanted = (versionId: number | undefined) =>
    versionIds === undefined || (versionId !== undefined && versionIds.includes(versionId));
  const mapTimes = timeMapper(session, options);
  const data: JsonRecord = {};
  for (const stream of streamsOf[options.jsonType]) {
    if (stream === 'sensors') {
      data.sensors = shapeSensors(session, wanted, mapTimes, resolve);
      continue;
    }
    const located = locatedPoints(session, stream, resolve).filter(({ versionId }) => wanted(versionId));
    data[stream] = shapePoints(stream, located, options, mapTimes);
    if (stream === 'dynamics')
      data['dynamics.manifest'] = dynamicsManifest(
        store,
        session,
        versionIds ?? versionIdsOf(session),
        located.map(({ point }) => point),
      );
  }
  const properties = session.record.properties ?? {};
  if (options.addMetadata) data.metadata = view();
  if (options.addProperties) data.properties = { ...properties };
  if (options.addGeo)
    data.geo = Object.fromEntries(Object.entries(properties).filter(([key]) => key.startsWith('c3d.geo.')));
  return data;
}

/** The `data` of a `jsonRequests` answer: for the whole session, or for one scene version of it. */
export function sessionJsonData(
  store: Store,
  session: TableRow<'sessions'>,
  options: StreamOptions,
  version?: TableRow<'sceneVersions'>,
): JsonRecord {
  const view = () => sessionView(store, session, { version });
  const versionIds = version ? [version.key] : undefined;
  if (!options.separateSceneData) return dataSet(store, session, options, versionIds, view);
  const split: JsonRecord = {};
  for (const versionId of versionIds ?? versionIdsOf(session))
    split[String(versionId)] = dataSet(store, session, options, [versionId], view);
  return split;
}

/** The files of a session's ZIP download: one `<stream>.json` per stream, each as `jsonRequests` returns it. */
export function sessionZipEntries(
  store: Store,
  session: TableRow<'sessions'>,
  version?: TableRow<'sceneVersions'>,
): { name: string; data: Uint8Array }[] {
  const data = sessionJsonData(store, session, { jsonType: 'ALL' }, version);
  const encoder = new TextEncoder();
  return [...streamNames.slice(0, 4), 'dynamics.manifest', ...streamNames.slice(4)].map((stream) => ({
    name: `${stream}.json`,
    data: encoder.encode(JSON.stringify(data[stream])),
  }));
}
