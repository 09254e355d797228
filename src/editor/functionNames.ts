// How a profile function is named in source: the identifier a user hovers and a code lens sits above.
// Pure, unit-tested; covers the naming schemes of Go, JavaScript, Java and Python profiles.
import { shortFunctionName } from '../core/format/displayText';

/**
 * The declared name of a profile function: `example.com/shop/pricing.(*Cart).Total` → `Total`,
 * `main.worker.func1` → `worker` (a closure is shown on its enclosing function), `Server.handle` → `handle`,
 * `pkg.F[...]` → `F`, `module.func` → `func`. Undefined for anonymous or pseudo frames.
 */
export function declaredName(profileName: string): string | undefined {
  let name = profileName.trim();
  if (name === '' || name.startsWith('(') || name.startsWith('[') || name.startsWith('<')) return undefined;
  name = name.replace(/\[\.\.\.\]/g, ''); // Go generics
  name = shortFunctionName(name); // Go import path: keep the last package segment onwards
  const parts = name.split('.').filter((p) => p !== '');
  // Drop Go closure suffixes (func1, func2.1, gowrap1) and JS anonymous markers.
  while (parts.length > 1 && /^(func\d+|gowrap\d+|\d+|<anonymous>|\(anonymous\))$/.test(parts[parts.length - 1])) parts.pop();
  const last = parts[parts.length - 1]?.replace(/^\(\*?|\)$/g, '');
  if (!last || !/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(last)) return undefined;
  return last;
}

const DECLARATION = (name: string) => new RegExp(
  // Go func / method, JS function / method / arrow assignment, Python def, Java/C#/Kotlin methods, Ruby def.
  String.raw`(?:\bfunc\s*(?:\([^)]*\)\s*)?${name}\b|\bfunction\s*\*?\s*${name}\b|\b(?:async\s+)?def\s+${name}\b|\bfun\s+${name}\b|` +
  String.raw`\b${name}\s*[:=]\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[\p{L}_$][\p{L}\p{N}_$]*\s*=>)|` +
  String.raw`^\s*(?:(?:public|private|protected|static|async|override|final|synchronized|get|set)\s+)*[\w<>\[\],\s]*?\b${name}\s*\([^;]*$)`,
  'u',
);

/**
 * The line (0-based) declaring `name` at or above `nearLine` (the function's first line with cost), looking up to
 * `maxDistance` lines up — how the editor places a function's code lens and hover when no language extension
 * provides document symbols. Undefined when no declaration is found.
 */
export function findDeclarationLine(lineAt: (line: number) => string, nearLine: number, name: string, maxDistance = 400): number | undefined {
  const escaped = name.replace(/[$]/g, '\\$');
  const re = DECLARATION(escaped);
  for (let l = nearLine; l >= 0 && l >= nearLine - maxDistance; l--) {
    // Every form of declaration names the function: most lines are ruled out without the regular expression.
    const text = lineAt(l);
    if (text.includes(name) && re.test(text)) return l;
  }
  return undefined;
}
