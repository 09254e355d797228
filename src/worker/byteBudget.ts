// The worker's caches of big things (models, flame graph trees): kept in the order of use within a byte budget, the
// least recently used let go first while over it — never the newest, whatever its size (the view that asked for it
// asks for it again).
export class ByteBudgetCache<K, V> {
  /** In the order of use, oldest first. */
  private readonly entries = new Map<K, V>();
  private held = 0;

  constructor(private readonly budgetBytes: number, private readonly bytesOf: (value: V) => number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  /** The value kept for `key`, now the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Keeps `value` as the most recently used, and lets the oldest go while over the budget. */
  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.held += this.bytesOf(value);
    for (const [oldest, kept] of this.entries) {
      if (this.held <= this.budgetBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.held -= this.bytesOf(kept);
    }
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.held -= this.bytesOf(value);
  }

  /** The values, the most recently used first. */
  values(): V[] {
    return [...this.entries.values()].reverse();
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
