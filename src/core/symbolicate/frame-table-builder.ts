// The distinct frames, functions and path keys of one or more decoded profiles, numbered as they are first met —
// the columns of profile-frames.ts's table. Names and files are interned by their bytes (MergedStrings); a function
// is a (name, file) pair of string ids, a frame a (function, line, column) triple, all found by int32 lookups.

import { GrowableFloat64, GrowableInt32 } from '../aggregate/growable';
import { MergedStrings } from '../aggregate/mergedStrings';
import { PairIndex } from '../aggregate/pairIndex';
import type { Profile } from '../profile/model';
import { resolvedWithFunction } from './path-resolver';

/** filePath's mark for a file whose frames are resolved per function. */
const BY_FUNCTION = -2;

/** Distinct frames, functions and path keys of one or more profiles, numbered as they are first met. */
export class FrameTableBuilder {
  readonly frameFunction: GrowableInt32;
  readonly frameLine: GrowableFloat64;
  /** Made at the first frame with a column: most profiles have none, and then the column costs no memory. */
  private frameColumns: GrowableFloat64 | undefined;
  readonly framePath: GrowableInt32;
  readonly frameBinary = new Map<number, string>();
  readonly functionName: string[] = [];
  readonly functionFile: string[] = [];
  pathCount = 0;
  private readonly capacity: number;
  private readonly strings = new MergedStrings();
  /** (name, file) string ids → function, and each function's file string id. */
  private readonly functions: PairIndex;
  private readonly functionFileId: GrowableInt32;
  /**
   * (function, line) → site; a site's frame without a column is `siteFrame`, others are (site, column) → frame.
   * A function's first line is kept beside it (`firstLine`, `firstSite`): most lookups end there, in arrays read in
   * order, and only further lines go to the hash index, made when first needed.
   */
  private sites: PairIndex | undefined;
  private readonly siteFrame: GrowableInt32;
  private readonly firstLine: GrowableInt32;
  private readonly firstSite: GrowableInt32;
  private readonly lineCount: number;
  private readonly columnFrames = new PairIndex(1 << 4);
  /** Frames whose line or column is not an int32 (never in real profiles), by "function:line:column". */
  private readonly oddFrames = new Map<string, number>();
  /** Frames of unsymbolized code, by binary. */
  private readonly placeholders = new Map<string, number>();
  /**
   * Path of each file string id (-1: none yet, BY_FUNCTION: per function); frames without a file, and those of
   * BY_FUNCTION files: (function, binary string id) → path.
   */
  private readonly filePath = new GrowableInt32(1 << 10);
  private readonly fileLessPaths = new PairIndex(1 << 4);

  constructor(profiles: readonly Profile[]) {
    // Sized for the worst case (every line its own frame, every function used), so nothing rehashes while growing.
    let lines = 0;
    let functions = 0;
    for (const p of profiles) {
      lines += p.lines.count;
      functions += p.functions.count + p.mappings.count + 2;
    }
    const frames = lines + functions; // line frames, and at most a placeholder per binary
    this.frameFunction = new GrowableInt32(frames);
    this.frameLine = new GrowableFloat64(frames);
    this.capacity = frames;
    this.framePath = new GrowableInt32(frames);
    this.siteFrame = new GrowableInt32(lines);
    this.lineCount = lines;
    this.functions = new PairIndex(functions);
    this.functionFileId = new GrowableInt32(functions);
    this.firstLine = new GrowableInt32(functions);
    this.firstSite = new GrowableInt32(functions);
  }

  /** The profile's frames: line index → frame, and line-less location → placeholder frame (-1 for others). */
  add(profile: Profile): { lineFrame: Int32Array; locationFrame: Int32Array } {
    const { lines, functions, locations, mappings } = profile;
    // Profile string index → merged string id, filled on first use.
    const merged = new Int32Array(profile.strings.count).fill(-1);
    const id = (i: number) => {
      if (i <= 0) return 0;
      if (merged[i] < 0) merged[i] = this.strings.internFrom(profile.strings, i);
      return merged[i];
    };
    const str = (i: number) => (i > 0 ? profile.strings.get(i) : '');

    // Profile function → table function, on first use (so functions are numbered in order of first frame).
    const tableFunction = new Int32Array(functions.count + 1).fill(-1);
    const lineFrame = new Int32Array(lines.count);
    for (let l = 0; l < lines.count; l++) {
      const pf = lines.function[l]; // -1: a line without a function (slot functions.count)
      const slot = pf >= 0 ? pf : functions.count;
      let fn = tableFunction[slot];
      if (fn < 0) {
        const name = pf >= 0 ? functions.name[pf] : 0;
        const file = pf >= 0 ? functions.filename[pf] : 0;
        fn = this.functionOf(id(name), id(file));
        if (fn < 0) fn = this.newFunction(str(name), str(file), id(file));
        tableFunction[slot] = fn;
      }
      const line = lines.line[l];
      const column = lines.column[l];
      const known = this.lineFrame(fn, line, column);
      if (known >= 0) lineFrame[l] = known;
      else {
        const fileId = this.functionFileId.data[fn];
        lineFrame[l] = this.append(fn, line, column, fileId !== 0 ? this.pathOfFile(fileId, fn) : this.pathOf(fn, 0));
      }
    }
    const locationFrame = new Int32Array(locations.count).fill(-1);
    for (let loc = 0; loc < locations.count; loc++) {
      if (locations.lineStart[loc + 1] > locations.lineStart[loc]) continue;
      const mapping = locations.mapping[loc];
      const binary = mapping >= 0 ? str(mappings.filename[mapping]) : '';
      let frame = this.placeholders.get(binary);
      if (frame === undefined) {
        const base = binary.split(/[\\/]/).pop() ?? '';
        // Unsymbolized code: pprof names it after the binary.
        const functionName = base ? `[${base}]` : '<unknown>';
        const nameId = this.strings.intern(functionName);
        let fn = this.functionOf(nameId, 0);
        if (fn < 0) fn = this.newFunction(functionName, '', 0);
        frame = this.append(fn, 0, 0, this.pathOf(fn, this.strings.intern(binary)));
        this.frameBinary.set(frame, binary);
        this.placeholders.set(binary, frame);
      }
      locationFrame[loc] = frame;
    }
    return { lineFrame, locationFrame };
  }

  /** The frame of (function, line, column), or -1 when there is none yet: then the caller appends it next. */
  private lineFrame(fn: number, line: number, column: number): number {
    const next = this.frameFunction.length;
    if ((line | 0) === line && (column | 0) === column) {
      const site = this.siteOf(fn, line);
      if (column !== 0) return this.columnFrames.getOrAdd(site, column, next);
      const frame = this.siteFrame.data[site];
      if (frame < 0) this.siteFrame.data[site] = next;
      return frame;
    }
    const key = `${fn}:${line}:${column}`;
    const frame = this.oddFrames.get(key) ?? -1;
    if (frame < 0) this.oddFrames.set(key, next);
    return frame;
  }

  private siteOf(fn: number, line: number): number {
    const first = this.firstSite.data[fn];
    if (first >= 0 && this.firstLine.data[fn] === line) return first;
    let site = first < 0 ? -1 : (this.sites ??= new PairIndex(this.lineCount)).getOrAdd(fn, line, this.siteFrame.length);
    if (site < 0) {
      site = this.siteFrame.length;
      this.siteFrame.push(-1);
      if (first < 0) {
        this.firstSite.data[fn] = site;
        this.firstLine.data[fn] = line;
      }
    }
    return site;
  }

  /** The function of (name, file) by string ids, or -1 when it is new: the caller then adds it with newFunction. */
  private functionOf(nameId: number, fileId: number): number {
    return this.functions.getOrAdd(nameId, fileId, this.functionName.length);
  }

  private newFunction(name: string, file: string, fileId: number): number {
    this.functionName.push(name);
    this.functionFile.push(file);
    this.functionFileId.push(fileId);
    this.firstSite.push(-1);
    this.firstLine.push(0);
    return this.functionName.length - 1;
  }

  /** The path of a function's file; a file that says too little alone (a .NET assembly) is resolved per function. */
  private pathOfFile(fileId: number, fn: number): number {
    while (this.filePath.length <= fileId) this.filePath.push(-1);
    if (this.filePath.data[fileId] === -1) this.filePath.data[fileId] = resolvedWithFunction(this.functionFile[fn]) ? BY_FUNCTION : this.pathCount++;
    return this.filePath.data[fileId] === BY_FUNCTION ? this.pathOf(fn, 0) : this.filePath.data[fileId];
  }

  private pathOf(a: number, b: number): number {
    const path = this.fileLessPaths.getOrAdd(a, b, this.pathCount);
    return path >= 0 ? path : this.pathCount++;
  }

  /** The column of every frame (zeros when no frame has one; a fresh zeroed array touches no memory). */
  frameColumn(): Float64Array {
    return this.frameColumns?.trim() ?? new Float64Array(this.frameFunction.length);
  }

  private append(fn: number, line: number, column: number, path: number): number {
    if (column !== 0 && !this.frameColumns) {
      this.frameColumns = new GrowableFloat64(Math.max(this.capacity, this.frameFunction.length + 1));
      this.frameColumns.length = this.frameFunction.length; // zeros so far
    }
    this.frameFunction.push(fn);
    this.frameLine.push(line);
    this.frameColumns?.push(column);
    this.framePath.push(path);
    return this.frameFunction.length - 1;
  }
}
