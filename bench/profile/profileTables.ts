// The tables at the end of a generated profile — one mapping, the locations with their lines, the functions and
// the string table — written in Go's field order. Shared by the CPU generator (generate.ts) and the heap
// generator (bench/load/heapProfile.ts), which differ only in what they put in them.
import { ProtoWriter } from '../../src/core/profile/protoWriter';

export interface ProfileTables {
  /** The one mapping: address range and the string indices of its file and (optional) build id. */
  readonly mapping: { readonly start: number; readonly limit: number; readonly file: number; readonly buildId?: number };
  readonly locations: number;
  /** Location l's address. */
  readonly address: (l: number) => number;
  /** Location l's lines, innermost (inlined) first, as 0-based function index and line number. */
  readonly lines: (l: number, line: (fn: number, lineNo: number) => void) => void;
  readonly functions: number;
  /** String indices of function f's name and file, and its start line. */
  readonly fnName: ArrayLike<number>;
  readonly fnFile: (f: number) => number;
  readonly fnStart: ArrayLike<number>;
  readonly strings: readonly string[];
}

/** Append the mapping, location, function and string-table fields to `out` (`scratch` is reused). */
export function writeTables(out: ProtoWriter, scratch: ProtoWriter, t: ProfileTables): void {
  scratch.length = 0;
  scratch.uintField(1, 1);
  scratch.uintField(2, t.mapping.start);
  scratch.uintField(3, t.mapping.limit);
  scratch.uintField(5, t.mapping.file);
  if (t.mapping.buildId !== undefined) scratch.uintField(6, t.mapping.buildId);
  for (const flag of [7, 8, 9, 10]) scratch.uintField(flag, 1);
  out.bytesField(3, scratch.bytes());
  const line = new ProtoWriter(64);
  for (let l = 0; l < t.locations; l++) {
    scratch.length = 0;
    scratch.uintField(1, l + 1);
    scratch.uintField(2, 1);
    scratch.uintField(3, t.address(l));
    t.lines(l, (fn, lineNo) => {
      line.length = 0;
      line.uintField(1, fn + 1);
      line.intField(2, lineNo);
      scratch.bytesField(4, line.bytes());
    });
    out.bytesField(4, scratch.bytes());
  }
  for (let f = 0; f < t.functions; f++) {
    scratch.length = 0;
    scratch.uintField(1, f + 1);
    scratch.uintField(2, t.fnName[f]);
    scratch.uintField(3, t.fnName[f]);
    scratch.uintField(4, t.fnFile(f));
    scratch.intField(5, t.fnStart[f]);
    out.bytesField(5, scratch.bytes());
  }
  const encoder = new TextEncoder();
  for (const s of t.strings) out.bytesField(6, encoder.encode(s));
}
