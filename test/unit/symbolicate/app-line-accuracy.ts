// How much of a real profile's application-frame cost the workspace mapping put on the right line, for the
// per-language profile tests (Java, Rust, Python). "Right" is derived by each test from the frame's function name
// (its class or module names the file), independently of the file paths the resolver reads, at the line the
// profiler recorded.
import type { Profile } from '../../../src/core/profile/model';
import type { WorkspaceAnalysis } from '../../../src/core/workspace/analyzeWorkspace';

export interface AppLineAccuracy {
  /** Application-frame cost: each sample's value once per distinct application file:line of its stack. */
  readonly total: number;
  /** The part of it the analysis has on the same workspace file:line (line cum). */
  readonly right: number;
  /** The workspace's hottest line by flat cost, `path:line`. */
  readonly hottestLine: string;
}

/**
 * @param expectedFile the workspace path a frame's function belongs to, or undefined for frames that are not the
 *   application's
 */
export function appLineAccuracy(profile: Profile, typeIndex: number, analysis: WorkspaceAnalysis, expectedFile: (functionName: string) => string | undefined): AppLineAccuracy {
  const expected = new Map<string, number>();
  const width = profile.sampleTypes.length;
  const fileOf = new Map<number, string | undefined>();
  for (let s = 0; s < profile.samples.count; s++) {
    const value = profile.samples.values[s * width + typeIndex];
    const cells = new Set<string>();
    for (let k = profile.samples.locationStart[s]; k < profile.samples.locationStart[s + 1]; k++) {
      const location = profile.samples.locations[k];
      for (let l = profile.locations.lineStart[location]; l < profile.locations.lineStart[location + 1]; l++) {
        const fn = profile.lines.function[l];
        if (!fileOf.has(fn)) fileOf.set(fn, expectedFile(profile.strings.get(profile.functions.name[fn])));
        const file = fileOf.get(fn);
        const line = profile.lines.line[l];
        if (file !== undefined && line > 0) cells.add(`${file}:${line}`);
      }
    }
    for (const cell of cells) expected.set(cell, (expected.get(cell) ?? 0) + value);
  }
  const actual = new Map<string, number>();
  let hottest = { cell: '', flat: -1 };
  for (const file of analysis.files) {
    for (const row of file.lines) {
      const cell = `${file.file.path}:${row.line}`;
      actual.set(cell, row.cum);
      if (row.flat > hottest.flat) hottest = { cell, flat: row.flat };
    }
  }
  let total = 0;
  let right = 0;
  for (const [cell, value] of expected) {
    total += value;
    right += Math.min(value, actual.get(cell) ?? 0);
  }
  return { total, right, hottestLine: hottest.cell };
}
