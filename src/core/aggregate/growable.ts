/** An Int32/Float64 column that grows by doubling while a table is built; `trim()` gives the final array. */
export class GrowableInt32 {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  /**
   * Room for at least `capacity` values: doubling (appends stay amortised O(1)), by a quarter once the column is
   * large, where a doubling would leave that much garbage beside the profile being read.
   */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const grown = this.data.length >= 1 << 24 ? Math.ceil(this.data.length * 1.25) : this.data.length * 2;
    const next = new Int32Array(Math.max(capacity, grown));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  private grow(): void {
    this.reserve(this.data.length + 1);
  }

  /** The filled part: a view when it is most of the array (no copy), else a compact copy. */
  trim(): Int32Array {
    return this.length * 4 >= this.data.length * 3 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  trim(): Float64Array {
    return this.length * 4 >= this.data.length * 3 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}
