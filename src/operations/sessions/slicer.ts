import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { ok } from '../shared/results.ts';
import type { Implementations, OperationContext } from '../shared/types.ts';
import { fromEntries } from '../../guards.ts';
import { filterEvents, type Filter } from '../shared/session-filters.ts';
import { objectMetrics, sessionGaze, sessionObjectMetrics } from './object-metrics.ts';
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

type PropertyKind = Schemas['PropertyKind'];

const propertyKinds: readonly PropertyKind[] = [
  'textualSessionProp',
  'numericalSessionProp',
  'booleanSessionProp',
  'textualEventProp',
  'numericalEventProp',
  'booleanEventProp',
];

const kindOf = (value: unknown): 'textual' | 'numerical' | 'boolean' | undefined =>
  typeof value === 'string'
    ? 'textual'
    : typeof value === 'number'
      ? 'numerical'
      : typeof value === 'boolean'
        ? 'boolean'
        : undefined;

/** The property names of the sessions and their events, by kind; a name stored with two types is listed under both. */
function propertyNames(sessions: TableRow<'sessions'>[]): Record<PropertyKind, string[]> {
  const found = fromEntries(propertyKinds.map((kind) => [kind, new Set<string>()]));
  const collect = (properties: unknown, owner: 'Session' | 'Event') => {
    for (const [name, value] of Object.entries(properties ?? {})) {
      const kind = kindOf(value);
      if (kind) found[`${kind}${owner}Prop`].add(name);
    }
  };
  for (const session of sessions) {
    collect(session.record.properties, 'Session');
    for (const event of session.internal.events ?? []) collect(event.properties, 'Event');
  }
  return fromEntries(propertyKinds.map((kind) => [kind, [...found[kind]].sort()]));
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

/** An operation the mock computes; 400 for the group operations (`pointer` locates the operation). */
function computedOperation({ name, type, field }: Schemas['SlicerOperation'], pointer: string): Operation {
  if (type === 'groups' || type === 'customGroups')
    fail(400, `The mock does not compute ${type} operations`, `${pointer}/type`);
  if (type === 'sessionCount' || type === 'eventCount') return { name, type, field };
  // The schema requires the field of min, max, average and sum.
  if (field === undefined) throw new Error(`A ${type} operation was validated without its field`);
  return { name, type, field };
}

/** The sessions of the project that visited the version and meet the session filters, in store order. */
function versionSessions(
  store: Parameters<typeof selectSessions>[0],
  projectId: number,
  versionId: number,
  sessionFilters: Filter[] | undefined,
): TableRow<'sessions'>[] {
  return visitedUnits(store, projectId, versionId, sessionFilters).map(({ session }) => session);
}

/** The slicer: aggregations over the selected sessions, property discovery, and per-object gaze metrics. */
export const slicerOperations = {
  querySlicer: ({ store, target, body }) => {
    const query = body as SlicerQuery; // the generated body type is `unknown` (see SlicerQuery)
    const { units } = selectSessions(store, target.project.key, query, { honourEntities: false });
    const eventFilters = [...(query.eventFilters ?? []), ...(query.separableEventFilters ?? [])];
    const aggregationUnits: AggregationUnit[] = units.map((unit) => new FilteredUnit(unit, eventFilters));
    const aggregations = [...(query.aggregations ?? []), ...(query.aggregation ? [query.aggregation] : [])];
    const answer: Schemas['SlicerResult']['aggregations'] = {};
    aggregations.forEach((aggregation, index) => {
      const pointer =
        query.aggregations && index < query.aggregations.length ? `/aggregations/${index}` : '/aggregation';
      const results: Schemas['SlicerResult']['aggregations'][string] = {};
      aggregation.operations.forEach((operation, position) => {
        const computed = computedOperation(operation, `${pointer}/operations/${position}`);
        const result = aggregate(aggregationUnits, computed, aggregation.sliceBys ?? [], pointer);
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
    const { sceneId, versionId: namedVersionId } = query.entityFilters;
    // The operation's schema requires the version in `entityFilters` (the generated type leaves it optional).
    if (namedVersionId === undefined)
      throw new Error('queryObjectMetrics was validated without entityFilters.versionId');
    const versionId = resolveEntities(store, projectId, { sceneId, versionId: namedVersionId }).version.key;
    const sessions = versionSessions(store, projectId, versionId, query.sessionFilters);
    const perSession = sessions.map((session) => sessionGaze(session, versionId, query.gazeType));
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
    const metrics: Schemas['SingleObjectMetrics']['metrics'] = {};
    for (const session of versionSessions(store, projectId, versionId, query.sessionFilters)) {
      metrics[String(session.record.sessionId)] = sessionObjectMetrics(
        session,
        sessionGaze(session, versionId, query.gazeType),
        query.objectId,
      );
    }
    return ok({ metrics });
  },
} satisfies Implementations;
