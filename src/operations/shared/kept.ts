/**
 * Values derived from a table's rows, kept between requests under a name while their stamp is unchanged.
 * They are kept per table object: a reset or restore brings new tables, and the old values go with them.
 */
export class Kept<V> {
  private readonly byTable = new WeakMap<object, Map<string, { stamp: string; value: V }>>();

  /** `limit`: how many names are kept per table (the oldest goes first). */
  constructor(private readonly limit: number) {}

  get(table: object, name: string, stamp: string, build: () => V): V {
    let values = this.byTable.get(table);
    if (!values) this.byTable.set(table, (values = new Map()));
    const found = values.get(name);
    if (found?.stamp === stamp) return found.value;
    const value = build();
    values.delete(name);
    const oldest = values.keys().next();
    if (values.size >= this.limit && !oldest.done) values.delete(oldest.value);
    values.set(name, { stamp, value });
    return value;
  }
}
