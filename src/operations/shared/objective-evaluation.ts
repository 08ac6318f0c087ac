import type { components } from '../../generated/api.ts';
import { isRecord } from '../../guards.ts';
import type { Store, TableRecord, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';

/** The outcome of one step in one session; `timestamp` is epoch ms, `duration` ms. */
export type StepOutcome = {
  step: number;
  result: 'succeeded' | 'failed';
  timestamp: number;
  duration: number;
};

/** Step outcomes keyed by objective-version id. */
export type ObjectiveResults = Record<string, StepOutcome[]>;

type Component = components['schemas']['ObjectiveComponent'];
type ObjectiveVersion = TableRecord<'objectives'>['objectiveVersions'][number];
type EventStep = components['schemas']['ObjectiveEventStep'];
type ExitPollStep = components['schemas']['ObjectiveExitPollStep'];

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

function timelineOf(session: TableRow<'sessions'>): Timeline {
  const events = byTime(
    (session.internal.events ?? [])
      .map((event) => ({
        name: String(event.name),
        time: Date.parse(String(event.date)),
        properties: isRecord(event.properties) ? event.properties : {},
      }))
      .filter((event) => !Number.isNaN(event.time)),
  );
  const hits = (samples: JsonRecord[] | undefined, field: string): TimedHit[] => {
    const found: TimedHit[] = [];
    for (const sample of samples ?? []) {
      const objectId = sample[field];
      const time = sample.time;
      if (typeof objectId === 'string' && typeof time === 'number') found.push({ objectId, time: toMillis(time) });
    }
    return byTime(found);
  };
  const gaze = hits(session.internal.gaze, 'o');
  const fixations = hits(session.internal.fixations, 'objectid');
  const start = Date.parse(String(session.record.date));
  const endDate = Date.parse(String(session.record.endDate));
  const end = !Number.isNaN(endDate) ? endDate : start + Number(session.record.duration ?? 0);
  return { start, end, events, gaze, fixations };
}

function compare(actual: unknown, operator: string, expected: unknown): boolean {
  if (expected === null || expected === undefined)
    return operator === 'neq' ? actual !== undefined && actual !== null : actual === undefined || actual === null;
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
  (component.propertyConditions ?? []).every((condition) =>
    compare(event.properties[condition.propertyName], condition.operator, condition.value),
  );

/**
 * When an occurrence count (`occurrenceOperator` `occurrenceValue`) is met by the matching events: `gte n` and
 * `gt n` at the n-th / (n+1)-th match; `eq n`, `lte n` and `lt n` need the final count, and complete at the last
 * match (or at the session start when none is needed).
 */
function occurrenceTime(matches: TimedEvent[], component: EventStep, start: number): number | undefined {
  const wanted = Math.max(0, Math.ceil(component.occurrenceValue));
  const count = matches.length;
  const atMatch = (n: number) => (n <= 0 ? start : matches[n - 1]?.time);
  switch (component.occurrenceOperator) {
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

/**
 * An ExitPoll answer as the number it compares as: true/false as 1/0, numeric strings as numbers. A skipped
 * answer (null or missing) or any other value has none.
 */
function answerNumber(answer: unknown): number | undefined {
  if (typeof answer === 'boolean') return answer ? 1 : 0;
  if (typeof answer === 'number') return Number.isFinite(answer) ? answer : undefined;
  if (typeof answer === 'string' && answer.trim() !== '') {
    const value = Number(answer);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/** Whether a `cvr.exitpoll` event answers the step's set, with an answer to its question that meets its condition. */
function answerMeets(event: TimedEvent, component: ExitPollStep): boolean {
  if (event.name !== 'cvr.exitpoll' || event.properties.questionSetId !== component.exitpollQuestionSetId) return false;
  const answer = answerNumber(event.properties[`Answer${component.clusterIndex}`]);
  return answer !== undefined && compare(answer, component.answerOperator, component.answerValue);
}

/**
 * When a component is first completed in the session, or undefined when it never is. The duration fields of
 * gaze, fixation and media-point steps are not judged: the first look at one of the objects completes them.
 */
function completionTime(component: Component, timeline: Timeline): number | undefined {
  const firstEvent = (test: (event: TimedEvent) => boolean) =>
    timeline.events.find((event) => test(event) && meetsConditions(event, component))?.time;
  switch (component.type) {
    case 'eventstep': {
      const matches = timeline.events.filter(
        (event) => event.name === component.eventName && meetsConditions(event, component),
      );
      return occurrenceTime(matches, component, timeline.start);
    }
    case 'exitpollstep':
      return firstEvent((event) => answerMeets(event, component));
    default: {
      const objectIds = new Set(component.dynamicObjectIds);
      const hits = component.type === 'fixationstep' ? timeline.fixations : timeline.gaze;
      return hits.find((hit) => objectIds.has(hit.objectId))?.time;
    }
  }
}

/** A version's components in `sequenceNumber` order. */
export const componentsOf = (objectiveVersion: ObjectiveVersion): Component[] =>
  [...objectiveVersion.objectiveComponents].sort((a, b) => a.sequenceNumber - b.sequenceNumber);

/**
 * Evaluates one objective version against one session. Steps are the components in `sequenceNumber` order
 * (`step` = `sequenceNumber`); each is judged over the whole session, so the order of what happened does not
 * decide the outcome. A succeeded step is stamped with its first completion, a failed one with the session's
 * end; `duration` runs from the latest earlier completed step (or the session start) to that stamp.
 */
export function evaluateVersion(session: TableRow<'sessions'>, objectiveVersion: ObjectiveVersion): StepOutcome[] {
  const timeline = timelineOf(session);
  const completed: number[] = [];
  return componentsOf(objectiveVersion).map((component) => {
    const time = completionTime(component, timeline);
    const stamp = time ?? timeline.end;
    const since = Math.max(timeline.start, ...completed.filter((earlier) => earlier <= stamp));
    if (time !== undefined) completed.push(time);
    return {
      step: component.sequenceNumber,
      result: time === undefined ? 'failed' : 'succeeded',
      timestamp: stamp,
      duration: Math.max(0, stamp - since),
    };
  });
}

/** Whether a session passed an objective version: it has steps and every one succeeded. */
export const passed = (outcomes: StepOutcome[]) =>
  outcomes.length > 0 && outcomes.every((outcome) => outcome.result === 'succeeded');

/**
 * The step results of a session for every active objective version of its project, keyed by objective-version id.
 * Disabled objectives record nothing.
 */
export function evaluateObjectives(store: Store, session: TableRow<'sessions'>): ObjectiveResults {
  const results: ObjectiveResults = {};
  for (const objective of store.tables.objectives.children('projectId', session.record.projectId)) {
    if (objective.record.enabled === false) continue;
    for (const version of objective.record.objectiveVersions) {
      if (version.isActive) results[String(version.id)] = evaluateVersion(session, version);
    }
  }
  return results;
}
