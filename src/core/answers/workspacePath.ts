/**
 * A file named by an agent or a link, as a path relative to a workspace folder: forward slashes, no `..`, not
 * absolute, no drive letter, UNC or URL form, no control characters. It is only ever compared with the workspace
 * files PerfLens found itself; this check makes the refusal explicit and the message clear.
 */

export const MAX_PATH_LENGTH = 4096;

/** The path normalised (`./a//b` → `a/b`, backslashes → slashes), or a one-line reason it is refused. */
export function workspaceRelativePath(input: string): { path: string } | { error: string } {
  const shown = input.length > 120 ? `${input.slice(0, 117)}...` : input;
  if (input.length === 0) return { error: 'no file given' };
  if (input.length > MAX_PATH_LENGTH) return { error: `the file path is longer than ${MAX_PATH_LENGTH} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) return { error: `'${JSON.stringify(shown).slice(1, -1)}' contains control characters` };
  const slashed = input.replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:/i.test(slashed) || slashed.startsWith('/') || slashed.startsWith('~')) {
    return { error: `'${shown}' is not inside the workspace: give a path relative to the workspace folder` };
  }
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { error: `'${shown}' leaves the workspace ('..' is not allowed)` };
  if (segments.length === 0) return { error: `'${shown}' names no file` };
  return { path: segments.join('/') };
}
