// Frames that belong to the language runtime or the OS whatever their file says: V8/Node pseudo-frames, Go
// runtime functions, JVM and kernel frames. Recognised by name (and by the binary mapping for native code).

import type { ProfilePath } from './profile-path';

const pseudoFrameNames = new Set([
  '(program)',
  '(garbage collector)',
  '(idle)',
  '(root)',
  '(gc)',
  '(system)',
  '(external)',
  'node.js',
  'garbage collection',
  'non js threads activity',
  '[unknown]',
  '[kernel]',
  '.no_java_frame',
  'runtime._externalcode',
  'runtime._gc',
  'runtime._system',
  'runtime._vdso',
  'runtime._lostexternalcode',
  'runtime._lostsigprofexternalcode',
]);

// Lower-casing every name to look it up would copy each of 10^6 names: only names of a pseudo-frame's length are.
const pseudoFrameLengths = new Set([...pseudoFrameNames].map((n) => n.length));

/** Why a frame is runtime by its function name, or undefined. */
export function runtimeFrameReason(functionName: string): string | undefined {
  const name = functionName.trim();
  if (pseudoFrameLengths.has(name.length) && pseudoFrameNames.has(name.toLowerCase())) return `"${name}" is a runtime pseudo-frame`;
  // V8 charges regular-expression execution to a frame of its own, with no script.
  if (name.startsWith('RegExp: ')) return 'V8 regular-expression engine';
  if (isGoRuntimeFunction(name)) return 'Go runtime';
  return undefined;
}

/** The C library's process and thread entry points (glibc's, musl's), under the native stacks of every language. */
const cRuntimeEntries = new Set(['_start', '__libc_start_main', '__libc_start_main_impl', '__libc_start_call_main', 'start_thread', 'clone', 'clone3', '__clone', '__clone3', '__thread_start', 'thread_start']);

/**
 * Why a frame is the C runtime's entry code: one of its names, with no file or a C source file (names as common
 * as "clone" mean nothing in a script's file).
 */
export function cRuntimeEntryReason(functionName: string, path: ProfilePath): string | undefined {
  if (!cRuntimeEntries.has(functionName)) return undefined;
  if (path.style !== 'empty' && !/\.[chsS]$/.test(path.segments[path.segments.length - 1] ?? '')) return undefined;
  return `${functionName} is the C runtime's entry code`;
}

/** Go's runtime package and its internals: runtime.mallocgc, runtime/internal/atomic.Load, internal/runtime/maps.X. */
export function isGoRuntimeFunction(name: string): boolean {
  return (name.startsWith('runtime') || name.startsWith('internal/runtime/')) && /^(runtime|runtime\/[\w/]+|internal\/runtime\/[\w/]+)\.[^/]*$/.test(name);
}

const nativeRuntimeBinaries = /(^|\/)(\[kernel\.kallsyms\]|\[vdso\]|\[vsyscall\]|\[vectors\]|vmlinux|libc[.-][^/]*|libpthread[.-][^/]*|libm[.-][^/]*|ld-linux[^/]*|ld-musl[^/]*|libstdc\+\+[^/]*|libgcc[^/]*|libjvm\.so|libnode\.so[^/]*|node|python3?(\.\d+)?|java)$/;

/** Binaries (pprof Mapping.filename) whose frames are runtime/OS code: the kernel, libc, the JVM, the node binary. */
export function isNativeRuntimeBinary(mappingFile: string): boolean {
  return nativeRuntimeBinaries.test(mappingFile.replace(/\\/g, '/'));
}
