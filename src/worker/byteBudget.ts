// The worker's caches of big things (models, flame graph trees): kept in the order of use within a byte budget, the
// least recently used let go first while over it — never the newest, whatever its size (the view that asked for it
// asks for it again). A value that grows in place (a model's stack order, made after it) is counted again.
export class ByteBudgetCache<K, V> {
  /** In the order of use, oldest first, each with the bytes it was last counted at. */
  private readonly entries = new Map<K, { readonly value: V; bytes: number }>();
  private held = 0;

  constructor(private readonly budgetBytes: number, private readonly bytesOf: (value: V) => number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  /** The value kept for `key`, now the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` as the most recently used, and lets the oldest go while over the budget. */
  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.bytesOf(value);
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    this.trim(key);
  }

  /**
   * Counts the value kept for `key` again (it grew or shrank), without making it the most recent; while over the
   * budget, lets the least recently used go — `key` itself when it is the oldest (growing is not a use).
   */
  recount(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    const bytes = this.bytesOf(entry.value);
    this.held += bytes - entry.bytes;
    entry.bytes = bytes;
    this.trim();
  }

  /** Whether `key` is kept (without using it). */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  /** The values, the most recently used first. */
  values(): V[] {
    return [...this.entries.values()].map((e) => e.value).reverse();
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** Lets the oldest go while over the budget, never `keep` nor the newest. */
  private trim(keep?: K): void {
    let newest: K | undefined;
    for (const k of this.entries.keys()) newest = k;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.budgetBytes) break;
      if (oldest === keep || oldest === newest) continue;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }
}
