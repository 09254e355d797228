// Flat and cum per workspace line after symbolication. Mapping can merge frames (inlined copies, source-mapped
// lines, two build paths of one file), so cum is recounted here over mapped keys: once per sample per line, as
// pprof does, so recursion and merging never push a line's cum above the total.

export interface LineTarget {
  /** Any stable key for the file (e.g. "root\0path"). */
  file: string;
  /** 1-based line in the current text. */
  line: number;
}

export interface LineCost {
  flat: number;
  cum: number;
}

export interface LineCostTable {
  total: number;
  /** file key → line → cost. */
  files: Map<string, Map<number, LineCost>>;
}

/**
 * @param samples each sample's value and its frames, leaf first (inlined frames expanded, innermost first)
 * @param target the current workspace line of a frame, or undefined when it has none (not mapped, deleted...)
 */
export function lineCosts(samples: Iterable<{ value: number; frames: ArrayLike<number> }>, target: (frame: number) => LineTarget | undefined): LineCostTable {
  const files = new Map<string, Map<number, LineCost>>();
  const targets = new Map<number, LineTarget | undefined>();
  const lookup = (frame: number) => {
    if (!targets.has(frame)) targets.set(frame, target(frame));
    return targets.get(frame);
  };
  const cell = (t: LineTarget) => {
    let lines = files.get(t.file);
    if (!lines) files.set(t.file, (lines = new Map()));
    let c = lines.get(t.line);
    if (!c) lines.set(t.line, (c = { flat: 0, cum: 0 }));
    return c;
  };
  let total = 0;
  const seen = new Set<LineCost>();
  for (const sample of samples) {
    if (sample.value === 0) continue;
    total += Math.abs(sample.value);
    seen.clear();
    for (let i = 0; i < sample.frames.length; i++) {
      const t = lookup(sample.frames[i]);
      if (!t) continue;
      const c = cell(t);
      if (i === 0) c.flat += sample.value;
      if (!seen.has(c)) {
        seen.add(c);
        c.cum += sample.value;
      }
    }
  }
  return { total, files };
}
