// Synthetic call trees of a chosen size for the flame graph benchmark, in the exact wire format the extension
// sends (the core's serialized CallTree + the annotations buffer). Runs in the browser page (bundled by run.ts),
// so a 10^6-node tree never crosses the Node/page boundary. Deterministic for a seed.
import type { CallTree } from '../../src/core/aggregate/callTree';
import { ArrayStrings } from '../../src/core/aggregate/mergedStrings';
import { serializeCallTree } from '../../src/core/aggregate/serialize';
import { encodeAnnotations } from '../../src/core/aggregate/flameAnnotations';
import { childrenByTotal } from '../../webview/shared/flame/flameTree';

export type Shape = 'realistic' | 'wide';

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * realistic: stacks that share prefixes, go 20–80 deep, a few hot paths and a long tail (new nodes mostly
 * extend recent paths; weights are heavy-tailed). wide: `n / depth` chains of `depth` frames under the root,
 * equally wide — the worst case for the renderer (every frame of every chain is on screen).
 */
export function generateTree(n: number, shape: Shape, seed = 7, chainDepth = 40): CallTree {
  const rnd = random(seed);
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const self = new Float64Array(n);
  const fnOf = new Int32Array(n);
  const functionCount = Math.max(16, Math.floor(n / 8));
  parent[0] = -1;
  fnOf[0] = -1;
  for (let i = 1; i < n; i++) {
    let p: number;
    if (shape === 'wide') p = (i - 1) % chainDepth === 0 ? 0 : i - 1;
    else {
      const back = Math.floor((i - 1) * rnd() ** 6);
      p = Math.max(0, i - 1 - back);
      if (depth[p] >= 80) p = Math.floor(rnd() * Math.min(i, 64));
    }
    parent[i] = p;
    depth[i] = depth[p] + 1;
    // Zipf-like choice of the function: a few functions everywhere, most rare.
    fnOf[i] = Math.min(functionCount - 1, Math.floor(functionCount * rnd() ** 3));
    self[i] = shape === 'wide' ? ((i % chainDepth === 0 || i === n - 1) ? 1000 : 0) : Math.floor(1e6 / (0.02 + rnd()) ** 1.5) * (rnd() < 0.6 ? 1 : 0);
  }
  // Leaves need cost, or they would not be in a profile's tree.
  const hasChild = new Uint8Array(n);
  for (let i = 1; i < n; i++) hasChild[parent[i]] = 1;
  for (let i = 1; i < n; i++) if (!hasChild[i] && self[i] === 0) self[i] = 1000;
  const total = self.slice();
  for (let i = n - 1; i > 0; i--) total[parent[i]] += total[i];
  const { childStart, children } = childrenByTotal(parent, total);

  const strings = [''];
  const name = new Int32Array(functionCount);
  const file = new Int32Array(functionCount);
  for (let f = 0; f < functionCount; f++) {
    name[f] = strings.push(`example.com/svc/pkg${f % 97}.Function${f}`) - 1;
    file[f] = strings.push(`example.com/svc/pkg${f % 97}/file${f % 13}.go`) - 1;
  }
  const lineStart = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) lineStart[i] = i;
  const lineNumber = new Float64Array(n);
  for (let i = 0; i < n; i++) lineNumber[i] = 10 + (i % 50);
  return {
    typeIndex: 1, sampleType: { type: 'cpu', unit: 'nanoseconds' }, count: n, parent, function: fnOf, depth, self, total,
    childStart, children, lineStart, lineNumber, lineCurrent: lineNumber, lineSelf: self, lineTotal: total, nodeCount: undefined,
    functions: { count: functionCount, name, file, startLine: new Float64Array(functionCount) },
    strings: new ArrayStrings(strings),
    merged: 0,
  };
}

/** Self and total per function of a generated tree (a function counted once per path), as the worker sends them. */
function functionTotalsOf(t: CallTree): { functionSelf: Float64Array; functionTotal: Float64Array } {
  const functionSelf = new Float64Array(t.functions.count);
  const functionTotal = new Float64Array(t.functions.count);
  for (let n = 1; n < t.count; n++) {
    functionSelf[t.function[n]] += t.self[n];
    let outermost = true;
    for (let p = t.parent[n]; p > 0 && outermost; p = t.parent[p]) if (t.function[p] === t.function[n]) outermost = false;
    if (outermost) functionTotal[t.function[n]] += t.total[n];
  }
  return { functionSelf, functionTotal };
}

/** The two buffers the host sends, for a generated tree. */
export function generateBuffers(n: number, shape: Shape, seed = 7): { tree: ArrayBuffer; annotations: ArrayBuffer; total: number } {
  const t = generateTree(n, shape, seed);
  const f = t.functions.count;
  const cls = new Uint8Array(f);
  const pkg = new Int32Array(f);
  const location = new Int32Array(f).fill(-1);
  for (let i = 0; i < f; i++) {
    cls[i] = i % 97 < 40 ? 0 : i % 97 < 80 ? 1 : 2;
    pkg[i] = i % 97;
  }
  const packages = Array.from({ length: 97 }, (_, i) => `example.com/svc/pkg${i}`);
  return {
    tree: serializeCallTree(t),
    annotations: encodeAnnotations({
      functionClass: cls, functionPackage: pkg, functionLocation: location, functionFact: new Int32Array(f).fill(-1),
      ...functionTotalsOf(t), nodeCount: undefined, countType: undefined, strings: packages,
    }),
    total: t.total[0],
  };
}
