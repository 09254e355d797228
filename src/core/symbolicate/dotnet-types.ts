// .NET profiles (Grafana Pyroscope's .NET profiler, Datadog's) name managed frames by namespace, type and method —
// "WebApplication1.Controllers!CpuController.fib", or "|lm:Asm |ns:Ns |ct:Type |fn:Method" — and give the assembly
// ("WebApplication1", "System.Private.CoreLib") where a file name would be. The source file is found from the type,
// as IDEs do by convention: C# files are named after the type they declare (partial types spread over
// "Type.cs", "Type.Part.cs"), in folders that follow the namespace under the project's folder.

import type { WorkspaceIndex } from './workspace-index';

export interface DotnetFrame {
  /** "WebApplication1.Controllers"; "" for the global namespace. */
  readonly namespace: string;
  /** Type names from the outermost to the declaring one, without generic parameters ("Outer", "Inner"). */
  readonly types: readonly string[];
  /** The method as written in source: compiler-generated ones (async state machines, lambdas, local functions)
   *  are named after the method they were written in. */
  readonly method: string;
  /** The assembly, when the frame names it (Datadog's "|lm:"). */
  readonly assembly?: string;
}

/** Splits at top-level dots: dots inside generic arguments ("Start<!<Invoke>d__4>") do not count. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (c === '.' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** "FeatureReferences<TCache>" → "FeatureReferences"; compiler-generated names ("<Invoke>d__5") are kept. */
function withoutGenerics(name: string): string {
  if (name.startsWith('<')) return name;
  const open = name.indexOf('<');
  return (open < 0 ? name : name.slice(0, open)).replace(/`\d+$/, '');
}

/** The method a compiler-generated name was written in: "<Invoke>d__5" → Invoke, "<<Run>g__Bind|0>d" → Run. */
function writtenIn(name: string): string | undefined {
  const m = /^<+([^<>]+)>/.exec(name);
  return m && m[1] !== '' ? m[1] : undefined;
}

const identifier = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A managed .NET frame's parts, or undefined for a name in another language's form. */
export function dotnetFrameOf(functionName: string, withoutNamespace = false): DotnetFrame | undefined {
  // Constructors: "Type..ctor", "Type..cctor".
  const name = functionName.trim().replace(/\.\.(c?ctor)$/, '.$1');
  if (name.startsWith('|lm:') || name.includes(' |ct:')) return datadogFrame(name);
  const bang = name.indexOf('!');
  // Without a namespace the name alone could be any language's "Type.method": the caller must know it is .NET.
  if (bang < 0 && !withoutNamespace) return undefined;
  const namespace = bang < 0 ? '' : name.slice(0, bang);
  // "ntdll.dll!RtlUserThreadStart": Windows' module!symbol, not a namespace.
  if (namespace !== '' && (!namespace.split('.').every((s) => identifier.test(s)) || /\.(dll|exe|so|dylib)$/i.test(namespace))) return undefined;
  const parts = splitTopLevel(name.slice(bang + 1));
  if (parts.length < 2) return undefined;
  return frameOf(namespace, parts.slice(0, -1), parts[parts.length - 1]);
}

/** "|lm:Asm |ns:Ns |ct:Outer.Inner |cg:<T> |fn:Method |fg:<U> |sg:(int a)" */
function datadogFrame(name: string): DotnetFrame | undefined {
  const fields = new Map<string, string>();
  for (const m of name.matchAll(/\|(\w+):([^|]*)/g)) fields.set(m[1], m[2].trim());
  const type = fields.get('ct');
  const method = fields.get('fn');
  if (!type || !method) return undefined;
  const frame = frameOf(fields.get('ns') ?? '', splitTopLevel(type), method.replace(/^\.(c?ctor)$/, '$1'));
  return frame && { ...frame, assembly: fields.get('lm') };
}

function frameOf(namespace: string, typeParts: readonly string[], methodPart: string): DotnetFrame | undefined {
  const types: string[] = [];
  let method = withoutGenerics(methodPart);
  for (const part of typeParts) {
    const type = withoutGenerics(part);
    // A compiler-generated type holds code written in a method of the type around it: "<Invoke>d__5" (an async
    // method's state machine), "<>c__DisplayClass0_0" and "<>c" (lambdas and their captured variables).
    if (type.startsWith('<')) {
      const source = writtenIn(type);
      if (source) method = source;
      else if (writtenIn(method)) method = writtenIn(method)!;
      break;
    }
    if (!identifier.test(type)) return undefined;
    types.push(type);
  }
  // Lambdas and local functions: "<Main>b__0_0", "<CreateBinderDelegate>g__Bind|0".
  if (method.startsWith('<')) method = writtenIn(method) ?? method;
  if (types.length === 0 || !identifier.test(method)) return undefined;
  return { namespace, types, method };
}

/** "System.Private.CoreLib", "WebApplication1": a dotted name with no folder and no file extension of source. */
export function isAssemblyName(file: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(file) && !/\.(cs|fs|vb|go|py|rs|java|kt|js|ts|rb|c|h|cc|cpp)$/i.test(file);
}

/**
 * The .NET runtime's own assemblies and namespaces: the base class library and the shared frameworks that ship
 * with it (Microsoft.NETCore.App, Microsoft.AspNetCore.App).
 */
export function isDotnetRuntime(assemblyOrNamespace: string): boolean {
  return /^(System|mscorlib|netstandard|WindowsBase|Microsoft\.(AspNetCore|Extensions|Win32|CSharp|VisualBasic|JSInterop|Net\.Http\.Headers|NETCore|Internal))(\.|$)/.test(assemblyOrNamespace);
}

export interface DotnetSourceMatch {
  /** Workspace file ids, best first: those whose folders follow the namespace furthest, the type's own file first. */
  readonly files: readonly number[];
  /** How many trailing namespace segments their folders agree with. */
  readonly namespaceAgreement: number;
}

/**
 * The workspace's C# files by the type their name says they declare ("Type.cs", and partial parts "Type.Part.cs"),
 * and the assemblies its projects build (".csproj" names); built once, on the first .NET frame.
 */
export class DotnetSources {
  private readonly byType = new Map<string, number[]>();
  private readonly projects = new Set<string>();

  constructor(private readonly index: WorkspaceIndex) {
    for (let id = 0; id < index.size; id++) {
      const path = index.file(id).path;
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (base.endsWith('.csproj')) this.projects.add(base.slice(0, -'.csproj'.length));
      if (!base.endsWith('.cs')) continue;
      const type = base.slice(0, base.indexOf('.'));
      const list = this.byType.get(type) ?? [];
      list.push(id);
      this.byType.set(type, list);
    }
  }

  /** Whether a project of the workspace builds this assembly. */
  builds(assembly: string): boolean {
    return this.projects.has(assembly);
  }

  /**
   * Files that may declare the frame's method: named after its outermost type, in the folders that follow the
   * namespace furthest (folder names split at dots too: project folders are named like namespaces,
   * "src/Shop.Api/Controllers" for Shop.Api.Controllers); a nested type's part ("Outer.Inner.cs") first, then the
   * type's own file, then its other partial parts.
   */
  candidates(frame: DotnetFrame): DotnetSourceMatch | undefined {
    const ids = this.byType.get(frame.types[0]);
    if (!ids) return undefined;
    const namespace = frame.namespace === '' ? [] : frame.namespace.split('.');
    const nestedPart = frame.types.length > 1 ? `${frame.types.slice(0, 2).join('.')}.cs` : undefined;
    const ranked = ids.map((id) => {
      const path = this.index.file(id).path;
      const base = path.slice(path.lastIndexOf('/') + 1);
      const folders = path.slice(0, Math.max(0, path.lastIndexOf('/'))).split(/[/.]/);
      let agreement = 0;
      while (agreement < namespace.length && agreement < folders.length && folders[folders.length - 1 - agreement] === namespace[namespace.length - 1 - agreement]) agreement++;
      const order = base === nestedPart ? 0 : base === `${frame.types[0]}.cs` ? 1 : 2;
      return { id, agreement, order };
    });
    const best = Math.max(...ranked.map((r) => r.agreement));
    const files = ranked.filter((r) => r.agreement === best).sort((a, b) => a.order - b.order || a.id - b.id).map((r) => r.id);
    return { files, namespaceAgreement: best };
  }
}

/** Words that can stand before a call but are not a return type ("return Fib(n - 1)", "await SaveAsync()"). */
const notReturnTypes = new Set(['return', 'new', 'await', 'throw', 'else', 'yield', 'case', 'in', 'is', 'as', 'out', 'ref', 'when', 'and', 'or', 'not', 'using', 'lock', 'nameof', 'typeof', 'sizeof', 'default']);

/**
 * The line (1-based) where a C# text declares the frame's method in its type, or 0 when it does not (by name:
 * overloads are not told apart). A declaration has a return type before the name ("private static long fib(long
 * n)", "Task<int> SaveAsync()"), a call does not; a constructor is the type's name after a modifier.
 */
export function declarationLine(text: string, frame: DotnetFrame): number {
  const type = frame.types[frame.types.length - 1];
  const typeAt = new RegExp(String.raw`\b(class|struct|record|interface)\s+${type}\b`).exec(text);
  if (!typeAt) return 0;
  const after = typeAt.index;
  let at = -1;
  if (frame.method === 'ctor' || frame.method === 'cctor') {
    const ctor = new RegExp(String.raw`\b(public|private|protected|internal|static)\s+${type}\s*\(`, 'g');
    ctor.lastIndex = after;
    at = ctor.exec(text)?.index ?? after;
  } else {
    const declaration = new RegExp(String.raw`\b([\p{L}_][\p{L}\p{N}_]*)(\s*<[^<>();]*(<[^<>();]*>[^<>();]*)*>)?(\[\])*\??\s+${frame.method}\s*(<[^>]*>\s*)?\(`, 'gu');
    declaration.lastIndex = after;
    for (let m = declaration.exec(text); m; m = declaration.exec(text)) {
      if (!notReturnTypes.has(m[1])) {
        at = m.index;
        break;
      }
    }
  }
  if (at < 0) return 0;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
