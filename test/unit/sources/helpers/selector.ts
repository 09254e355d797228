// Parses a PromQL-style equality selector `{a="x",b="y"}` the way Pyroscope/Parca read it (Go string escapes),
// independently of src/sources, so the fake servers check what the client sent.
export function parseSelector(text: string): Map<string, string> {
  const m = /^\{(.*)\}$/s.exec(text.trim());
  if (!m) throw new Error(`not a selector: ${text}`);
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*")\s*(,|$)/gys;
  let consumed = 0;
  for (const part of m[1].matchAll(re)) {
    out.set(part[1], JSON.parse(part[2]) as string);
    consumed += part[0].length;
  }
  if (consumed !== m[1].length) throw new Error(`cannot parse selector ${text}`);
  return out;
}
