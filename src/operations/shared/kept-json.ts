import type { JsonText } from '../../http/respond.ts';
import type { Store } from '../../store/store.ts';
import type { TableName } from '../../store/tables.ts';
import { Kept } from './kept.ts';

/**
 * JSON texts of views, kept while the tables they read are unchanged (their mutation counts): a read answered again
 * costs a lookup instead of composing and serialising the view.
 */
export class KeptJson {
  private readonly texts: Kept<string>;

  /** `limit`: how many views are kept per store (the oldest goes first). */
  constructor(limit: number) {
    this.texts = new Kept<string>(limit);
  }

  /**
   * The text of the view `name` (which view of which rows it is), made by `view` when `reads` changed since; typed as
   * the text of what `view` returns, so that an operation answering it (`okJsonText`) is checked against its schema.
   * The signature below is the one place a `JsonText` is made: the text is `JSON.stringify` of a `view()` result, a
   * fact the compiler cannot follow through the cache (so one `name` must always name views of one type).
   */
  text<T>(store: Store, reads: readonly TableName[], name: string, view: () => T): JsonText<T>;
  text(store: Store, reads: readonly TableName[], name: string, view: () => unknown): string {
    let stamp = '';
    for (const table of reads) stamp += `${store.tables[table].mutations}|`;
    return this.texts.get(store.tables, name, stamp, () => JSON.stringify(view()));
  }
}

/**
 * The JSON text of a page (`Page` in the documents) whose results are kept as text already: composed by concatenation,
 * the members in the order the answers have always had (count, pages, currentPage, results), and typed as the text of
 * the page, so that the results' type is checked against the operation's page schema.
 */
export function pageJsonText<T>(
  count: number,
  pages: number,
  currentPage: number,
  resultsText: JsonText<T[]>,
): JsonText<{ count: number; pages: number; currentPage: number; results: T[] }>;
export function pageJsonText(count: number, pages: number, currentPage: number, resultsText: string): string {
  return `{"count":${count},"pages":${pages},"currentPage":${currentPage},"results":${resultsText}}`;
}
