/**
 * The file names profiles usually have, for file pickers and for recognising files dropped into the store. Only
 * a hint of where to look: what a file is comes from its content (index.ts), whatever its name.
 */

/** Extensions for an open dialog's filter (one dot-less extension each, as VS Code's dialogs take them). */
export const PROFILE_FILE_DIALOG_EXTENSIONS: readonly string[] = [
  'gz', 'pprof', 'pb', 'prof', 'jfr', 'cpuprofile', 'json', 'collapsed', 'folded', 'txt', 'heap',
];

/**
 * Endings of files treated as profiles when found in a folder of profiles. Generic endings (.json, .txt) are
 * left out: a store folder may hold notes.
 */
const PROFILE_FILE_ENDING = /\.(pb\.gz|pb|pb\.gzip|pprof|pprof\.gz|prof|prof\.gz|profile|jfr|jfr\.gz|cpuprofile|cpuprofile\.gz|speedscope\.json|speedscope\.json\.gz|collapsed|collapsed\.gz|folded|folded\.gz)$/i;

export function hasProfileFileEnding(name: string): boolean {
  return PROFILE_FILE_ENDING.test(name);
}
