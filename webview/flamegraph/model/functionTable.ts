// The functions a flame graph names: the call tree's functions with their annotations (class, package, file to
// open), plus pseudo functions for boxes that are not one function: the root, and the collapsed runs of
// dependency / runtime / unmapped frames of the "application code only" view.
import type { CallTree } from '../../../src/core/aggregate/callTree';
import type { FlameAnnotations } from '../../../src/core/aggregate/flameAnnotations';
import { FRAME_CLASSES } from '../../../src/core/symbolicate/types';
import { displayFunctionName, visibleControls } from '../../../src/core/format/displayText';

/** Class codes: FRAME_CLASSES (app, dependency, runtime, unknown), then the root. */
export const CLASS_APP = 0;
export const CLASS_DEPENDENCY = 1;
export const CLASS_RUNTIME = 2;
export const CLASS_UNKNOWN = 3;
export const CLASS_ROOT = 4;

export class FunctionTable {
  /** Functions of the call tree; pseudo functions follow. */
  readonly realCount: number;
  readonly root: number;
  /** Pseudo function of a collapsed run of frames, per class code (dependency, runtime, unknown). */
  readonly collapsed: Readonly<Record<number, number>>;
  readonly count: number;
  readonly cls: Uint8Array;
  private readonly names: string[];
  /** Dense package number per function, heaviest package first (so the top packages get distinct colours). */
  private readonly packageRank: Int32Array;
  private readonly shortNames: string[];
  private byKey: Map<string, number> | undefined;

  constructor(private readonly tree: CallTree, private readonly notes: FlameAnnotations, rootLabel: string) {
    const n = tree.functions.count;
    this.realCount = n;
    this.root = n;
    this.collapsed = { [CLASS_DEPENDENCY]: n + 1, [CLASS_RUNTIME]: n + 2, [CLASS_UNKNOWN]: n + 3 };
    this.count = n + 4;
    this.cls = new Uint8Array(this.count);
    this.cls.set(notes.functionClass.subarray(0, n));
    this.cls[n] = CLASS_ROOT;
    this.cls[n + 1] = CLASS_DEPENDENCY;
    this.cls[n + 2] = CLASS_RUNTIME;
    this.cls[n + 3] = CLASS_UNKNOWN;
    this.names = new Array<string>(this.count);
    for (let f = 0; f < n; f++) this.names[f] = visibleControls(tree.strings.get(tree.functions.name[f]));
    this.names[n] = rootLabel;
    this.names[n + 1] = '[dependency code]';
    this.names[n + 2] = '[runtime]';
    this.names[n + 3] = '[unmapped code]';
    this.shortNames = this.names.map((name, f) => (f < n ? shortName(name) : name));
    this.packageRank = rankPackages(tree, notes);
  }

  name(f: number): string {
    return this.names[f];
  }

  /** The name without its import path: `example.com/shop/pricing.SumPrices` → `pricing.SumPrices`. */
  shortName(f: number): string {
    return this.shortNames[f];
  }

  className(f: number): string {
    return this.cls[f] === CLASS_ROOT ? 'all' : FRAME_CLASSES[this.cls[f]];
  }

  isPseudo(f: number): boolean {
    return f >= this.realCount;
  }

  /** The package (colour by package); pseudo functions are their own package. */
  packageName(f: number): string {
    return f < this.realCount ? this.notes.strings[this.notes.functionPackage[f]] : this.names[f];
  }

  /** Package number for colouring: equal packages, equal numbers; 0 is the package with the most self cost. */
  packageId(f: number): number {
    return f < this.realCount ? this.packageRank[f] : this.notes.strings.length + (f - this.realCount);
  }

  /** The file as the profile names it ('' for pseudo functions). */
  profileFile(f: number): string {
    return f < this.realCount ? this.tree.strings.get(this.tree.functions.file[f]) : '';
  }

  /** Workspace-relative file of an app function, when it has one. */
  location(f: number): string | undefined {
    const s = f < this.realCount ? this.notes.functionLocation[f] : -1;
    return s >= 0 ? this.notes.strings[s] : undefined;
  }

  /** Index of the host's fact for the function (what the host opens), -1 when none. */
  fact(f: number): number {
    return f < this.realCount ? this.notes.functionFact[f] : -1;
  }

  /** The function the editor means by (name, profile file), or -1. */
  find(name: string, profileFile: string): number {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let f = 0; f < this.realCount; f++) this.byKey.set(`${this.names[f]}\u0000${this.profileFile(f)}`, f);
    }
    return this.byKey.get(`${name}\u0000${profileFile}`) ?? -1;
  }
}

function rankPackages(tree: CallTree, notes: FlameAnnotations): Int32Array {
  const cost = new Map<number, number>();
  for (let n = 1; n < tree.count; n++) {
    const p = notes.functionPackage[tree.function[n]];
    cost.set(p, (cost.get(p) ?? 0) + tree.self[n]);
  }
  const order = new Map([...cost].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([p], i) => [p, i]));
  const rank = new Int32Array(tree.functions.count);
  for (let f = 0; f < rank.length; f++) rank[f] = order.get(notes.functionPackage[f]) ?? order.size;
  return rank;
}

/** The label of a function's boxes: no import path, invisible and bidi controls made visible. */
export function shortName(name: string): string {
  return displayFunctionName(name);
}
