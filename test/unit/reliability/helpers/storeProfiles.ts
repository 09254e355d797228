// Small CPU profiles with known totals, for the store crash tests and the ingest load benchmark.
import { PprofWriter } from './hostileProfiles';

/** CPU profile number `n`: a few stacks over 20 functions; its cpu total is cpuTotal(n). */
export function cpuProfile(n: number, extraLabel?: [string, string]): Uint8Array {
  const w = new PprofWriter([['samples', 'count'], ['cpu', 'nanoseconds']]);
  for (let f = 1; f <= 20; f++) {
    w.func(f, `main.work${f}`, `/src/app/w${f % 4}.go`);
    w.location(f, f, 10 + f);
  }
  for (let s = 0; s < 10; s++) {
    const stack = [1 + ((n + s) % 20), 1 + ((n * 3 + s) % 20), 20];
    w.sample(stack, [1, cpuValue(n, s)], extraLabel ? [extraLabel] : []);
  }
  return w.finish().slice();
}

function cpuValue(n: number, s: number): number {
  return 10_000_000 * (1 + ((n * 7 + s) % 13));
}

export function cpuTotal(n: number): number {
  let total = 0;
  for (let s = 0; s < 10; s++) total += cpuValue(n, s);
  return total;
}
