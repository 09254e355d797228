// How long the page's model operations take on big trees — the work a Web Worker would take off the page's main
// thread. Same code as the page, run in Node (V8, like the webview); medians of 5.
import { generateBuffers } from './generateTree';
import { appOnlyTree } from '../../webview/flamegraph/model/appOnly';
import { decodeFlameData, functionTotals } from '../../webview/flamegraph/model/flameData';
import { FlameLayout, layoutFlame } from '../../webview/shared/flame/layout';
import { sandwichTrees } from '../../webview/flamegraph/model/sandwich';
import { searchTree } from '../../webview/flamegraph/model/search';

export interface ModelTimes { readonly nodes: number; readonly [operation: string]: number }

function median(f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return +times.sort((a, b) => a - b)[2].toFixed(1);
}

export function modelTimes(nodes: number): ModelTimes {
  const b = generateBuffers(nodes, 'realistic');
  const data = decodeFlameData(b.tree, b.annotations, 'bench');
  const tree = data.base;
  // The hottest function below the root, for the sandwich.
  const fn = tree.fn[tree.children[tree.childStart[1] ?? 0] ?? 1];
  return {
    nodes,
    'decode (buffers → model)': median(() => decodeFlameData(b.tree, b.annotations, 'bench')),
    'layout of the whole view (1400 px)': median(() => layoutFlame(tree, { start: 0, end: tree.total[0], width: 1400 }, new FlameLayout())),
    'search /Function1\\d$/ (share counted once)': median(() => searchTree(tree, data.functions, /Function1\d$/i)),
    'application code only tree': median(() => appOnlyTree(tree, data.functions)),
    'sandwich of a hot function': median(() => sandwichTrees(tree, fn)),
    'functions table (sorted)': median(() => functionTotals(data)),
  };
}
