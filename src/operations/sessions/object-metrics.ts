import type { TableRow } from '../../store/store.ts';
import type { components } from '../../generated/api.ts';
import { sessionStartOf } from '../shared/session-filters.ts';
import { locatedPoints, versionResolver } from './streams.ts';

/**
 * Gaze and fixation metrics of dynamic objects, from the sessions' streams. A gaze instance is a run of
 * consecutive gaze samples on the object (each sample lasting the session's gaze interval); a fixation
 * instance is one fixation whose `objectid` is the object.
 */
export type GazeType = 'gaze' | 'fixation';

interface ObjectGaze {
  count: number;
  length: number;
  firstTime: number;
  /** 1 for the first object the participant looked at in the session, 2 for the next, … */
  sequence: number;
}

/** Per object (by SDK id): what one session's stream in one scene version says about it. */
export function sessionGaze(
  session: TableRow<'sessions'>,
  versionId: number,
  gazeType: GazeType,
): Map<string, ObjectGaze> {
  const resolve = versionResolver(session);
  const points = locatedPoints(session, gazeType === 'gaze' ? 'gaze' : 'fixations', resolve)
    .filter((point) => point.versionId === versionId)
    .sort((a, b) => a.time - b.time);
  const interval = Number(session.record.gazeInterval ?? 0.1) * 1000;
  const objects = new Map<string, ObjectGaze>();
  let previous: string | undefined;
  for (const { time, point } of points) {
    const id = gazeType === 'gaze' ? point.o : point.objectid;
    if (typeof id !== 'string') {
      previous = undefined;
      continue;
    }
    let gaze = objects.get(id);
    if (!gaze) objects.set(id, (gaze = { count: 0, length: 0, firstTime: time, sequence: objects.size + 1 }));
    if (gazeType === 'fixation') {
      gaze.count++;
      gaze.length += Number(point.duration ?? 0);
    } else {
      if (previous !== id) gaze.count++;
      gaze.length += interval;
    }
    previous = id;
  }
  return objects;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const average = (values: number[]) =>
  values.length ? round(values.reduce((sum, value) => sum + value, 0) / values.length) : null;

/** An object's metrics over sessions; every value null when no session looked at it. */
export function objectMetrics(
  sessions: TableRow<'sessions'>[],
  perSession: Map<string, ObjectGaze>[],
  objectId: string,
): components['schemas']['ObjectGazeMetrics'] {
  const seen = sessions.flatMap((session, index) => {
    const gaze = perSession[index]?.get(objectId);
    return gaze ? [{ gaze, start: sessionStartOf(session) ?? gaze.firstTime }] : [];
  });
  if (seen.length === 0) {
    return {
      averageGazeInstanceDuration: null,
      averageGazeCount: null,
      averageGazeLength: null,
      totalGazeCount: null,
      totalGazeLength: null,
      totalSessionsWithAnyGaze: null,
      proportionOfSessionsWithAnyGaze: null,
      averageTimeToFirstGaze: null,
      averageGazeSequence: null,
    };
  }
  const totalCount = seen.reduce((sum, { gaze }) => sum + gaze.count, 0);
  const totalLength = seen.reduce((sum, { gaze }) => sum + gaze.length, 0);
  return {
    averageGazeInstanceDuration: round(totalLength / totalCount),
    averageGazeCount: round(totalCount / seen.length),
    averageGazeLength: round(totalLength / seen.length),
    totalGazeCount: totalCount,
    totalGazeLength: round(totalLength),
    totalSessionsWithAnyGaze: seen.length,
    proportionOfSessionsWithAnyGaze: round(seen.length / sessions.length),
    averageTimeToFirstGaze: average(seen.map(({ gaze, start }) => gaze.firstTime - start)),
    averageGazeSequence: average(seen.map(({ gaze }) => gaze.sequence)),
  };
}

/** One session's metrics of one object (values null when the session never looked at it). */
export function sessionObjectMetrics(
  session: TableRow<'sessions'>,
  objects: Map<string, ObjectGaze>,
  objectId: string,
): components['schemas']['SingleObjectMetrics']['metrics'][string] {
  const gaze = objects.get(objectId);
  const start = sessionStartOf(session) ?? 0;
  return {
    averageGazeInstanceDuration: gaze ? round(gaze.length / gaze.count) : null,
    totalGazeCount: gaze ? gaze.count : null,
    totalGazeLength: gaze ? round(gaze.length) : null,
    timeToFirstGaze: gaze ? gaze.firstTime - start : null,
    gazeSequence: gaze ? gaze.sequence : null,
    sessionDate: start,
  };
}
