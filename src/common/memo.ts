/**
 * A memo of a pure function for a long process (a fleet, a test worker): emptied whenever it
 * reaches `max` entries, so its memory stays bounded whatever runs through it.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value kept for `key`, else `compute()`, kept (not when it throws). */
  public get(key: K, compute: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
