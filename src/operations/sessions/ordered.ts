import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import { Kept } from '../shared/kept.ts';
import { sessionUnits, userSessionNumbers, type Entities, type SessionType, type SessionUnit } from './select.ts';

export type OrderField = NonNullable<components['schemas']['SessionListQuery']['orderBy']>['fieldName'];
type SortKey = number | string | undefined;

// Parsing ISO dates dominates sorting large projects: each distinct string is parsed once.
const parsedTimes = new Map<string, number>();
const timeOf = (value: unknown): SortKey => {
  if (typeof value !== 'string') return undefined;
  let time = parsedTimes.get(value);
  if (time === undefined) {
    time = Date.parse(value);
    if (parsedTimes.size > 1_000_000) parsedTimes.clear();
    parsedTimes.set(value, time);
  }
  return Number.isNaN(time) ? undefined : time;
};

/** How to read each documented order field from a unit; user session numbers are computed once per order. */
function sortKeyReader(field: OrderField, all: TableRow<'sessions'>[]): (unit: SessionUnit) => SortKey {
  switch (field) {
    case 'date':
    case 'endDate':
      return ({ session }) => timeOf(session.record[field]);
    case 'duration':
    case 'createdAt':
      return ({ session }) => {
        const value = session.record[field];
        return typeof value === 'number' ? value : undefined;
      };
    case 'userSessionNumber': {
      const numbers = userSessionNumbers(all);
      return ({ session }) => numbers.get(session.key);
    }
    default:
      return ({ session }) =>
        session.record[field] === null || session.record[field] === undefined
          ? undefined
          : String(session.record[field]);
  }
}

/** The session fields an order reads: while none of them changes (and no session comes or goes), the order holds. */
function fieldsRead(field: OrderField): string[] {
  // Units read the visited versions; a user session number, the participant and the dates of the project's sessions.
  if (field === 'userSessionNumber')
    return ['versionIds', 'date', 'participantId', 'userKey', 'user', 'deviceId', 'sessionId'];
  return ['versionIds', field];
}

/** Missing values sort last in both directions; ties keep the store's order. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return descending ? -order : order;
}

export interface Ordering {
  sessionType: SessionType;
  entities: Entities;
  field: OrderField;
  sort: 'asc' | 'desc';
}

/** Each order holds a reference per unit of one project: a handful of them is plenty for a client's views. */
const orders = new Kept<SessionUnit[]>(16);

/** What names an order among those kept for a sessions table. */
export const orderingName = (projectId: Key, { sessionType, entities, field, sort }: Ordering) =>
  `${projectId}|${sessionType}|${entities.scene?.key ?? ''}|${entities.version?.key ?? ''}|${field}|${sort}`;

/**
 * Every unit of a project's query (one per session, or per session and scene version visited, within the
 * entity filter) in the requested order, ties in the store's order. Built once and kept while the sessions
 * table's rows and the fields the order reads are unchanged, so a page costs a slice, not a sort.
 */
export function orderedUnits(store: Store, projectId: Key, ordering: Ordering): SessionUnit[] {
  const { sessions, sceneVersions } = store.tables;
  // Units hold scene version rows and are limited to those a scene has: versions coming or going change them.
  const stamp = `${sessions.changeStamp(fieldsRead(ordering.field))}|${sceneVersions.changeStamp([])}`;
  return orders.get(sessions, orderingName(projectId, ordering), stamp, () => order(store, projectId, ordering));
}

function order(store: Store, projectId: Key, { sessionType, entities, field, sort }: Ordering): SessionUnit[] {
  const all = store.tables.sessions.children('projectId', projectId);
  const units = sessionUnits(store, all, sessionType, entities);
  const readKey = sortKeyReader(field, all);
  const descending = sort === 'desc';
  const keyed = units.map((unit, index) => ({ unit, key: readKey(unit), index }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, descending) || a.index - b.index);
  return keyed.map(({ unit }) => unit);
}
