import { fail } from '../../core/http.ts';
import { noSessionData } from '../../store/session-flags.ts';
import type { Store } from '../../store/store.ts';
import type { JsonRecord, Row } from '../../store/table.ts';
import { ok } from '../results.ts';
import type { Handler, HandlerContext, Handlers, UploadedFile } from '../types.ts';
import { storedFile } from './files.ts';
import { stableHash } from './hash.ts';
import { versionByNumber } from './scene-uploads.ts';

type Batch = JsonRecord & { sessionid: string; data?: JsonRecord[] };

/** What one batch changes on its session: record fields and internal streams. */
interface SessionChange {
  record: JsonRecord;
  internal: JsonRecord;
}

const iso = (epochMs: number) => new Date(Math.round(epochMs)).toISOString();
const list = <T = JsonRecord>(session: Row, stream: string) => (session.internal[stream] as T[] | undefined) ?? [];

/** When the session started, in epoch seconds: `timestamp` (Unity's boundary batch says `time`), else the id's prefix. */
function sessionStart(batch: Batch, now: number): number {
  const start = batch.timestamp ?? batch.time;
  if (typeof start === 'number') return start;
  const prefix = /^(\d{9,11})_/.exec(batch.sessionid)?.[1];
  return prefix ? Number(prefix) : now / 1000;
}

/** A session as the SDK's first batch creates it; the batch itself then adds its data. */
function newSession(store: Store, context: HandlerContext, batch: Batch, deviceId: string): Row {
  const table = store.tables.sessions;
  const startMs = Math.round(sessionStart(batch, context.now) * 1000);
  return table.insert(
    {
      id: table.nextKey(),
      sessionId: batch.sessionid,
      sdkSessionId: batch.sessionid,
      projectId: context.target!.project!.key,
      organizationId: context.target!.organization!.key,
      participantId: null,
      friendlyName: null,
      date: iso(startMs),
      endDate: null,
      duration: 0,
      createdAt: startMs,
      startTime: startMs,
      gazeInterval: null,
      hmd: null,
      user: deviceId,
      deviceId,
      userKey: deviceId,
      ...noSessionData,
      tags: [],
      properties: {},
    },
    { events: [], versionIds: [], gaze: [], fixations: [], dynamics: [], sensors: [], boundary: [], audio: [] },
  );
}

/** Session properties sent with a batch, and the record fields the SDK's built-in properties fill. */
function withProperties(session: Row, batch: Batch): JsonRecord {
  const sent = batch.properties as JsonRecord | undefined;
  if (!sent || Object.keys(sent).length === 0) return {};
  const change: JsonRecord = { properties: { ...(session.record.properties as JsonRecord | undefined), ...sent } };
  const participant = sent['c3d.participant.id'];
  if (typeof participant === 'string') Object.assign(change, { participantId: participant, user: participant, userKey: participant });
  if (typeof sent['c3d.participant.name'] === 'string') change.friendlyName = sent['c3d.participant.name'];
  if (typeof sent['c3d.device.hmd.type'] === 'string' && session.record.hmd === null) change.hmd = sent['c3d.device.hmd.type'];
  return change;
}

/**
 * The one ingest path: finds the scene version (`?version=`), finds or creates the session of `sessionid` in the
 * key's project, records the version on it, and applies what the batch adds.
 */
function ingest(deviceIdOf: (batch: Batch) => string, add: (session: Row, batch: Batch, version: Row) => SessionChange): Handler {
  return (context) => {
    const { store, target, query } = context;
    const batch = context.body as Batch;
    const version = versionByNumber(store, target!.scene!, query.version as number);
    const existing = store.tables.sessions.findUnique('sessionId', batch.sessionid);
    if (existing && existing.record.projectId !== target!.project!.key) fail(400, `Session id ${batch.sessionid} is already used by another project`, '/sessionid');

    const session = existing ?? newSession(store, context, batch, deviceIdOf(batch));
    const versionIds = list<number>(session, 'versionIds');
    const firstVisit = !versionIds.includes(version.key as number);
    const change = add(session, batch, version);
    store.tables.sessions.update(session.key, {
      record: { ...withProperties(session, batch), ...change.record },
      internal: { ...change.internal, versionIds: firstVisit ? [...versionIds, version.key] : versionIds },
    });
    if (firstVisit) store.tables.sceneVersions.update(version.key, { record: { sessionCount: ((version.record.sessionCount as number | undefined) ?? 0) + 1 } });
    return ok({});
  };
}

const byUserid = (batch: Batch) => String(batch.userid);

function addEvents(session: Row, batch: Batch, version: Row): SessionChange {
  const sent = (batch.data ?? []).map((event, index) => {
    const point = (event.point as number[] | undefined) ?? [0, 0, 0];
    const time = event.time as number;
    return {
      name: event.name,
      date: iso(time * 1000),
      x: point[0],
      y: point[1],
      z: point[2],
      object: event.dynamicId ?? null,
      parentSceneVersionId: version.key,
      properties: event.properties ?? {},
      eventHash: stableHash(`${batch.sessionid}|${batch.part}|${index}|${event.name}|${time}`),
    };
  });
  const events = [...list(session, 'events'), ...sent].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  const record: JsonRecord = { hasEvent: events.length > 0 };
  const end = sent.filter((event) => event.name === 'c3d.sessionEnd').pop();
  if (end) {
    record.endDate = end.date;
    record.duration = Math.max(0, Date.parse(end.date) - (session.record.startTime as number));
  }
  return { record, internal: { events } };
}

/** Stream points remember the scene version they were sent for, so sessions spanning versions split exactly. */
const inVersion = (points: JsonRecord[] | undefined, version: Row) => (points ?? []).map((point) => ({ ...point, versionId: version.key }));

function addGaze(session: Row, batch: Batch, version: Row): SessionChange {
  const gaze = [...list(session, 'gaze'), ...inVersion(batch.data, version)];
  const record: JsonRecord = { hasGaze: gaze.length > 0 };
  if (typeof batch.interval === 'number') record.gazeInterval = batch.interval;
  if (typeof batch.hmdtype === 'string') record.hmd = batch.hmdtype;
  return { record, internal: { gaze } };
}

function addFixations(session: Row, batch: Batch, version: Row): SessionChange {
  const fixations = [...list(session, 'fixations'), ...inVersion(batch.data, version)];
  return { record: { hasFixation: fixations.length > 0 }, internal: { fixations } };
}

function addDynamics(session: Row, batch: Batch, version: Row): SessionChange {
  const dynamics = [...list(session, 'dynamics'), ...inVersion(batch.data, version)];
  const dynamicsManifest = { ...(session.internal.dynamicsManifest as JsonRecord | undefined), ...(batch.manifest as JsonRecord | undefined) };
  const hasDynamic = dynamics.length > 0 || Object.keys(dynamicsManifest).length > 0;
  return { record: { hasDynamic }, internal: { dynamics, dynamicsManifest } };
}

/** Readings join the stored series of the same sensor name. */
function addSensors(session: Row, batch: Batch): SessionChange {
  const sensors: (JsonRecord & { data: unknown[] })[] = list(session, 'sensors').map((sensor) => ({ ...sensor, data: [...((sensor.data as unknown[]) ?? [])] }));
  for (const sent of batch.data ?? []) {
    const series = sensors.find((sensor) => sensor.name === sent.name);
    if (series) series.data.push(...((sent.data as unknown[]) ?? []));
    else sensors.push({ ...sent, data: [...((sent.data as unknown[]) ?? [])] });
  }
  return { record: { hasSensor: sensors.length > 0 }, internal: { sensors } };
}

function addBoundary(session: Row, batch: Batch): SessionChange {
  const { userid: _userid, sessionid: _sessionid, timestamp: _timestamp, time: _time, part: _part, formatversion: _format, lobbyId: _lobby, data, transforms, ...rest } = batch;
  const entry = { transforms: data ?? transforms ?? [], shapes: [], ...rest };
  const boundary = [...list(session, 'boundary'), entry];
  return { record: { hasBoundary: true }, internal: { boundary } };
}

/** SDK run-time ingest: each stream appends to the session of `sessionid` in the application key's project. */
export const ingestHandlers: Handlers = {
  sendGazeBatch: ingest(byUserid, addGaze),
  sendEventBatch: ingest(byUserid, addEvents),
  sendDynamicsBatch: ingest(byUserid, addDynamics),
  sendSensorBatch: ingest((batch) => String(batch.name), addSensors),
  sendFixationBatch: ingest(byUserid, addFixations),
  sendBoundaryBatch: ingest(byUserid, addBoundary),

  // The route names no session: the audio joins the project's most recent session (none yet: it is acknowledged only).
  sendSessionAudio: ({ store, target, body }) => {
    const latest = store.tables.sessions
      .children('projectId', target!.project!.key)
      .sort((a, b) => (a.record.startTime as number) - (b.record.startTime as number))
      .pop();
    if (latest) store.tables.sessions.update(latest.key, { internal: { audio: [...list(latest, 'audio'), storedFile(body as UploadedFile)] } });
    return ok({});
  },
};
