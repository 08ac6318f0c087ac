import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/data.ts';
import { noSessionData } from '../../store/session-flags.ts';
import type { Store, TableInternal, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { ok } from '../shared/results.ts';
import type { Implementations, OperationContext, OperationResult, SuccessJson } from '../shared/types.ts';
import { storedFile } from '../shared/stored-files.ts';
import { stableHash } from './hash.ts';
import { versionByNumber } from './scene-uploads.ts';

type Schemas = components['schemas'];
/** The stream uploads, which all go through `ingest`. */
type IngestOperationId =
  | 'sendGazeBatch'
  | 'sendEventBatch'
  | 'sendDynamicsBatch'
  | 'sendSensorBatch'
  | 'sendFixationBatch'
  | 'sendBoundaryBatch';
type Batch = JsonRecord & {
  sessionid: string;
  timestamp?: number;
  time?: number;
  data?: JsonRecord[];
  properties?: JsonRecord;
};

/** What one batch changes on its session: record fields and internal streams. */
interface SessionChange {
  record: JsonRecord;
  internal: JsonRecord;
}

/** How the ingest reads one SDK stream. */
interface Stream<B extends Batch> {
  /** The participant's user id as the batch carries it (`userid`, or `name` in sensor batches); empty until the app sets one. */
  userId(batch: B): string;
  /** The time of every point the batch carries (epoch seconds, as the SDKs send them). */
  times(batch: B): number[];
  add(session: TableRow<'sessions'>, batch: B, version: TableRow<'sceneVersions'>): SessionChange;
}

/** The WebXR SDK names its start event `Session Start`; the other SDKs `c3d.sessionStart`. */
export const sessionStartEvents: ReadonlySet<string> = new Set(['c3d.sessionStart', 'Session Start']);
const sessionEndEvent = 'c3d.sessionEnd';

const iso = (epochMs: number) => new Date(Math.round(epochMs)).toISOString();
type SessionStreams = TableInternal<'sessions'>;
const list = <S extends keyof SessionStreams>(session: TableRow<'sessions'>, stream: S) =>
  session.internal[stream] ?? [];
const numbers = (values: unknown[]) =>
  values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
/** The SDKs send epoch seconds; a value this large is already milliseconds. */
const toMillis = (time: number) => (time < 1e11 ? time * 1000 : time);
/** A session's start (epoch ms): every session the ingest creates has one; NaN (what arithmetic on none gave) else. */
const startTimeOf = (session: TableRow<'sessions'>) => session.record.startTime ?? Number.NaN;

/** The parts of an SDK session id, `<epoch seconds>_<device id>`; the device part may be empty. */
function idParts(sessionId: string): { startSeconds?: number; deviceId?: string } {
  const separator = sessionId.indexOf('_');
  const prefix = sessionId.slice(0, separator);
  const deviceId = sessionId.slice(separator + 1);
  // Epoch seconds of this century have 9 to 11 digits; any other prefix is not a time.
  return {
    startSeconds: /^\d{9,11}$/.test(prefix) ? Number(prefix) : undefined,
    deviceId: deviceId === '' ? undefined : deviceId,
  };
}

/** When the session started, in epoch seconds: its id's prefix, else a start event of the batch, else when the batch was sent. */
function sessionStart(batch: Batch, now: number): number {
  const fromId = idParts(batch.sessionid).startSeconds;
  if (fromId !== undefined) return fromId;
  for (const { name, time } of batch.data ?? []) {
    if (typeof name === 'string' && sessionStartEvents.has(name) && typeof time === 'number') return time;
  }
  const sent = batch.timestamp ?? batch.time;
  return typeof sent === 'number' ? sent : now / 1000;
}

/** Who the session is about: the participant when known, else the device. */
const personFields = (participantId: string | null | undefined, deviceId: string | null | undefined) => ({
  participantId,
  user: participantId ?? deviceId,
  userKey: participantId ?? deviceId,
});

/** A session as the SDK's first batch creates it; the batch itself then adds its data. */
function newSession(
  store: Store,
  context: Pick<OperationContext<IngestOperationId>, 'now' | 'target'>,
  batch: Batch,
  userId: string,
): TableRow<'sessions'> {
  const table = store.tables.sessions;
  const startMs = Math.round(sessionStart(batch, context.now) * 1000);
  const deviceId = idParts(batch.sessionid).deviceId ?? null;
  return table.insert(
    {
      id: table.nextKey(),
      sessionId: batch.sessionid,
      sdkSessionId: batch.sessionid,
      projectId: context.target.project.key,
      organizationId: context.target.organization.key,
      ...personFields(userId === '' ? null : userId, deviceId),
      friendlyName: null,
      date: iso(startMs),
      endDate: null,
      duration: 0,
      createdAt: startMs,
      startTime: startMs,
      gazeInterval: null,
      hmd: null,
      deviceId,
      ...noSessionData,
      tags: [],
      properties: {},
    },
    { events: [], versionIds: [], gaze: [], fixations: [], dynamics: [], sensors: [], boundary: [], audio: [] },
  );
}

/**
 * Who and what the batch says the session is: session properties (the SDK's built-in ones fill record fields), and the
 * participant from a non-empty user id when the session has none yet. `c3d.participant.id` names the participant,
 * `c3d.deviceid` the device when the session id has no device part.
 */
function identity(session: TableRow<'sessions'>, batch: Batch, userId: string): JsonRecord {
  const sent = batch.properties ?? {};
  const change: JsonRecord = {};
  if (Object.keys(sent).length > 0) change.properties = { ...session.record.properties, ...sent };
  let participantId = session.record.participantId;
  let deviceId = session.record.deviceId;
  if (typeof sent['c3d.participant.id'] === 'string' && sent['c3d.participant.id'] !== '')
    participantId = sent['c3d.participant.id'];
  else if (participantId === null && userId !== '') participantId = userId;
  if (deviceId === null && typeof sent['c3d.deviceid'] === 'string' && sent['c3d.deviceid'] !== '')
    deviceId = sent['c3d.deviceid'];
  if (participantId !== session.record.participantId || deviceId !== session.record.deviceId)
    Object.assign(change, personFields(participantId, deviceId), { deviceId });
  if (typeof sent['c3d.participant.name'] === 'string') change.friendlyName = sent['c3d.participant.name'];
  if (typeof sent['c3d.device.hmd.type'] === 'string' && session.record.hmd === null)
    change.hmd = sent['c3d.device.hmd.type'];
  return change;
}

/**
 * How long the session ran: to its end event once one came, else to the latest point of any stream so far. The
 * record's `duration` holds that latest point, so a later batch only has to look at its own points.
 */
function extent(session: TableRow<'sessions'>, change: SessionChange, pointTimes: number[]): JsonRecord {
  if (change.record.endDate !== undefined || session.record.endDate !== null) return {};
  const startMs = startTimeOf(session);
  const latestMs = Math.max(...pointTimes.map(toMillis));
  const duration = Math.round(latestMs - startMs);
  return duration > (session.record.duration ?? Number.NaN) ? { duration } : {};
}

/**
 * The one ingest path: finds the scene version (`?version=`), finds or creates the session of `sessionid` in the
 * key's project, records the version on it, and applies what the batch adds.
 */
/** The context of an ingest operation whose body is the batch `B`. */
type IngestContext<B extends Batch> = Omit<OperationContext<IngestOperationId>, 'body'> & { body: B };

function ingest<B extends Batch>(
  stream: Stream<B>,
): (context: IngestContext<B>) => OperationResult<SuccessJson<IngestOperationId>> {
  return (context) => {
    const { store, target, query } = context;
    const batch = context.body;
    const version = versionByNumber(store, target.scene, query.version);
    const existing = store.tables.sessions.findUnique('sessionId', batch.sessionid);
    if (existing && existing.record.projectId !== target.project.key)
      fail(400, `Session id ${batch.sessionid} is already used by another project`, '/sessionid');

    const userId = stream.userId(batch);
    const session = existing ?? newSession(store, context, batch, userId);
    const versionIds = session.internal.versionIds ?? [];
    const firstVisit = !versionIds.includes(version.key);
    const change = stream.add(session, batch, version);
    store.tables.sessions.update(session.key, {
      record: {
        ...identity(session, batch, userId),
        ...change.record,
        ...extent(session, change, stream.times(batch)),
      },
      internal: { ...change.internal, versionIds: firstVisit ? [...versionIds, version.key] : versionIds },
    });
    if (firstVisit)
      store.tables.sceneVersions.update(version.key, {
        record: { sessionCount: (version.record.sessionCount ?? 0) + 1 },
      });
    return ok({});
  };
}

const byUserid = (batch: { userid: string }) => batch.userid;
const pointTimes = (batch: Batch) => numbers((batch.data ?? []).map((point) => point.time));

function addEvents(
  session: TableRow<'sessions'>,
  batch: Schemas['EventBatch'],
  version: TableRow<'sceneVersions'>,
): SessionChange {
  const sent = (batch.data ?? []).map((event, index) => ({
    name: event.name,
    date: iso(event.time * 1000),
    x: event.point[0],
    y: event.point[1],
    z: event.point[2],
    object: event.dynamicId ?? null,
    parentSceneVersionId: version.key,
    properties: event.properties ?? {},
    eventHash: stableHash(`${batch.sessionid}|${batch.part}|${index}|${event.name}|${event.time}`),
  }));
  const events = [...list(session, 'events'), ...sent].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  const record: JsonRecord = { hasEvent: events.length > 0 };
  const end = sent.filter((event) => event.name === sessionEndEvent).pop();
  if (end) {
    record.endDate = end.date;
    record.duration = Math.max(0, Date.parse(end.date) - startTimeOf(session));
  }
  return { record, internal: { events } };
}

/** Stream points remember the scene version they were sent for, so sessions spanning versions split exactly. */
const inVersion = (points: JsonRecord[] | undefined, version: TableRow<'sceneVersions'>) =>
  (points ?? []).map((point) => ({ ...point, versionId: version.key }));

function addGaze(
  session: TableRow<'sessions'>,
  batch: Schemas['GazeBatch'],
  version: TableRow<'sceneVersions'>,
): SessionChange {
  const gaze = [...list(session, 'gaze'), ...inVersion(batch.data, version)];
  const record: JsonRecord = { hasGaze: gaze.length > 0 };
  if (typeof batch.interval === 'number') record.gazeInterval = batch.interval;
  if (typeof batch.hmdtype === 'string') record.hmd = batch.hmdtype;
  return { record, internal: { gaze } };
}

function addFixations(
  session: TableRow<'sessions'>,
  batch: Schemas['FixationBatch'],
  version: TableRow<'sceneVersions'>,
): SessionChange {
  const fixations = [...list(session, 'fixations'), ...inVersion(batch.data, version)];
  return { record: { hasFixation: fixations.length > 0 }, internal: { fixations } };
}

function addDynamics(
  session: TableRow<'sessions'>,
  batch: Schemas['DynamicsBatch'],
  version: TableRow<'sceneVersions'>,
): SessionChange {
  const dynamics = [...list(session, 'dynamics'), ...inVersion(batch.data, version)];
  const dynamicsManifest = {
    ...session.internal.dynamicsManifest,
    ...batch.manifest,
  };
  const hasDynamic = dynamics.length > 0 || Object.keys(dynamicsManifest).length > 0;
  return { record: { hasDynamic }, internal: { dynamics, dynamicsManifest } };
}

/** Readings join the stored series of the same sensor name. */
function addSensors(session: TableRow<'sessions'>, batch: Schemas['SensorBatch']): SessionChange {
  const sensors: (JsonRecord & { data: unknown[] })[] = list(session, 'sensors').map((sensor) => ({
    ...sensor,
    data: [...(sensor.data ?? [])],
  }));
  for (const sent of batch.data ?? []) {
    const series = sensors.find((sensor) => sensor.name === sent.name);
    if (series) series.data.push(...(sent.data ?? []));
    else sensors.push({ ...sent, data: [...(sent.data ?? [])] });
  }
  return { record: { hasSensor: sensors.length > 0 }, internal: { sensors } };
}

const sensorTimes = (batch: Schemas['SensorBatch']) =>
  numbers((batch.data ?? []).flatMap((sensor) => sensor.data.map(([time]) => time)));

function addBoundary(session: TableRow<'sessions'>, batch: Schemas['BoundaryBatch']): SessionChange {
  const {
    userid: _userid,
    sessionid: _sessionid,
    timestamp: _timestamp,
    time: _time,
    part: _part,
    formatversion: _format,
    lobbyId: _lobby,
    data,
    transforms,
    ...rest
  } = batch;
  const entry = { transforms: data ?? transforms ?? [], shapes: [], ...rest };
  const boundary = [...list(session, 'boundary'), entry];
  return { record: { hasBoundary: true }, internal: { boundary } };
}

const boundaryTimes = (batch: Schemas['BoundaryBatch']) =>
  numbers([...(batch.data ?? []), ...(batch.transforms ?? [])].map((point) => point.time));

/** SDK run-time ingest: each stream appends to the session of `sessionid` in the application key's project. */
export const ingestOperations = {
  sendGazeBatch: ingest<Schemas['GazeBatch']>({ userId: byUserid, times: pointTimes, add: addGaze }),
  sendEventBatch: ingest<Schemas['EventBatch']>({ userId: byUserid, times: pointTimes, add: addEvents }),
  sendDynamicsBatch: ingest<Schemas['DynamicsBatch']>({ userId: byUserid, times: pointTimes, add: addDynamics }),
  sendSensorBatch: ingest<Schemas['SensorBatch']>({
    userId: (batch) => batch.name,
    times: sensorTimes,
    add: addSensors,
  }),
  sendFixationBatch: ingest<Schemas['FixationBatch']>({ userId: byUserid, times: pointTimes, add: addFixations }),
  sendBoundaryBatch: ingest<Schemas['BoundaryBatch']>({ userId: byUserid, times: boundaryTimes, add: addBoundary }),

  // The route names no session: the audio joins the project's most recent session (none yet: it is acknowledged only).
  sendSessionAudio: ({ store, target, body }) => {
    const latest = store.tables.sessions
      .children('projectId', target.project.key)
      .sort((a, b) => startTimeOf(a) - startTimeOf(b))
      .pop();
    if (latest)
      store.tables.sessions.update(latest.key, {
        internal: { audio: [...list(latest, 'audio'), storedFile(body)] },
      });
    return ok({});
  },
} satisfies Implementations;
