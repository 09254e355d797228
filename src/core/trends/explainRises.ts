/**
 * When a function's cost rises, so does the cum share of everything that calls it: a handler rises because the
 * leaf it calls did, and a list of rising functions would show the whole call path beside the cause. A rising
 * function is "explained" by a rising function it calls (directly or not) whose own rise is at least `share` of
 * its rise; the chain is followed down to the function that is not explained itself — the one to look at.
 */
export interface Rise {
  readonly key: number;
  /** The fitted rise of its cum share (0..1). */
  readonly rise: number;
}

/**
 * @param below per rising key: the other rising keys found below it on the stacks (what it calls)
 * @returns per explained key: the key of the rising function that explains it
 */
export function explainRises(rising: readonly Rise[], below: (key: number) => Iterable<number>, share = 0.8): Map<number, number> {
  const riseOf = new Map(rising.map((r) => [r.key, r.rise]));
  const direct = new Map<number, number>();
  for (const r of rising) {
    if (!(r.rise > 0)) continue;
    let best: number | undefined;
    for (const k of below(r.key)) {
      const rise = riseOf.get(k);
      if (k === r.key || rise === undefined) continue;
      if (best === undefined || rise > riseOf.get(best)! || (rise === riseOf.get(best) && k < best)) best = k;
    }
    if (best !== undefined && riseOf.get(best)! >= share * r.rise) direct.set(r.key, best);
  }
  // Follow each chain to its end (a function that calls back up, recursion, cannot loop here: seen keys stop it).
  const out = new Map<number, number>();
  for (const key of direct.keys()) {
    let cause = direct.get(key)!;
    const seen = new Set([key, cause]);
    while (direct.has(cause) && !seen.has(direct.get(cause)!)) {
      cause = direct.get(cause)!;
      seen.add(cause);
    }
    out.set(key, cause);
  }
  return out;
}
