// Profile strings are untrusted: besides markup (always inserted as text), they can carry bidi and invisible
// format characters that reorder or hide what is shown around them ("Trojan Source"). Every view shows profile
// names through these helpers.

/** Bidi embeddings/overrides/isolates, marks and zero-width characters: shown as a visible ⟨U+XXXX⟩ instead. */
const CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/**
 * A function's name without its import path, as flame graphs and tables label it:
 * `example.com/shop/pricing.(*Cart).Total` → `pricing.(*Cart).Total`. Only a leading run of path segments is cut
 * (module-path characters followed by '/'), so a '/' inside the rest of a name — an operator, markup, a file in a
 * pseudo-frame — never shortens it.
 */
export function shortFunctionName(name: string): string {
  return name.replace(/^(?:[A-Za-z0-9_.~@!+-]+\/)+(?=[^/]*$|[^/(<[]*[.(])/, '');
}

/** Both: what a view shows for a profile function name. */
export function displayFunctionName(name: string): string {
  return visibleControls(shortFunctionName(name));
}
