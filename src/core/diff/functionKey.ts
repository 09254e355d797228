/**
 * Which function of the head profile is "the same" as one of the base profile.
 *
 * Two builds of one program are usually built in different folders (CI workspaces, containers), so the file
 * names in their profiles differ in their prefix: `/builds/1234/shop/pricing/prices.go` vs
 * `/home/ci/shop/pricing/prices.go`. A function is therefore matched by its name and the last two segments of
 * its file (`pricing/prices.go`): enough to tell apart Node's many `(anonymous)` functions or Go methods of
 * the same name in different packages, and independent of where the build ran. Windows separators count as '/'.
 */
export function functionKey(name: string, file: string): string {
  return `${name}\u0000${fileTail(file)}`;
}

/** The last two path segments of `file` ('' stays ''). */
export function fileTail(file: string): string {
  const parts = file.split(/[\\/]+/).filter((p) => p !== '');
  return parts.slice(-2).join('/');
}
