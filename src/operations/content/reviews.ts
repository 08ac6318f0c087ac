import type { MultipartBody } from '../../http/body.ts';
import { fail } from '../../http/errors.ts';
import type { Store, TableRecord } from '../../store/store.ts';
import type { JsonRecord } from '../../store/table.ts';
import { ok } from '../shared/results.ts';
import { findSession } from '../shared/session-views.ts';
import type { Implementations } from '../shared/types.ts';
import { parseCsv } from './csv.ts';
import { inProject } from './owned.ts';

const requiredColumns = ['rating', 'title', 'body', 'author', 'reviewedAt'] as const;
const optionalColumns = ['sdkSessionId', 'versionId'] as const;
type Column = (typeof requiredColumns)[number] | (typeof optionalColumns)[number];

const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The CSV of the `reviews` part: a text field, or the one file part (whose field name multipart parsing does not keep). */
function csvOf(body: MultipartBody): string {
  if (body.fields.reviews !== undefined) return body.fields.reviews;
  const [only, ...others] = body.files;
  if (only && others.length === 0) return new TextDecoder().decode(only.bytes);
  return fail(400, 'The multipart part "reviews" (the reviews CSV) is required', 'reviews');
}

/** A timestamp without a zone is read as UTC; a date alone as its midnight UTC. */
function isoTimestamp(value: string): string | undefined {
  if (!isoDateTime.test(value)) return undefined;
  const zoned = /T/i.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? `${value}Z` : value;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

type ImportedReview = Pick<
  TableRecord<'reviews'>,
  'rating' | 'title' | 'body' | 'author' | 'reviewedAt' | 'sdkSessionId' | 'versionId'
>;

/** Reads one CSV row into a review, or throws 400 naming the row and what is wrong with it. */
function reviewOf(store: Store, projectId: number, cell: (column: Column) => string, line: number): ImportedReview {
  function wrong(message: string): never {
    return fail(400, `Row at line ${line} of the reviews CSV: ${message}; nothing was imported`, 'reviews');
  }
  const rating = cell('rating');
  if (!/^[1-5]$/.test(rating)) wrong(`rating ${JSON.stringify(rating)} is not an integer from 1 to 5`);
  const author = cell('author');
  if (author === '') wrong('author is missing');
  const reviewedAt = isoTimestamp(cell('reviewedAt'));
  if (!reviewedAt) wrong(`reviewedAt ${JSON.stringify(cell('reviewedAt'))} is not an ISO-8601 date-time`);

  const sdkSessionId = cell('sdkSessionId');
  const session = sdkSessionId === '' ? undefined : findSession(store, projectId, sdkSessionId);
  if (sdkSessionId !== '' && !session)
    wrong(`sdkSessionId ${JSON.stringify(sdkSessionId)} is not a session of this project`);
  const versionText = cell('versionId');
  let versionId: number | null = null;
  if (versionText !== '') {
    if (!/^\d{1,15}$/.test(versionText) || Number(versionText) < 1)
      wrong(`versionId ${JSON.stringify(versionText)} is not a positive integer`);
    versionId = Number(versionText);
    const version = store.tables.sceneVersions.get(versionId);
    const scene = version && store.tables.scenes.get(version.record.sceneId);
    if (!scene || scene.record.projectId !== projectId)
      wrong(`versionId ${versionId} is not a scene version of this project`);
    if (session && !session.internal.versionIds?.includes(versionId))
      wrong(`session ${sdkSessionId} was not recorded in scene version ${versionId}`);
  }
  return {
    rating: Number(rating),
    title: cell('title'),
    body: cell('body'),
    author,
    reviewedAt,
    sdkSessionId: sdkSessionId || null,
    versionId,
  };
}

const newestFirst = (a: JsonRecord, b: JsonRecord) =>
  String(b.reviewedAt).localeCompare(String(a.reviewedAt)) || Number(b.id) - Number(a.id);

/** App-store reviews imported from the Meta Quest CSV export. */
export const reviewOperations = {
  listReviews: ({ store, target }) =>
    ok(
      inProject(store.tables.reviews, target.project.key)
        .map((row) => row.record)
        .sort(newestFirst),
    ),

  importReviews: ({ store, target, body }) => {
    const projectId = target.project.key;
    const text = csvOf(body);
    let rows: ReturnType<typeof parseCsv>;
    try {
      rows = parseCsv(text);
    } catch (error) {
      return fail(
        400,
        `The reviews CSV is malformed: ${error instanceof Error ? error.message : String(error)}`,
        'reviews',
      );
    }
    const [header, ...data] = rows;
    if (!header) return fail(400, 'The reviews CSV is empty: its first line must name the columns', 'reviews');
    const positions = new Map(header.cells.map((name, index) => [name.trim().toLowerCase(), index]));
    const missing = requiredColumns.filter((column) => !positions.has(column.toLowerCase()));
    if (missing.length > 0)
      fail(
        400,
        `The reviews CSV has no ${missing.map((column) => JSON.stringify(column)).join(', ')} column`,
        'reviews',
      );

    // Every row is checked before any is stored: one bad row and nothing is imported.
    const reviews = data.map(({ cells, line }) => {
      const cell = (column: Column) => {
        const index = positions.get(column.toLowerCase());
        return index === undefined ? '' : (cells[index] ?? '').trim();
      };
      return reviewOf(store, projectId, cell, line);
    });
    const table = store.tables.reviews;
    for (const review of reviews) table.insert({ id: table.nextKey(), projectId, ...review });
    return ok({ imported: reviews.length });
  },

  listSessionReviews: ({ store, target, query }) =>
    ok(
      inProject(store.tables.reviews, target.project.key)
        .map((row) => row.record)
        .filter(
          (review) =>
            review.sdkSessionId === query.sdkSessionId &&
            (query.versionId === undefined || review.versionId === query.versionId),
        )
        .sort(newestFirst),
    ),
} satisfies Implementations;
