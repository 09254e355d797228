/**
 * Frames a query makes up on top of the model's: a group-by's root frame per group, the one frame a run of
 * dependency code becomes under `app-only`. They are appended after the model's functions and frames (a function
 * named as views show it, no file, no line), in tables of the model's shape; the model itself is never changed.
 */
import type { ModelFrames, ModelFunctions, ModelStrings } from '../model/types';

export interface FrameTables {
  readonly strings: ModelStrings;
  readonly functions: ModelFunctions;
  readonly frames: ModelFrames;
}

export class SyntheticFrames {
  private readonly names: string[] = [];
  private readonly byName = new Map<string, number>();

  constructor(private readonly base: FrameTables) {}

  /** The frame id of the made-up frame named `name` (one per name). */
  frame(name: string): number {
    let i = this.byName.get(name);
    if (i === undefined) {
      i = this.names.push(name) - 1;
      this.byName.set(name, i);
    }
    return this.base.frames.count + i;
  }

  get added(): number {
    return this.names.length;
  }

  /** The made-up frames' names, in the order they were added (frame id = base frame count + index). */
  addedNames(): string[] {
    return [...this.names];
  }

  /** The base tables, extended with the made-up frames (the base itself when there are none). */
  tables(): FrameTables {
    const n = this.names.length;
    if (n === 0) return this.base;
    const { strings, functions, frames } = this.base;
    const names = this.names;
    const stringBase = strings.count;
    const extended: ModelStrings = {
      count: stringBase + n,
      get: (i) => (i >= stringBase ? names[i - stringBase] ?? '' : strings.get(i)),
    };
    const grow = <T extends Int32Array | Float64Array>(column: T, extra: (k: number) => number): T => {
      const out = new (column.constructor as new (n: number) => T)(column.length + n);
      out.set(column);
      for (let k = 0; k < n; k++) out[column.length + k] = extra(k);
      return out;
    };
    return {
      strings: extended,
      functions: {
        count: functions.count + n,
        name: grow(functions.name, (k) => stringBase + k),
        systemName: grow(functions.systemName, (k) => stringBase + k),
        file: grow(functions.file, () => 0),
        startLine: grow(functions.startLine, () => 0),
      },
      frames: {
        count: frames.count + n,
        function: grow(frames.function, (k) => functions.count + k),
        line: grow(frames.line, () => 0),
        column: grow(frames.column, () => 0),
        binary: grow(frames.binary, () => 0),
      },
    };
  }
}
