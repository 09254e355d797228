// Parses a PromQL-style equality selector `{a="x","b.c"="y"}` the way Pyroscope/Parca read it (Go string escapes;
// quoted label names as in the Prometheus 3 grammar), independently of src/sources, so the fake servers check
// what the client sent.
export function parseSelector(text: string): Map<string, string> {
  const m = /^\{(.*)\}$/s.exec(text.trim());
  if (!m) throw new Error(`not a selector: ${text}`);
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\\n]|\\.)*")\s*=\s*("(?:[^"\\\n]|\\.)*")\s*(,|$)/gy;
  let consumed = 0;
  for (const part of m[1].matchAll(re)) {
    const name = part[1].startsWith('"') ? (JSON.parse(part[1]) as string) : part[1];
    out.set(name, JSON.parse(part[2]) as string);
    consumed += part[0].length;
  }
  if (consumed !== m[1].length) throw new Error(`cannot parse selector ${text}`);
  return out;
}
