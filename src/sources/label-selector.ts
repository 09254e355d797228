/**
 * PromQL-style label selectors, as Pyroscope (`{service_name="checkout",service_git_ref="3f2c1ab"}`) and Parca
 * (`memory:alloc_space:bytes:space:bytes{job="api"}`) take them. Values are quoted and escaped the way the
 * Prometheus parser reads Go string literals, so a value with a quote, a backslash or a newline selects exactly
 * itself and cannot inject another matcher.
 */

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** `"value"` with `\`, `"`, newline, carriage return and tab escaped. */
export function quoteLabelValue(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}"`;
}

/** `{a="x",b="y"}` from equality matchers, in the given order. Throws on a name that is not a label name. */
export function labelSelector(matchers: readonly (readonly [name: string, value: string])[]): string {
  for (const [name] of matchers) {
    if (!isValidLabelName(name)) throw new Error(`'${name}' is not a valid label name (letters, digits and _, not starting with a digit)`);
  }
  return `{${matchers.map(([name, value]) => `${name}=${quoteLabelValue(value)}`).join(',')}}`;
}
