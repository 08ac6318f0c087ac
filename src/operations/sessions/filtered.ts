import type { Store } from '../../store/store.ts';
import type { Key } from '../../store/table.ts';
import { Kept } from '../shared/kept.ts';
import { orderingName, type Ordering } from './ordered.ts';
import { unitFilter, type SelectionFilters, type SessionUnit } from './select.ts';

/** Clients repeat a few filters (not test, not junk) while paging: those are the ones worth keeping. */
const matches = new Kept<SessionUnit[]>(8);

/** What names the units of an order that meet these filters, among those kept (and the pages kept of them). */
export const filteredName = (
  projectId: Key,
  ordering: Ordering,
  { sessionFilters, eventFilters, userFilters, objectiveFilters }: SelectionFilters,
) =>
  `${orderingName(projectId, ordering)}|${JSON.stringify([sessionFilters, eventFilters, userFilters, objectiveFilters])}`;

/**
 * The units of an order that meet a query's filters (`name`: their `filteredName`), in that order. Kept until a session or an objective
 * changes (what filters read, besides the units' scene versions, which the order follows): paging through
 * a filtered list then costs a slice, not a test of every session of the project. (Not the whole store's
 * writes: every request made with an API key records its use.)
 */
export function matchingUnits(
  store: Store,
  projectId: Key,
  ordered: SessionUnit[],
  filters: SelectionFilters,
  name: string,
): SessionUnit[] {
  const { sessions, sceneVersions, objectives } = store.tables;
  const stamp = `${sessions.mutations}|${sceneVersions.changeStamp([])}|${objectives.mutations}`;
  return matches.get(sessions, name, stamp, () =>
    ordered.filter(unitFilter(store, filters, () => sessions.children('projectId', projectId))),
  );
}
