// Profile function names → the shape editors give symbols, so a hover can find "the function this cost is in".
//   Go    example.com/shop/pricing.(*Cart).Total      → Cart / Total      (gopls names it "(*Cart).Total")
//         example.com/shop/pricing.QuoteAll.func1     → QuoteAll, closure
//         pkg.Map[...], pkg.(*List[...]).Push, pkg.init.0
//   JS    Class.method, (anonymous), (anonymous:L#12:C#5), LazyCompile:*fib /app/x.js:1
//   JVM   com/example/Foo$Inner.lambda$run$0 → Foo, Inner / run;  com.example.Foo.<init>(I)V → Foo / Foo
//   Python module.func, Class.method, <module>, <lambda>

export interface NormalizedFunctionName {
  /** Enclosing types/namespaces, outermost first ("Cart" for a Go method, ["Foo", "Inner"] for a JVM inner class). */
  containers: string[];
  /** The function's own name; '' when the profile gives none. */
  name: string;
  /** A closure, lambda or anonymous function: its code lies inside `name` (or has no name of its own). */
  nested: boolean;
  /** Module-level code (Python <module>, JS top-level script). */
  fileLevel: boolean;
}

export type FunctionLanguage = 'go' | 'js' | 'jvm' | 'python' | 'other';

export function guessFunctionLanguage(fileName: string, functionName: string): FunctionLanguage {
  if (/\.(go|s)$/.test(fileName)) return 'go';
  if (/\.(m?[jt]sx?|cjs|mjs)$/.test(fileName) || fileName.startsWith('node:')) return 'js';
  if (/\.(java|kt|scala)$/.test(fileName)) return 'jvm';
  if (/\.py$/.test(fileName)) return 'python';
  if (fileName === '') {
    // Go: receivers "(*T)" or a module path with a domain; JVM: the segment after the last '/' is a Class.
    if (functionName.includes('.(') || /^[\w-]+\.[\w.-]+\//.test(functionName)) return 'go';
    if (/^[a-z][\w$]*(\/[\w$]+)*\/[A-Z][\w$]*\.[\w$<>]+/.test(functionName)) return 'jvm';
  }
  return 'other';
}

export function normalizeFunctionName(raw: string, language: FunctionLanguage): NormalizedFunctionName {
  const name = raw.trim();
  switch (language) {
    case 'go':
      return normalizeGo(name);
    case 'jvm':
      return normalizeJvm(name);
    case 'python':
      return normalizePython(name);
    default:
      return normalizeJs(name);
  }
}

function normalizeGo(full: string): NormalizedFunctionName {
  // Drop type arguments first: they may contain '/' and '.' of other packages.
  let name = stripBrackets(full);
  const slash = name.lastIndexOf('/');
  const afterSlash = name.slice(slash + 1);
  const dot = afterSlash.indexOf('.');
  if (dot >= 0) name = afterSlash.slice(dot + 1);
  else name = afterSlash;
  // Closure and wrapper suffixes: .func1, .func2.1, .gowrap1, .deferwrap1, and numbered inits (.0).
  let nested = false;
  for (;;) {
    const stripped = name.replace(/\.(func\d+|gowrap\d+|deferwrap\d+|\d+)$/, '');
    if (stripped === name) break;
    nested = true;
    name = stripped;
  }
  return splitReceiver(name, nested);
}

/** "(*Cart).Total", "Cart.Total", "Total" → containers + name. Also used for gopls symbol names. */
function splitReceiver(name: string, nested: boolean): NormalizedFunctionName {
  const receiver = /^\(\*?([\w$]+)\)\.(.+)$/.exec(name);
  if (receiver) return { containers: [receiver[1]], name: receiver[2], nested, fileLevel: false };
  const parts = name.split('.');
  return { containers: parts.slice(0, -1), name: parts[parts.length - 1], nested, fileLevel: false };
}

function normalizeJs(full: string): NormalizedFunctionName {
  // Linux perf-map style names carry a tier marker and the script position: "LazyCompile:*fib /app/x.js:1".
  let name = full.replace(/^(LazyCompile|Function|JS|Builtin|Script|Eval):[*^~]?/, '').replace(/\s+\S*:\d+(:\d+)?$/, '');
  if (name === '' || /^\(anonymous(:L#\d+(:C#\d+)?)?\)$/.test(name) || name === '<anonymous>') {
    return { containers: [], name: '', nested: true, fileLevel: false };
  }
  if (name === '(root)' || name === '(program)') return { containers: [], name: '', nested: false, fileLevel: true };
  name = name.replace(/^(get|set|async|bound) /, '').replace(/^new /, '');
  const parts = name.split('.').filter((p) => p !== '' && p !== '<computed>' && p !== 'prototype');
  const last = parts[parts.length - 1] ?? '';
  return { containers: parts.slice(0, -1), name: last === '<anonymous>' ? '' : last, nested: last === '<anonymous>', fileLevel: false };
}

function normalizeJvm(full: string): NormalizedFunctionName {
  const name = full.replace(/\(.*$/, '');
  const lastDot = name.lastIndexOf('.');
  const owner = name.slice(0, lastDot).replace(/\//g, '.');
  let method = name.slice(lastDot + 1);
  const classes = owner.split('.').pop()!.split('$').filter((c) => c !== '' && !/^\d+$/.test(c));
  let nested = owner.split('.').pop()!.split('$').some((c) => /^\d+$/.test(c)); // anonymous classes Foo$1
  const lambda = /^lambda\$(.+?)\$\d+$/.exec(method);
  if (lambda) {
    method = lambda[1];
    nested = true;
  }
  if (method === '<init>' || method === '<clinit>') method = classes[classes.length - 1] ?? method;
  // Kotlin file facades: FooKt.bar is the top-level bar in Foo.kt.
  if (classes.length === 1 && classes[0].endsWith('Kt')) return { containers: [], name: method, nested, fileLevel: false };
  return { containers: classes, name: method, nested, fileLevel: false };
}

function normalizePython(full: string): NormalizedFunctionName {
  if (full === '<module>') return { containers: [], name: '', nested: false, fileLevel: true };
  if (/^<(lambda|listcomp|dictcomp|setcomp|genexpr)>$/.test(full)) return { containers: [], name: '', nested: true, fileLevel: false };
  const parts = full.split('.');
  return { containers: parts.slice(0, -1), name: parts[parts.length - 1], nested: false, fileLevel: false };
}

/** Removes every [...] group (Go type arguments), respecting nesting. */
function stripBrackets(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/**
 * A symbol name as editors report it, reduced for comparison: gopls "(*Cart).Total" → Cart / Total, Java LSP
 * "bar(String)" → bar, generic receivers "(*List[T]).Push" → List / Push.
 */
export function normalizeSymbolName(symbolName: string): { container?: string; name: string } {
  // Parameter lists after a name ("bar(String)"), never the receiver at the start ("(*Cart).Total").
  const name = stripBrackets(symbolName).replace(/^(.*?[\w$>])\(.*\)\s*(:.*)?$/, '$1').trim();
  const receiver = /^\(\*?([\w$]+)\)\.([\w$]+)/.exec(name);
  if (receiver) return { container: receiver[1], name: receiver[2] };
  const dotted = /^([\w$]+)\.([\w$]+)$/.exec(name);
  if (dotted) return { container: dotted[1], name: dotted[2] };
  return { name };
}
