// The flame graph's annotations: what the page needs per function of the call tree (class, package, workspace file,
// the host's row to open, exact flat and cum) and per node (sample counts), as one ArrayBuffer in core/columnar's
// layout, sent next to the serialized call tree (serialize.ts).
import { ColumnarReader, encodeColumnar } from '../columnar/codec';

/** Per function of the call tree (indexed like CallTree.functions) and per node. */
export interface FlameAnnotations {
  /** Index into FRAME_CLASSES (symbolicate/types.ts). */
  readonly functionClass: Uint8Array;
  /** Index into `strings` of the function's package (for colour by package). */
  readonly functionPackage: Int32Array;
  /** Index into `strings` of the workspace-relative file of an app function, -1 when there is none. */
  readonly functionLocation: Int32Array;
  /** Index into the host's WorkspaceProfile.functions of the same files and type, -1 when unknown: what the host opens. */
  readonly functionFact: Int32Array;
  /** Flat (self) and cum (total) of each function over the whole selection: exact, whatever the tree's cut merged. */
  readonly functionSelf: Float64Array;
  readonly functionTotal: Float64Array;
  /** Per node, the value of the profile's count type (samples), when the shown type is not itself a count. */
  readonly nodeCount: Float64Array | undefined;
  readonly countType: { readonly type: string; readonly unit: string } | undefined;
  readonly strings: readonly string[];
}

const KIND = 'flameAnnotations';
const VERSION = 2;

/** One ArrayBuffer in core/columnar's layout. */
export function encodeAnnotations(a: FlameAnnotations): ArrayBuffer {
  return encodeColumnar({
    kind: KIND,
    version: VERSION,
    meta: { countType: a.countType ?? null },
    columns: {
      functionClass: a.functionClass, functionPackage: a.functionPackage, functionLocation: a.functionLocation,
      functionFact: a.functionFact, functionSelf: a.functionSelf, functionTotal: a.functionTotal, nodeCount: a.nodeCount ?? new Float64Array(0),
    },
    strings: { strings: a.strings },
  });
}

export function decodeAnnotations(buffer: ArrayBuffer): FlameAnnotations {
  const r = new ColumnarReader<{ countType: { type: string; unit: string } | null }>(buffer, KIND, VERSION);
  const countType = r.meta.countType ?? undefined;
  return {
    functionClass: r.column('functionClass', 'u8'),
    functionPackage: r.column('functionPackage', 'i32'),
    functionLocation: r.column('functionLocation', 'i32'),
    functionFact: r.column('functionFact', 'i32'),
    functionSelf: r.column('functionSelf', 'f64'),
    functionTotal: r.column('functionTotal', 'f64'),
    nodeCount: countType ? r.column('nodeCount', 'f64') : undefined,
    countType,
    strings: r.strings('strings'),
  };
}
