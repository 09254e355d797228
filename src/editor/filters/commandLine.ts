// The `perflens top` command line that shows what the editor shows: the same files, sample type and filter, for a
// terminal, a script or a colleague without VS Code. No vscode here: tested as it is.
import { relative, isAbsolute, sep } from 'node:path';
import { APP_ONLY_PRESET } from '../../core/query/filtersPresets';
import { viewFilterArgs, type ViewFilter } from '../../core/query/viewFilter';

export interface CommandLine {
  /** One line for a POSIX shell. */
  readonly text: string;
  /** What the command cannot reproduce, in words (empty when it reproduces everything). */
  readonly caveats: readonly string[];
}

/**
 * @param cwd the workspace folder: files inside it are written relative to it (the command runs there)
 * @param fetchedWith label matchers a server applied when the files were fetched: the files hold only those samples
 */
export function topCommandLine(files: readonly string[], type: string, filter: ViewFilter, cwd: string | undefined, fetchedWith: readonly string[] = []): CommandLine {
  const path = (f: string) => {
    if (!cwd) return f;
    const r = relative(cwd, f);
    return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r) ? r : f;
  };
  const args = ['perflens', 'top', ...files.map(path), '--type', type, ...viewFilterArgs(filter)];
  const caveats: string[] = [];
  if (filter.frames?.presets?.includes(APP_ONLY_PRESET)) caveats.push('"my code only" needs the workspace: the command shows every frame');
  if (fetchedWith.length > 0) caveats.push(`the files hold only the samples of ${fetchedWith.join(', ')} (the server selected them)`);
  return { text: args.map(shellQuote).join(' '), caveats };
}

/** A word for a POSIX shell: as it is when it is plain, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
