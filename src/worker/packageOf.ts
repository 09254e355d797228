// The package a profile function belongs to, for colouring a flame graph by package: the unit a reader thinks
// in (a Go import path, an npm package, a Java package, a source folder), from the function's name and file.

/**
 * `example.com/shop/pricing.(*Cart).Total` → `example.com/shop/pricing`; `runtime.mallocgc` → `runtime`;
 * a file under `node_modules/@scope/pkg/` → `@scope/pkg`; `com.acme.Billing.charge` (Java) → `com.acme`;
 * otherwise the file's folder (`/app/handlers/quote.js` → `/app/handlers`); `(unknown)` when nothing says.
 */
export function packageOf(name: string, file: string): string {
  const path = file.replace(/\\/g, '/');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = path.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (/\.(go|s)$/.test(path) || (path === '' && /^[\w.\-~]+(\/[\w.\-~]+)*\.[\w(*]/.test(name))) {
    // Go: the import path, then a dot, then the symbol. The dot after the last slash ends the package.
    const slash = name.lastIndexOf('/', name.indexOf('(') >= 0 ? name.indexOf('(') : name.length);
    const dot = name.indexOf('.', slash + 1);
    return dot > 0 ? name.slice(0, dot) : name;
  }
  if (/\.(java|kt|scala)$/.test(path) || (path === '' && /^[a-z]\w*(\.[a-z]\w*)+\.[A-Z]/.test(name))) {
    const parts = name.split('.');
    const cls = parts.findIndex((p) => /^[A-Z]/.test(p));
    if (cls > 0) return parts.slice(0, cls).join('.');
  }
  const slash = path.lastIndexOf('/');
  if (slash > 0) return path.slice(0, slash);
  if (path !== '') return path;
  return name.startsWith('[') ? name : '(unknown)';
}
