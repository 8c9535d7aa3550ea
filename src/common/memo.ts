/**
 * A memo of a pure function for a long process (a fleet, a test worker): emptied whenever it
 * reaches `max` entries, so its memory stays bounded whatever runs through it.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  /**
   * The value kept for `key`, else `compute(key)`, kept (not when it throws). On a hot path, pass a
   * function that takes the key rather than a new closure per call.
   */
  public get(key: K, compute: (key: K) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
