/**
 * PromQL-style label selectors, as Pyroscope (`{service_name="checkout",service_git_ref="3f2c1ab"}`) and Parca
 * (`memory:alloc_space:bytes:space:bytes{job="api"}`) take them. Both servers read them with the Prometheus
 * parser, whose strings are Go string literals: values are written as JSON strings (every JSON escape is a Go
 * escape), so a value with a quote, a backslash or a newline selects exactly itself and cannot inject another
 * matcher. The parser's lexer refuses a literal U+FFFD (it takes it for invalid UTF-8), so that one is escaped
 * too, and a lone surrogate, which has no UTF-8 form, becomes U+FFFD.
 *
 * Label names of the classic grammar (`[A-Za-z_][A-Za-z0-9_]*`) are written bare, which every server version
 * reads. Other names (`service.version`, kept with its dot by Pyroscope 2.x and Prometheus 3-era servers) are
 * quoted like values, `{"service.version"="1.2"}`: the Prometheus 3 grammar. Servers on an older parser never
 * have such names (Pyroscope 1.x stores `service.version` as `service_version`), so the quoting never reaches them.
 */

const CLASSIC_LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any non-empty name can be selected (quoted when it is not a classic name). */
export function isValidLabelName(name: string): boolean {
  return name.length > 0;
}

/** The name as a selector writes it: bare when the classic grammar allows it, else quoted. */
export function selectorLabelName(name: string): string {
  return CLASSIC_LABEL_NAME.test(name) ? name : quoteLabelValue(name);
}

/** `"value"` as a Go string literal the Prometheus lexer reads back as exactly `value`. */
export function quoteLabelValue(value: string): string {
  return JSON.stringify(value.replace(LONE_SURROGATE, '\uFFFD')).replace(/\uFFFD/g, '\\ufffd');
}

/** `{a="x","b.c"="y"}` from equality matchers, in the given order. Throws on an empty label name. */
export function labelSelector(matchers: readonly (readonly [name: string, value: string])[]): string {
  for (const [name] of matchers) {
    if (!isValidLabelName(name)) throw new Error('a label name cannot be empty');
  }
  return `{${matchers.map(([name, value]) => `${selectorLabelName(name)}=${quoteLabelValue(value)}`).join(',')}}`;
}
