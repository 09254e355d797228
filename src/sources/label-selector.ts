/**
 * PromQL-style label selectors, as Pyroscope (`{service_name="checkout",service_git_ref="3f2c1ab"}`) and Parca
 * (`memory:alloc_space:bytes:space:bytes{job="api"}`) take them. Both servers read them with the Prometheus
 * parser, whose grammar is the label filter language's text form (core/query/labels.ts), so a selector is that
 * text: values as Go string literals the Prometheus lexer reads back as exactly themselves (a quote, a backslash,
 * a newline or a brace in a value cannot end it or inject another matcher; U+FFFD, which the lexer takes for
 * invalid UTF-8, is escaped), names bare in the classic grammar (`[A-Za-z_][A-Za-z0-9_]*`, which every server
 * version reads) and quoted otherwise (`{"service.version"="1.2"}`: the Prometheus 3 grammar; servers on an older
 * parser never have such names — Pyroscope 1.x stores `service.version` as `service_version`).
 */
import { formatLabelFilter, formatLabelMatcher, type LabelMatcher } from '../core/query/labels';

/** Any non-empty name can be selected (quoted when it is not a classic name). */
export function isValidLabelName(name: string): boolean {
  return name.length > 0;
}

/** `{a="x","b.c"=~"y.*"}` from matchers, in the given order; `{}` for none. Throws on an empty label name. */
export function labelSelector(matchers: readonly LabelMatcher[]): string {
  for (const m of matchers) {
    if (!isValidLabelName(m.key)) throw new Error('a label name cannot be empty');
  }
  return formatLabelFilter(matchers) || '{}';
}

/** Each matcher alone, `a="x"` (Parca's Labels joins its `match` strings inside one selector's braces). */
export function labelMatcherTexts(matchers: readonly LabelMatcher[]): string[] {
  labelSelector(matchers);
  return matchers.map(formatLabelMatcher);
}

/** `name="value"` matchers, in order. */
export function equalTo(...pairs: readonly (readonly [name: string, value: string])[]): LabelMatcher[] {
  return pairs.map(([key, value]) => ({ key, op: '=', value }));
}
