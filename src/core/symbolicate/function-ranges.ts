// Finds the symbol (function/method range) a profile function stands for, in a tree of document symbols shaped
// like VS Code's DocumentSymbol (0-based lines). Position and name are checked against each other: a line inside a
// symbol whose name disagrees is reported with low confidence rather than trusted.

import { normalizeFunctionName, normalizeSymbolName, type FunctionLanguage } from './function-names';

export interface SymbolPosition {
  line: number;
  character: number;
}

export interface SymbolNode {
  name: string;
  /** vscode.SymbolKind numbering (Method 5, Constructor 8, Function 11, Variable 12, ...). */
  kind: number;
  range: { start: SymbolPosition; end: SymbolPosition };
  selectionRange?: { start: SymbolPosition; end: SymbolPosition };
  /** Flat providers give no children but name the container. */
  containerName?: string;
  children?: SymbolNode[];
}

export const SymbolKind = { Class: 4, Method: 5, Property: 6, Field: 7, Constructor: 8, Interface: 10, Function: 11, Variable: 12, Constant: 13, Object: 18, Struct: 22 } as const;

export interface FunctionMatch {
  symbol: SymbolNode;
  /** Names from the outermost symbol down to this one. */
  path: string[];
  /** 1 = name and position agree; 0.7 = found by name only (the line moved?); 0.4 = by position only (the name differs). */
  score: number;
  matchedBy: 'name-and-line' | 'name' | 'line';
}

interface FlatSymbol {
  node: SymbolNode;
  path: string[];
  containers: string[];
  name: string;
  depth: number;
}

const functionKinds = new Set<number>([SymbolKind.Method, SymbolKind.Constructor, SymbolKind.Function]);
// Arrow functions and callbacks are often reported as variables or properties: they count when they span lines.
const maybeFunctionKinds = new Set<number>([SymbolKind.Property, SymbolKind.Field, SymbolKind.Variable, SymbolKind.Constant]);

/**
 * @param symbols document symbols of the file
 * @param functionName the profile's function name
 * @param language how to read the function name
 * @param line 1-based line of the frame in the current text, when known (after source maps and drift)
 */
export function findFunctionRange(symbols: readonly SymbolNode[], functionName: string, language: FunctionLanguage, line?: number): FunctionMatch | undefined {
  const wanted = normalizeFunctionName(functionName, language);
  const flat = flatten(symbols);
  const functions = flat.filter(isFunctionLike);
  const zeroLine = line === undefined ? undefined : line - 1;

  const byName = wanted.name === '' ? [] : functions.filter((f) => nameMatches(f, wanted.name, wanted.containers, language));
  // esbuild/rollup rename clashing functions (handleOrder → handleOrder2); accept that only as a fallback.
  const byLooseName = byName.length > 0 || wanted.name === '' ? [] : functions.filter((f) => nameMatches(f, wanted.name.replace(/\d+$/, ''), wanted.containers, language));
  const named = byName.length > 0 ? byName : byLooseName;

  if (zeroLine !== undefined) {
    const strict = functions.filter((f) => contains(f.node, zeroLine, 0));
    // Only when no symbol holds the line: the line just above one (decorators, annotations).
    const enclosing = (strict.length > 0 ? strict : functions.filter((f) => contains(f.node, zeroLine, 1))).sort((a, b) => b.depth - a.depth || span(a.node) - span(b.node));
    // The innermost enclosing symbol that carries the name (closures sit inside their named function).
    const both = enclosing.find((f) => named.includes(f));
    if (both) return result(both, byName.length > 0 ? 1 : 0.9, 'name-and-line');
    if (named.length === 1) return result(named[0], 0.7, 'name');
    if (enclosing.length > 0 && (wanted.nested || wanted.name === '')) return result(enclosing[0], wanted.name === '' ? 0.8 : 0.5, 'line');
    if (enclosing.length > 0) return result(enclosing[0], 0.4, 'line');
    return undefined;
  }
  if (named.length === 1) return result(named[0], byName.length > 0 ? 0.8 : 0.6, 'name');
  return undefined;
}

function result(f: FlatSymbol, score: number, matchedBy: FunctionMatch['matchedBy']): FunctionMatch {
  return { symbol: f.node, path: f.path, score, matchedBy };
}

function flatten(symbols: readonly SymbolNode[]): FlatSymbol[] {
  const out: FlatSymbol[] = [];
  const walk = (nodes: readonly SymbolNode[], path: string[], containers: string[], depth: number) => {
    for (const node of nodes) {
      const normalized = normalizeSymbolName(node.name);
      const own = normalized.container ? [normalized.container] : node.containerName ? [normalizeSymbolName(node.containerName).name] : [];
      const nodeContainers = [...containers, ...own];
      out.push({ node, path: [...path, node.name], containers: nodeContainers, name: normalized.name, depth });
      if (node.children) walk(node.children, [...path, node.name], [...nodeContainers, normalized.name], depth + 1);
    }
  };
  walk(symbols, [], [], 0);
  return out;
}

function isFunctionLike(f: FlatSymbol): boolean {
  if (functionKinds.has(f.node.kind)) return true;
  return maybeFunctionKinds.has(f.node.kind) && f.node.range.end.line > f.node.range.start.line;
}

function nameMatches(f: FlatSymbol, name: string, containers: readonly string[], language: FunctionLanguage): boolean {
  if (f.name !== name) return false;
  if (containers.length === 0) return true;
  // The innermost enclosing type must agree (Cart.Total is not Order.Total, Foo.run is not Foo$Inner.run).
  if (f.containers.length > 0) return f.containers[f.containers.length - 1] === containers[containers.length - 1];
  // A Python qualified name may start with its module, which no symbol stands for.
  return language === 'python';
}

function contains(node: SymbolNode, zeroLine: number, linesAbove: number): boolean {
  return zeroLine >= node.range.start.line - linesAbove && zeroLine <= node.range.end.line;
}

function span(node: SymbolNode): number {
  return node.range.end.line - node.range.start.line;
}
