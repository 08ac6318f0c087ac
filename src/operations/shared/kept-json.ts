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

  /** The text of the view `name` (which view of which rows it is), made by `view` when `reads` changed since. */
  text(store: Store, reads: readonly TableName[], name: string, view: () => unknown): string {
    let stamp = '';
    for (const table of reads) stamp += `${store.tables[table].mutations}|`;
    return this.texts.get(store.tables, name, stamp, () => JSON.stringify(view()));
  }
}
