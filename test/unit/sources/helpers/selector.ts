// Parses a PromQL-style selector `{a="x","b.c"!~"y.*"}` the way Pyroscope/Parca read it (Go string escapes;
// quoted label names as in the Prometheus 3 grammar; =, !=, =~, !~), independently of src/, so the fake servers
// check what the client sent.
export interface SelectorMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export function parseMatchers(text: string): SelectorMatcher[] {
  const m = /^\{(.*)\}$/s.exec(text.trim());
  if (!m) throw new Error(`not a selector: ${text}`);
  const out: SelectorMatcher[] = [];
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\\n]|\\.)*")\s*(=~|!~|!=|=)\s*("(?:[^"\\\n]|\\.)*")\s*(,|$)/gy;
  let consumed = 0;
  for (const part of m[1].matchAll(re)) {
    const name = part[1].startsWith('"') ? (JSON.parse(part[1]) as string) : part[1];
    out.push({ name, op: part[2] as SelectorMatcher['op'], value: JSON.parse(part[3]) as string });
    consumed += part[0].length;
  }
  if (consumed !== m[1].length) throw new Error(`cannot parse selector ${text}`);
  return out;
}

/** An equality-only selector as a map (throws on another operator). */
export function parseSelector(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of parseMatchers(text)) {
    if (m.op !== '=') throw new Error(`not an equality matcher in ${text}`);
    out.set(m.name, m.value);
  }
  return out;
}
