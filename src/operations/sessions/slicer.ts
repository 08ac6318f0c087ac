import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { ok } from '../shared/results.ts';
import type { Implementations, OperationContext } from '../shared/types.ts';
import { filterEvents, type Filter } from '../shared/session-filters.ts';
import { objectMetrics, sessionGaze, sessionObjectMetrics, type GazeType } from './object-metrics.ts';
import { aggregate, layout, type AggregationUnit, type Operation } from './slicer-aggregate.ts';
import { resolveEntities, selectSessions, unitEvents, visitedUnits, type SessionUnit } from './select.ts';

type Schemas = components['schemas'];
/** The slicer body (the generated type widens to `unknown` because of the schema's top-level anyOf). */
type SlicerQuery = {
  sessionType: 'project' | 'scene';
  entityFilters: Schemas['EntityFilters'];
  sessionFilters?: Schemas['Filter'][];
  eventFilters?: Schemas['Filter'][];
  separableEventFilters?: Schemas['Filter'][];
  userFilters?: Schemas['UserFilter'][];
  objectiveFilters?: Schemas['ObjectiveFilter'][];
  aggregations?: Schemas['SlicerAggregation'][];
  aggregation?: Schemas['SlicerAggregation'];
};

const propertyKinds = [
  'textualSessionProp',
  'numericalSessionProp',
  'booleanSessionProp',
  'textualEventProp',
  'numericalEventProp',
  'booleanEventProp',
] as const;

const kindOf = (value: unknown): 'textual' | 'numerical' | 'boolean' | undefined =>
  typeof value === 'string'
    ? 'textual'
    : typeof value === 'number'
      ? 'numerical'
      : typeof value === 'boolean'
        ? 'boolean'
        : undefined;

/** The property names of the sessions and their events, by kind; a name stored with two types is listed under both. */
function propertyNames(sessions: TableRow<'sessions'>[]): Record<(typeof propertyKinds)[number], string[]> {
  const found = Object.fromEntries(propertyKinds.map((kind) => [kind, new Set<string>()])) as Record<
    (typeof propertyKinds)[number],
    Set<string>
  >;
  const collect = (properties: unknown, owner: 'Session' | 'Event') => {
    for (const [name, value] of Object.entries((properties as JsonRecord | undefined) ?? {})) {
      const kind = kindOf(value);
      if (kind) found[`${kind}${owner}Prop`].add(name);
    }
  };
  for (const session of sessions) {
    collect(session.record.properties, 'Session');
    for (const event of session.internal.events ?? []) collect(event.properties, 'Event');
  }
  return Object.fromEntries(propertyKinds.map((kind) => [kind, [...found[kind]].sort()])) as Record<
    (typeof propertyKinds)[number],
    string[]
  >;
}

/** A selected unit whose events (those of its scene version that the event filters keep) are read once, when first needed. */
class FilteredUnit implements AggregationUnit {
  private kept: JsonRecord[] | undefined;

  constructor(
    private readonly unit: SessionUnit,
    private readonly filters: Filter[],
  ) {}

  get session(): TableRow<'sessions'> {
    return this.unit.session;
  }

  events(): JsonRecord[] {
    return (this.kept ??= filterEvents(this.unit.session, this.filters, unitEvents(this.unit)));
  }
}

function queryPropertyNames({
  store,
  target,
  body,
}: OperationContext<'querySlicerPropertyNames' | 'queryPropertyNames'>) {
  const query = body;
  const { units } = selectSessions(
    store,
    target.project.key,
    { sessionType: query.sessionType, entityFilters: query.entityFilters },
    { honourEntities: false },
  );
  return ok(propertyNames([...new Set(units.map(({ session }) => session))]));
}

/** The sessions of the project that visited the version and meet the session filters, in store order. */
function versionSessions(
  store: Parameters<typeof selectSessions>[0],
  projectId: number,
  versionId: number,
  sessionFilters: unknown[] | undefined,
): TableRow<'sessions'>[] {
  return visitedUnits(store, projectId, versionId, sessionFilters as never).map(({ session }) => session);
}

/** The slicer: aggregations over the selected sessions, property discovery, and per-object gaze metrics. */
export const slicerOperations = {
  querySlicer: ({ store, target, body }) => {
    const query = body as SlicerQuery; // the generated body type is `unknown` (see SlicerQuery)
    const { units } = selectSessions(store, target.project.key, query, { honourEntities: false });
    const eventFilters = [...(query.eventFilters ?? []), ...(query.separableEventFilters ?? [])];
    const aggregationUnits: AggregationUnit[] = units.map((unit) => new FilteredUnit(unit, eventFilters));
    const aggregations = [...(query.aggregations ?? []), ...(query.aggregation ? [query.aggregation] : [])];
    const answer: Record<string, JsonRecord> = {};
    aggregations.forEach((aggregation, index) => {
      const pointer =
        query.aggregations && index < query.aggregations.length ? `/aggregations/${index}` : '/aggregation';
      const results: JsonRecord = {};
      aggregation.operations.forEach((operation, position) => {
        if (operation.type === 'groups' || operation.type === 'customGroups') {
          fail(400, `The mock does not compute ${operation.type} operations`, `${pointer}/operations/${position}/type`);
        }
        const result = aggregate(aggregationUnits, operation as Operation, aggregation.sliceBys ?? [], pointer);
        results[operation.name] = layout(aggregation.outputType ?? 'legacy', operation.name, result);
      });
      answer[aggregation.name] = results;
    });
    return ok({ aggregations: answer });
  },

  querySlicerPropertyNames: queryPropertyNames,
  queryPropertyNames,

  queryObjectMetrics: ({ store, target, body }) => {
    const query = body;
    const projectId = target.project.key;
    // The operation's schema requires the version in `entityFilters` (the generated type leaves it optional).
    const versionId = resolveEntities(store, projectId, query.entityFilters).version!.key;
    const sessions = versionSessions(store, projectId, versionId, query.sessionFilters);
    const perSession = sessions.map((session) => sessionGaze(session, versionId, query.gazeType as GazeType));
    const metrics = Object.fromEntries(
      query.objectIds.map((objectId) => [objectId, objectMetrics(sessions, perSession, objectId)]),
    );
    return ok({ sessionCount: sessions.length, metrics });
  },

  querySingleObjectSessionMetrics: ({ store, target, body }) => {
    const query = body;
    const projectId = target.project.key;
    const { version } = resolveEntities(store, projectId, { sceneId: query.sceneId, versionId: query.versionId });
    const versionId = version.key;
    const metrics: JsonRecord = {};
    for (const session of versionSessions(store, projectId, versionId, query.sessionFilters)) {
      metrics[String(session.record.sessionId)] = sessionObjectMetrics(
        session,
        sessionGaze(session, versionId, query.gazeType as GazeType),
        query.objectId,
      );
    }
    return ok({ metrics });
  },
} satisfies Implementations;
