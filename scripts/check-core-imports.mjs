// The seams of src/, checked on every lint: src/core is pure TypeScript that runs in the CLI, in workers and in
// plain-node tests, so it imports neither `vscode` nor anything of the extension (src/shared, src/editor, src/worker,
// src/webviews...: they build on the core, never the other way round); src/shared is the vocabulary of the messages
// between extension, worker and webviews, so it holds types only (no code to run, nothing imported for its values);
// and no file of src/ reaches itself through its imports (an import cycle), type-only imports included.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const VSCODE_IMPORT = /(?:\bfrom\s*['"]vscode['"]|\brequire\(\s*['"]vscode['"]\s*\)|\bimport\(\s*['"]vscode['"]\s*\)|^\s*import\s*['"]vscode['"])/m;
// `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`.
const SPECIFIERS = /(?:\bfrom\s*|^\s*import\s*|\bimport\(\s*|\brequire\(\s*)['"]([^'"]+)['"]/gm;
const SOURCE = /\.[cm]?[jt]sx?$/;

function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Comments out of the way, so an import mentioned in a comment is not one. */
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The files a file imports (relative specifiers resolved; packages and node built-ins left out). */
export function importsOf(file) {
  const found = [];
  for (const m of code(readFileSync(file, 'utf8')).matchAll(SPECIFIERS)) {
    const spec = m[1];
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(file), spec);
    const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.js`, `${base}.mjs`, join(base, 'index.ts')];
    const target = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (target) found.push(target);
  }
  return found;
}

/** Files under `dir` (recursively) that import `vscode`, as paths relative to `dir`. */
export function findVSCodeImports(dir) {
  return sourceFiles(dir).filter((f) => VSCODE_IMPORT.test(code(readFileSync(f, 'utf8')))).map((f) => relative(dir, f));
}

/** Imports from files under `core` of files outside it: "file -> imported", relative to `root`. */
export function findCoreEscapes(core, root) {
  const inside = (f) => f === core || f.startsWith(core + sep);
  const out = [];
  for (const file of sourceFiles(core)) {
    for (const target of importsOf(file)) if (!inside(target)) out.push(`${relative(root, file)} -> ${relative(root, target)}`);
  }
  return out;
}

// A statement that brings in or gives out something that runs: `import x`, `import {…}`, `import 'x'`, `export const`,
// `export function`, `export {…} from` (not `import type`, `export type`, `export interface`).
const RUNTIME_STATEMENT = /^\s*(?:import\s+(?!type\b)\S|export\s+(?!type\b|interface\b|declare\b)(?:const|let|var|function|async|class|enum|default|abstract|\{|\*))/m;

/** Files under `dir` that hold or import code to run rather than types only, as paths relative to `dir`. */
export function findRuntimeCode(dir) {
  return sourceFiles(dir).filter((f) => RUNTIME_STATEMENT.test(code(readFileSync(f, 'utf8')))).map((f) => relative(dir, f));
}

/** Import cycles among the files under `dir`, each as its files in import order (relative to `root`), first repeated. */
export function findImportCycles(dir, root = dir) {
  const files = sourceFiles(dir);
  const known = new Set(files);
  const edges = new Map(files.map((f) => [f, importsOf(f).filter((t) => known.has(t))]));
  // Tarjan's strongly connected components, iteratively (deep import chains must not overflow the stack).
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const out = edges.get(v);
      if (i < out.length) {
        frame[1]++;
        const w = out[i];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const component = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || edges.get(v).includes(v)) components.push(component);
      }
    }
  }
  return components.map((component) => cycleThrough(component, edges).map((f) => relative(root, f)));
}

/** One cycle inside a strongly connected component, found by a breadth-first walk back to its first file. */
function cycleThrough(component, edges) {
  const members = new Set(component);
  const first = component.sort()[0];
  const cameFrom = new Map([[first, null]]);
  const queue = [first];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)) {
      if (!members.has(w)) continue;
      if (w === first) {
        const path = [first];
        for (let at = v; at !== first; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, first];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [first, first];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const src = join(root, 'src');
  const core = join(src, 'core');
  const problems = [];
  const vscode = findVSCodeImports(core);
  if (vscode.length) problems.push(`src/core must not import 'vscode' (it runs in the CLI and workers too):\n  ${vscode.join('\n  ')}`);
  const escapes = findCoreEscapes(core, root);
  if (escapes.length) problems.push(`src/core must not import the extension's code (src/shared, src/editor, src/worker...; move the type into core):\n  ${escapes.join('\n  ')}`);
  const runtime = findRuntimeCode(join(src, 'shared'));
  if (runtime.length) problems.push(`src/shared holds types only (the code goes to src/core, or to the side that runs it):\n  ${runtime.join('\n  ')}`);
  const cycles = findImportCycles(src, root);
  if (cycles.length) problems.push(`import cycles in src/ (a file reaches itself through its imports):\n  ${cycles.map((c) => c.join(' -> ')).join('\n  ')}`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('src/core: no vscode or extension imports; src/shared: types only; src/: no import cycles');
}
