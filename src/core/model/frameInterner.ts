/**
 * The model's strings, functions and frames, filled profile by profile: a function is (name, file), a frame is
 * (function, line, column, binary), both found by int32 lookups on merged string ids (strings are interned by their
 * bytes, so nothing is decoded). For each profile it gives every location's frames, innermost first — the
 * profile's locations expanded once, so a sample's stack is read without touching the location table again.
 */
import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { MergedStrings } from '../aggregate/mergedStrings';
import { PairIndex } from '../aggregate/pairIndex';
import type { Profile } from '../profile/model';
import type { ModelFrames, ModelFunctions } from './types';

/** A profile's locations → model frames: location l is `frames[start[l] .. start[l + 1])`, innermost first. */
export interface LocationFrames {
  readonly start: Int32Array;
  readonly frames: Int32Array;
  /** Location l's frame when it has exactly one (most do), else -1: one read instead of two per location. */
  readonly single: Int32Array;
}

export class FrameInterner {
  readonly strings = new MergedStrings();
  private readonly fnName: GrowableInt32;
  private readonly fnSystemName: GrowableInt32;
  private readonly fnFile: GrowableInt32;
  private readonly fnStartLine: GrowableFloat64;
  private readonly fnIndex: PairIndex;
  private readonly frameFunction: GrowableInt32;
  private readonly frameLine: GrowableFloat64;
  /** Made at the first frame with a column: most profiles have none, and then the column costs nothing. */
  private frameColumn: GrowableFloat64 | undefined;
  private readonly frameBinary: GrowableInt32;
  /** (function, line) → site; (site, column) → frame for frames with a column or a binary (column slot -binary). */
  private readonly siteIndex: PairIndex;
  private readonly siteFrame: GrowableInt32;
  private readonly columnIndex = new PairIndex(1 << 4);
  /** Frames whose line or column is not an int32 (never in real profiles), by "function:line:column". */
  private readonly oddFrames = new Map<string, number>();

  constructor(profiles: readonly Profile[]) {
    // Sized from upper bounds so the columns never regrow while the decoded profiles are still alive.
    let functions = 0;
    let frames = 0;
    for (const p of profiles) {
      functions += p.functions.count + p.mappings.count + 1; // + placeholders
      frames += p.lines.count + p.locations.count; // + a placeholder frame per location without lines
    }
    this.fnName = new GrowableInt32(functions);
    this.fnSystemName = new GrowableInt32(functions);
    this.fnFile = new GrowableInt32(functions);
    this.fnStartLine = new GrowableFloat64(functions);
    this.fnIndex = new PairIndex(functions);
    this.frameFunction = new GrowableInt32(frames);
    this.frameLine = new GrowableFloat64(frames);
    this.frameBinary = new GrowableInt32(frames);
    this.siteIndex = new PairIndex(frames);
    this.siteFrame = new GrowableInt32(frames);
  }

  /** Interns the profile's functions and frames; returns its locations' frame chains. */
  addProfile(p: Profile): LocationFrames {
    const merged = new Int32Array(p.strings.count).fill(-1);
    const str = (i: number) => {
      if (i <= 0) return 0;
      if (merged[i] < 0) merged[i] = this.strings.internFrom(p.strings, i);
      return merged[i];
    };
    const fnMap = new Int32Array(p.functions.count).fill(-1);
    const functionOf = (f: number) => {
      if (fnMap[f] < 0) {
        fnMap[f] = this.internFunction(str(p.functions.name[f]), str(p.functions.filename[f]), str(p.functions.systemName[f]), p.functions.startLine[f]);
      }
      return fnMap[f];
    };
    // Unsymbolized code, named as pprof names it: `[<binary base name>]`, or `<unknown>` without a mapping.
    const binaryOf = (l: number) => {
      const m = p.locations.mapping[l];
      return m >= 0 ? str(p.mappings.filename[m]) : 0;
    };
    const placeholder = (l: number) => {
      const m = p.locations.mapping[l];
      const file = m >= 0 ? p.strings.get(p.mappings.filename[m]) : '';
      const name = file === '' ? '<unknown>' : `[${file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1)}]`;
      return this.internFunction(this.strings.intern(name), 0, 0, 0);
    };

    const { lineStart } = p.locations;
    const start = new Int32Array(p.locations.count + 1);
    for (let l = 0; l < p.locations.count; l++) start[l + 1] = start[l] + Math.max(1, lineStart[l + 1] - lineStart[l]);
    const frames = new Int32Array(start[p.locations.count]);
    for (let l = 0; l < p.locations.count; l++) {
      const from = lineStart[l];
      const to = lineStart[l + 1];
      let at = start[l];
      if (from === to) {
        frames[at] = this.internFrame(placeholder(l), 0, 0, binaryOf(l));
        continue;
      }
      for (let j = from; j < to; j++) {
        const fn = p.lines.function[j];
        frames[at++] = fn >= 0
          ? this.internFrame(functionOf(fn), p.lines.line[j], p.lines.column[j], 0)
          : this.internFrame(placeholder(l), p.lines.line[j], p.lines.column[j], binaryOf(l));
      }
    }
    const single = new Int32Array(p.locations.count);
    for (let l = 0; l < p.locations.count; l++) single[l] = start[l + 1] - start[l] === 1 ? frames[start[l]] : -1;
    return { start, frames, single };
  }

  functions(): ModelFunctions {
    return {
      count: this.fnName.length,
      name: this.fnName.trim(),
      systemName: this.fnSystemName.trim(),
      file: this.fnFile.trim(),
      startLine: this.fnStartLine.trim(),
    };
  }

  frames(): ModelFrames {
    const count = this.frameFunction.length;
    return {
      count,
      function: this.frameFunction.trim(),
      line: this.frameLine.trim(),
      column: this.frameColumn?.trim() ?? new Float64Array(count),
      binary: this.frameBinary.trim(),
    };
  }

  private internFunction(name: number, file: number, systemName: number, startLine: number): number {
    let f = this.fnIndex.getOrAdd(name, file, this.fnName.length);
    if (f < 0) {
      f = this.fnName.length;
      this.fnName.push(name);
      this.fnFile.push(file);
      this.fnSystemName.push(systemName);
      this.fnStartLine.push(startLine);
    } else if (this.fnStartLine.data[f] === 0 && startLine !== 0) {
      this.fnStartLine.data[f] = startLine;
    }
    return f;
  }

  private internFrame(fn: number, line: number, column: number, binary: number): number {
    const next = this.frameFunction.length;
    let frame: number;
    if ((line | 0) === line && (column | 0) === column) {
      let site = this.siteIndex.getOrAdd(fn, line, this.siteFrame.length);
      if (site < 0) {
        site = this.siteFrame.length;
        this.siteFrame.push(-1);
      }
      if (column === 0 && binary === 0) {
        frame = this.siteFrame.data[site];
        if (frame < 0) this.siteFrame.data[site] = next;
      } else {
        // Columns are positive; a binary (only on placeholder frames, which have no column) takes the slot -binary.
        frame = this.columnIndex.getOrAdd(site, binary !== 0 ? -binary : column, next);
      }
    } else {
      const key = `${fn}:${line}:${column}:${binary}`;
      frame = this.oddFrames.get(key) ?? -1;
      if (frame < 0) this.oddFrames.set(key, next);
    }
    if (frame >= 0) return frame;
    this.frameFunction.push(fn);
    this.frameLine.push(line);
    this.frameBinary.push(binary);
    if (column !== 0 && !this.frameColumn) {
      this.frameColumn = new GrowableFloat64(this.frameFunction.data.length);
      this.frameColumn.length = next; // zeros so far
    }
    this.frameColumn?.push(column);
    return next;
  }
}
