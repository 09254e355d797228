/**
 * What a frame of a collapsed stack says, by the tool that wrote it: a function name, and where the tool gives
 * them a file and line. Profilers of different languages write frames differently; each form is recognised by a
 * shape no plain function name has.
 */

export interface FrameText {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** py-spy (raw): `handle (app/views.py:42)`, or `handle (app/views.py)` without line numbers. */
const PY_SPY = /^(.*) \(([^()]*?)(?::(\d+))?\)$/;
/** rbspy: `block in process - app/models/order.rb:17`. */
const RBSPY = /^(.*) - (.+):(\d+)$/;
/** V8 names in perf maps (Node with --perf-basic-prof): `LazyCompile:*render /srv/app/view.js:10:5`. */
const V8 = /^(?:JS|LazyCompile|Function|Script|Eval|InterpretedFunction|Builtin|Handler|Stub|RegExp|Code):[*~^]?(\S*) (\S+?):(\d+)(?::(\d+))?$/;
/** async-profiler and stackcollapse-perf mark a frame's kind by a suffix: JIT, inlined, kernel, interpreted, C1. */
const KIND_SUFFIX = /_\[[jik01ksw]\]$/;

export function parseFrameText(text: string): FrameText {
  let m = V8.exec(text);
  if (m) return { name: m[1] === '' ? '(anonymous)' : m[1], file: m[2], line: Number(m[3]), column: m[4] ? Number(m[4]) : 0 };
  m = PY_SPY.exec(text);
  if (m && looksLikeFile(m[2])) return { name: m[1], file: m[2], line: m[3] ? Number(m[3]) : 0, column: 0 };
  m = RBSPY.exec(text);
  if (m && looksLikeFile(m[2])) return { name: m[1], file: m[2], line: Number(m[3]), column: 0 };
  return { name: text.replace(KIND_SUFFIX, ''), file: '', line: 0, column: 0 };
}

/** A path, not an argument list: has a file extension or a directory, and no spaces around. */
function looksLikeFile(s: string): boolean {
  return s !== '' && !/^\s|\s$|,/.test(s) && (/\.[A-Za-z0-9]{1,8}$/.test(s) || s.includes('/') || s.includes('\\') || /^<.*>$/.test(s));
}
