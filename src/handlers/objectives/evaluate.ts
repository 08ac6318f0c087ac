import type { Store } from '../../store/store.ts';
import type { JsonRecord, Row } from '../../store/table.ts';

/** The outcome of one step in one session; `timestamp` is epoch ms, `duration` ms. */
export interface StepOutcome {
  step: number;
  result: 'succeeded' | 'failed';
  timestamp?: number;
  duration?: number;
}

/** Step outcomes keyed by objective-version id. */
export type ObjectiveResults = Record<string, StepOutcome[]>;

type Component = Record<string, any>;

interface TimedEvent {
  name: string;
  time: number;
  properties: Record<string, unknown>;
}

interface TimedHit {
  objectId: string;
  time: number;
}

/** What the evaluation reads of a session: its events, gaze hits and fixations on objects, in time order. */
interface Timeline {
  start: number;
  end: number;
  events: TimedEvent[];
  gaze: TimedHit[];
  fixations: TimedHit[];
}

/** The SDKs send gaze and fixation times in epoch seconds; anything already in ms is kept. */
const toMillis = (time: number) => (time < 1e11 ? Math.round(time * 1000) : Math.round(time));

const byTime = <T extends { time: number }>(items: T[]) => items.sort((a, b) => a.time - b.time);

function timelineOf(session: Row): Timeline {
  const events = byTime(
    ((session.internal.events as JsonRecord[] | undefined) ?? [])
      .map((event) => ({ name: String(event.name), time: Date.parse(String(event.date)), properties: (event.properties as Record<string, unknown>) ?? {} }))
      .filter((event) => !Number.isNaN(event.time)),
  );
  const hits = (samples: JsonRecord[] | undefined, field: string): TimedHit[] =>
    byTime(
      (samples ?? [])
        .filter((sample) => typeof sample[field] === 'string' && typeof sample.time === 'number')
        .map((sample) => ({ objectId: sample[field] as string, time: toMillis(sample.time as number) })),
    );
  const gaze = hits(session.internal.gaze as JsonRecord[] | undefined, 'o');
  const fixations = hits(session.internal.fixations as JsonRecord[] | undefined, 'objectid');
  const start = Date.parse(String(session.record.date));
  const endDate = Date.parse(String(session.record.endDate));
  const end = !Number.isNaN(endDate) ? endDate : start + Number(session.record.duration ?? 0);
  return { start, end, events, gaze, fixations };
}

function compare(actual: unknown, operator: string, expected: unknown): boolean {
  if (expected === null || expected === undefined) return operator === 'neq' ? actual !== undefined && actual !== null : actual === undefined || actual === null;
  if (actual === undefined || actual === null) return operator === 'neq';
  const numeric = typeof expected === 'number' || typeof actual === 'number';
  const [a, b] = numeric ? [Number(actual), Number(expected)] : [String(actual), String(expected)];
  switch (operator) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    default:
      return false;
  }
}

const meetsConditions = (event: TimedEvent, component: Component) =>
  ((component.propertyConditions as Component[] | undefined) ?? []).every((condition) => compare(event.properties[condition.propertyName], condition.operator, condition.value));

/**
 * When an occurrence count (`occurrenceOperator` `occurrenceValue`, default `gte 1`) is met by the matching
 * events: `gte n` and `gt n` at the n-th / (n+1)-th match; `eq n`, `lte n` and `lt n` need the final count,
 * and complete at the last match (or at the session start when none is needed).
 */
function occurrenceTime(matches: TimedEvent[], component: Component, start: number): number | undefined {
  const operator: string = component.occurrenceOperator ?? 'gte';
  const wanted = Math.max(0, Math.ceil(Number(component.occurrenceValue ?? 1)));
  const count = matches.length;
  const atMatch = (n: number) => (n <= 0 ? start : matches[n - 1]!.time);
  switch (operator) {
    case 'gte':
      return count >= wanted ? atMatch(wanted) : undefined;
    case 'gt':
      return count > wanted ? atMatch(wanted + 1) : undefined;
    case 'eq':
      return count === wanted ? atMatch(wanted) : undefined;
    case 'lte':
      return count <= wanted ? atMatch(count) : undefined;
    case 'lt':
      return count < wanted ? atMatch(count) : undefined;
    default:
      return undefined;
  }
}

/** When a component is first completed in the session, or undefined when it never is. */
function completionTime(component: Component, timeline: Timeline): number | undefined {
  const firstEvent = (test: (event: TimedEvent) => boolean) => timeline.events.find((event) => test(event) && meetsConditions(event, component))?.time;
  const objectIds = new Set<string>((component.dynamicObjectIds as string[] | undefined) ?? []);
  switch (component.type) {
    case 'eventstep': {
      if (!component.eventName) return undefined;
      const matches = timeline.events.filter((event) => event.name === component.eventName && meetsConditions(event, component));
      return occurrenceTime(matches, component, timeline.start);
    }
    case 'gazestep':
      return timeline.gaze.find((hit) => objectIds.has(hit.objectId))?.time;
    case 'fixationstep':
      return timeline.fixations.find((hit) => objectIds.has(hit.objectId))?.time;
    case 'exitpollstep':
      return firstEvent((event) => event.name === 'cvr.exitpoll' && event.properties.questionSetId === component.exitpollQuestionSetId);
    case 'mediapointstep': {
      const name = component.eventName ?? component.name;
      return name ? firstEvent((event) => event.name === name) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Evaluates one objective version against one session. Steps are the components in `sequenceNumber` order
 * (`step` = `sequenceNumber`); each is judged over the whole session, so the order of what happened does not
 * decide the outcome. A succeeded step is stamped with its first completion, a failed one with the session's
 * end; `duration` runs from the latest earlier completed step (or the session start) to that stamp.
 */
export function evaluateVersion(session: Row, objectiveVersion: JsonRecord): StepOutcome[] {
  const timeline = timelineOf(session);
  const components = [...((objectiveVersion.objectiveComponents as Component[] | undefined) ?? [])].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const completed: number[] = [];
  return components.map((component) => {
    const time = completionTime(component, timeline);
    const stamp = time ?? timeline.end;
    const since = Math.max(timeline.start, ...completed.filter((earlier) => earlier <= stamp));
    if (time !== undefined) completed.push(time);
    return { step: component.sequenceNumber, result: time === undefined ? 'failed' : 'succeeded', timestamp: stamp, duration: Math.max(0, stamp - since) };
  });
}

/** Whether a session passed an objective version: it has steps and every one succeeded. */
export const passed = (outcomes: StepOutcome[]) => outcomes.length > 0 && outcomes.every((outcome) => outcome.result === 'succeeded');

/**
 * The step results of a session for every active objective version of its project, keyed by objective-version id.
 * Disabled objectives record nothing.
 */
export function evaluateObjectives(store: Store, session: Row): Record<string, { step: number; result: 'succeeded' | 'failed'; timestamp?: number; duration?: number }[]> {
  const results: ObjectiveResults = {};
  for (const objective of store.tables.objectives.children('projectId', session.record.projectId)) {
    if (objective.record.enabled === false) continue;
    for (const version of (objective.record.objectiveVersions as JsonRecord[] | undefined) ?? []) {
      if (version.isActive) results[String(version.id)] = evaluateVersion(session, version);
    }
  }
  return results;
}
