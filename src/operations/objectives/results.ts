import type { components } from '../../generated/api.ts';
import { fail } from '../../http/errors.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { ok, text } from '../shared/results.ts';
import { matchesFilters, type Filter } from '../shared/session-filters.ts';
import { findSession, visitedVersion } from '../shared/session-views.ts';
import type { Implementations, OperationContext } from '../shared/types.ts';
import { componentsOf, evaluateObjectives, evaluateVersion, passed } from '../shared/objective-evaluation.ts';
import {
  activeVersion,
  findProjectVersion,
  objectiveOf,
  projectVersionOf,
  projectVersions,
  type LocatedVersion,
  type ObjectiveVersion,
} from './lookup.ts';

const isoDate = (epochMs: number) => new Date(epochMs).toISOString();

const taggedJunkOrTest = (session: TableRow<'sessions'>) =>
  (session.record.tags ?? []).some((tag) => tag === 'junk' || tag === 'test');

interface SessionSelection {
  excludeJunkAndTest?: boolean;
  /** Only sessions that recorded data in this scene version. */
  versionId?: number;
  /** Slicer filters every session must match (session, event and separable event filters alike). */
  filters?: (Filter[] | undefined)[];
}

/** A project's sessions, oldest first, narrowed as asked. */
function selectSessions(store: Store, projectId: number, selection: SessionSelection = {}): TableRow<'sessions'>[] {
  return store.tables.sessions
    .children('projectId', projectId)
    .filter((session) => !selection.excludeJunkAndTest || !taggedJunkOrTest(session))
    .filter((session) => selection.versionId === undefined || visitedVersion(session, selection.versionId))
    .filter((session) => (selection.filters ?? []).every((filters) => matchesFilters(session, filters)))
    .sort((a, b) => Date.parse(String(a.record.date)) - Date.parse(String(b.record.date)));
}

const mean = (values: number[]) =>
  values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;

/** Per-step counts of an objective version over sessions; averages (ms) over the sessions that completed the step. */
function stepAggregates(
  sessions: TableRow<'sessions'>[],
  version: ObjectiveVersion,
): components['schemas']['ObjectiveStepAggregate'][] {
  const steps = new Map<number, { succeeded: number; failed: number; completion: number[]; duration: number[] }>();
  for (const component of componentsOf(version))
    steps.set(component.sequenceNumber, { succeeded: 0, failed: 0, completion: [], duration: [] });
  for (const session of sessions) {
    const start = Date.parse(String(session.record.date));
    for (const outcome of evaluateVersion(session, version)) {
      const entry = steps.get(outcome.step);
      if (!entry) continue; // never: the outcomes are those of the version's components
      if (outcome.result === 'failed') {
        entry.failed += 1;
        continue;
      }
      entry.succeeded += 1;
      entry.completion.push(outcome.timestamp - start);
      entry.duration.push(outcome.duration);
    }
  }
  return [...steps].map(([step, entry]) => ({
    step,
    succeeded: entry.succeeded,
    failed: entry.failed,
    averageStepCompletionTime: mean(entry.completion),
    averageStepDuration: mean(entry.duration),
  }));
}

function passCounts(
  sessions: TableRow<'sessions'>[],
  versions: ObjectiveVersion[],
): { succeeded: number; failed: number } {
  let succeeded = 0;
  for (const version of versions)
    for (const session of sessions) if (passed(evaluateVersion(session, version))) succeeded += 1;
  return { succeeded, failed: sessions.length * versions.length - succeeded };
}

/**
 * The objective versions a dataset query is about: every version of the project (with `sliceByObjectiveVersion`)
 * or each objective's active one, narrowed by `objectiveId` and `objectiveVersionId`, which must be in the project (400).
 */
function queriedVersions(
  store: Store,
  body: OperationContext<'queryObjectiveResults' | 'queryObjectiveStepResults'>['body'],
  everyVersion: boolean,
): LocatedVersion[] {
  const projectId = body.projectId;
  if (body.objectiveId !== undefined && store.tables.objectives.get(body.objectiveId)?.record.projectId !== projectId) {
    fail(400, `No objective ${body.objectiveId} in project ${projectId}`, '/objectiveId');
  }
  if (body.objectiveVersionId !== undefined) {
    const located = findProjectVersion(store, projectId, body.objectiveVersionId);
    if (!located || (body.objectiveId !== undefined && located.objective.key !== body.objectiveId)) {
      fail(
        400,
        `No objective version ${body.objectiveVersionId} in project ${projectId}${body.objectiveId !== undefined ? ` under objective ${body.objectiveId}` : ''}`,
        '/objectiveVersionId',
      );
    }
    return [located];
  }
  const objectives =
    body.objectiveId !== undefined
      ? [objectiveOf(store, projectId, body.objectiveId)]
      : store.tables.objectives.children('projectId', projectId);
  if (everyVersion) return projectVersions(store, projectId).filter(({ objective }) => objectives.includes(objective));
  return objectives.flatMap((objective) => {
    const version = activeVersion(objective);
    return version ? [{ objective, version }] : [];
  });
}

const querySessions = (store: Store, body: Record<string, any>) =>
  selectSessions(store, body.projectId, {
    filters: [body.sessionFilters, body.eventFilters, body.separableEventFilters],
  });

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvColumns = [
  'sessionId',
  'participantId',
  'sessionDate',
  'objectiveId',
  'objectiveVersionId',
  'step',
  'stepName',
  'result',
  'timestamp',
  'duration',
];

/** Objective results: per session, per step, per objective version, and the CSV export. */
export const objectiveResultOperations = {
  getSessionObjectiveData: ({ store, target, path }) => {
    const versionId = target.version.key;
    const session = findSession(store, target.project.key, path.sessionId);
    if (!session || !visitedVersion(session, versionId)) fail(404, 'Not found');
    const results = evaluateObjectives(store, session);
    return ok(
      Object.fromEntries(
        Object.entries(results).map(([objectiveVersionId, outcomes]) => [
          objectiveVersionId,
          outcomes.map((outcome) => ({
            ...outcome,
            ...(outcome.timestamp !== undefined && { timestamp: isoDate(outcome.timestamp) }),
          })),
        ]),
      ),
    );
  },

  getObjectiveVersionStepResults: ({ store, target, path, query }) => {
    const versionId = target.version.key;
    const projectId = target.project.key;
    const { version } = projectVersionOf(store, projectId, path.objectiveVersionId);
    const sessions = selectSessions(store, projectId, {
      versionId,
      excludeJunkAndTest: query.excludeJunkAndTest === true,
    });
    return ok(stepAggregates(sessions, version));
  },

  getObjectiveVersionResultsCsv: ({ store, target, path, query }) => {
    const projectId = target.project.key;
    const { objective, version } = projectVersionOf(store, projectId, path.objectiveVersionId);
    const names = new Map(componentsOf(version).map((component) => [component.sequenceNumber, component.name]));
    const lines = [csvColumns.join(',')];
    for (const session of selectSessions(store, projectId, {
      excludeJunkAndTest: query.excludeJunkAndTestSessions === true,
    })) {
      for (const outcome of evaluateVersion(session, version)) {
        const row = [
          session.record.sessionId,
          session.record.participantId,
          session.record.date,
          objective.key,
          version.id,
          outcome.step,
          names.get(outcome.step),
          outcome.result,
          outcome.timestamp === undefined ? '' : isoDate(outcome.timestamp),
          outcome.duration,
        ];
        lines.push(row.map(csvField).join(','));
      }
    }
    const result = text(200, `${lines.join('\n')}\n`, 'text/csv; charset=utf-8');
    return {
      ...result,
      headers: { 'content-disposition': `attachment; filename="objective-version-${version.id}-results.csv"` },
    };
  },

  queryObjectiveResults: ({ store, body }) => {
    const sessions = querySessions(store, body);
    if (body.sliceByObjectiveVersion) {
      return ok(
        queriedVersions(store, body, true).map(({ objective, version }) => ({
          objectiveVersionId: version.id,
          objectiveId: objective.key,
          ...passCounts(sessions, [version]),
        })),
      );
    }
    const located = queriedVersions(store, body, false);
    if (body.sliceByObjective)
      return ok(
        located.map(({ objective, version }) => ({ objectiveId: objective.key, ...passCounts(sessions, [version]) })),
      );
    const narrowed = {
      ...(body.objectiveId !== undefined && { objectiveId: body.objectiveId }),
      ...(body.objectiveVersionId !== undefined && { objectiveVersionId: body.objectiveVersionId }),
    };
    return ok([
      {
        ...narrowed,
        ...passCounts(
          sessions,
          located.map(({ version }) => version),
        ),
      },
    ]);
  },

  queryObjectiveStepResults: ({ store, body }) => {
    if (!body.sliceByObjectiveVersion && body.objectiveVersionId === undefined) {
      fail(400, 'objectiveVersionId is required unless sliceByObjectiveVersion is true', '/objectiveVersionId');
    }
    const sessions = querySessions(store, body);
    const located = queriedVersions(store, body, true);
    if (!body.sliceByObjectiveVersion) {
      // Without slicing the version is named (refused above otherwise): it is the one located.
      const [named] = located;
      if (!named) throw new Error('An objective version named by a step results query was not located');
      return ok(stepAggregates(sessions, named.version));
    }
    return ok(
      Object.fromEntries(located.map(({ version }) => [String(version.id), stepAggregates(sessions, version)])),
    );
  },
} satisfies Implementations;
