import { fail } from '../../http/errors.ts';
import type { components } from '../../generated/api.ts';
import type { Store, TableRow } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { noContent, ok } from '../shared/results.ts';
import { matchesFilters, type Filter } from '../shared/session-filters.ts';
import { findSession } from '../shared/session-views.ts';
import type { Implementations } from '../shared/types.ts';

const isArchived = (set: TableRow<'questionSets'>) => set.record.status === 'archived';

const byVersion = (a: TableRow<'questionSets'>, b: TableRow<'questionSets'>) =>
  Number(a.record.version) - Number(b.record.version);

/** Every version of every question set of a project, by name then version. */
const projectSets = (store: Store, projectId: number) =>
  store.tables.questionSets
    .children('projectId', projectId)
    .sort((a, b) => String(a.record.name).localeCompare(String(b.record.name)) || byVersion(a, b));

/** Every version of one named set, oldest first; 404 when the project has no set of that name. */
function versionsNamed(store: Store, projectId: number, name: string): TableRow<'questionSets'>[] {
  const versions = projectSets(store, projectId).filter((set) => set.record.name === name);
  if (versions.length === 0) fail(404, 'Not found');
  return versions;
}

/** One version of a set; 404 when it does not exist in the project. */
function questionSetOf(store: Store, projectId: number, name: string, version: number): TableRow<'questionSets'> {
  return store.tables.questionSets.get(`${projectId}/${name}:${version}`) ?? fail(404, 'Not found');
}

const responsesOf = (store: Store, set: TableRow<'questionSets'>) =>
  store.tables.exitPollResponses.children('questionSetKey', set.key).map((row) => row.record);

/**
 * The dashboard's `search=field:value`: a record matches when its field equals the value as text; an absent
 * field matches `false` or `null` (so `archived:false` keeps every record that was never archived).
 */
function matchesSearch(record: JsonRecord, search: string | undefined): boolean {
  if (!search) return true;
  const colon = search.indexOf(':');
  const field = search.slice(0, colon);
  const value = search.slice(colon + 1);
  const actual = record[field];
  if (actual === undefined || actual === null) return value === 'false' || value === 'null';
  return String(actual) === value;
}

const sortKeys = {
  createdAt: (record) => Number(record.timestamp),
  timestamp: (record) => Number(record.timestamp),
  questionIndex: (record) => Number(record.questionIndex),
  sessionId: (record) => String(record.sessionId),
} satisfies Record<string, (record: JsonRecord) => number | string>;

/** Orders answer records by one field; ties keep a submission's questions in order. */
function sortResponses<R extends JsonRecord>(
  records: R[],
  orderBy: keyof typeof sortKeys,
  direction: 'ASC' | 'DESC',
): R[] {
  const key = sortKeys[orderBy];
  const sign = direction === 'ASC' ? 1 : -1;
  const order = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...records].sort(
    (a, b) =>
      sign * order(key(a), key(b)) ||
      order(Number(a.questionIndex), Number(b.questionIndex)) ||
      order(Number(a.id), Number(b.id)),
  );
}

/** The session an answer record belongs to, when it is still stored in the project. */
const sessionOf = (store: Store, projectId: number, record: JsonRecord) =>
  findSession(store, projectId, String(record.sessionId));

function hasAnyTag(session: TableRow<'sessions'> | undefined, titles: string[]): boolean {
  const tags = (session?.record.tags ?? []).map((tag) => tag.toLowerCase());
  return titles.some((title) => tags.includes(title.toLowerCase()));
}

/** Per question, how often each answer value was given (most frequent first), then the skipped count. */
function countAnswers(questions: JsonRecord[], records: JsonRecord[]): components['schemas']['ResponseCount'][][] {
  return questions.map((_question, index) => {
    const counts = new Map<string, number>();
    let skipped = 0;
    for (const record of records) {
      if (record.questionIndex !== index) continue;
      if (record.skipped || record.value === null || record.value === undefined) skipped += 1;
      else counts.set(String(record.value), (counts.get(String(record.value)) ?? 0) + 1);
    }
    const numeric = (value: string) =>
      value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : undefined;
    const answered = [...counts]
      .sort(([aValue, aCount], [bValue, bCount]) => {
        if (aCount !== bCount) return bCount - aCount;
        const [a, b] = [numeric(aValue), numeric(bValue)];
        return a !== undefined && b !== undefined ? a - b : aValue.localeCompare(bValue);
      })
      .map(([value, count]) => ({ count, skipped: false, value }));
    return skipped > 0 ? [...answered, { count: skipped, skipped: true, value: null }] : answered;
  });
}

/** ExitPoll question sets, their archive, and the answers recorded for them. */
export const exitPollOperations = {
  listQuestionSets: ({ store, target }) =>
    ok(
      Object.fromEntries(
        projectSets(store, target.project.key)
          .filter((set) => !isArchived(set))
          .map((set) => [set.record.id, set.record]),
      ),
    ),

  listProjectQuestionSets: ({ store, target }) => {
    const byName = new Map<string, TableRow<'questionSets'>[]>();
    for (const set of projectSets(store, target.project.key)) {
      if (isArchived(set)) continue;
      const name = String(set.record.name);
      byName.set(name, [...(byName.get(name) ?? []), set]);
    }
    return ok(
      [...byName.values()].flatMap((versions) => {
        // Each list holds at least the set that started it.
        const latest = versions.at(-1);
        return latest ? [{ ...latest.record, versions: versions.map((set) => set.record.id) }] : [];
      }),
    );
  },

  listQuestionSetVersions: ({ store, target, path }) =>
    ok(versionsNamed(store, target.project.key, path.name).map((set) => set.record)),

  archiveQuestionSet: ({ store, target, path, auditTarget }) => {
    const versions = versionsNamed(store, target.project.key, path.name);
    for (const set of versions) store.tables.questionSets.update(set.key, { record: { status: 'archived' } });
    auditTarget('questionSet', path.name);
    return noContent();
  },

  listQuestionSetResponses: ({ store, target, path, query }) => {
    const projectId = target.project.key;
    const set = questionSetOf(store, projectId, path.name, path.version);
    const excluded = query.excludeTags
      ? String(query.excludeTags)
          .split(',')
          .map((tag) => tag.trim())
      : [];
    const matching = responsesOf(store, set)
      .filter((record) => matchesSearch(record, query.search))
      .filter((record) => excluded.length === 0 || !hasAnyTag(sessionOf(store, projectId, record), excluded));
    const limit: number = query.limit ?? 1000;
    const page: number = query.page ?? 0;
    const sorted = sortResponses(matching, query.orderBy ?? 'createdAt', query.sort ?? 'DESC');
    return ok({
      count: sorted.length,
      pages: Math.ceil(sorted.length / limit),
      currentPage: page,
      results: sorted.slice(page * limit, (page + 1) * limit),
    });
  },

  exportQuestionSetResponses: ({ store, target, path, query }) => {
    const set = questionSetOf(store, target.project.key, path.name, path.version);
    return ok(
      sortResponses(
        responsesOf(store, set).filter((record) => matchesSearch(record, query.search)),
        'timestamp',
        'DESC',
      ),
    );
  },

  queryQuestionSetResponseCounts: ({ store, target, path, body }) => {
    const projectId = target.project.key;
    const set = questionSetOf(store, projectId, path.name, path.version);
    const filters: Filter[] = body?.sessionFilters ?? [];
    const records = responsesOf(store, set).filter((record) => {
      const session = sessionOf(store, projectId, record);
      return session ? matchesFilters(session, filters) : filters.length === 0;
    });
    return ok(countAnswers(set.record.questions, records));
  },
} satisfies Implementations;
