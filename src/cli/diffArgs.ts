/**
 * The arguments of `perflens diff` and `perflens check`: --base and --head each take a list of profile files, which
 * node:util parseArgs cannot express, so they are split off first and the rest is parsed as options.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseOptions } from './commandArgs';
import { SIDE_VALUE_OPTIONS } from './diffSides';
import { EXIT_OK, writeUsageError, type CliIo } from './io';

export interface DiffArgs {
  base: string[];
  head: string[];
  rest: string[];
}

/** Splits `--base a b --head c` (and --base=a) from the other arguments. */
export function splitSides(args: readonly string[]): DiffArgs | { error: string } {
  const out: DiffArgs = { base: [], head: [], rest: [] };
  let side: 'base' | 'head' | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = /^--(base|head)=(.*)$/s.exec(a);
    if (eq) {
      if (eq[2] === '') return { error: `--${eq[1]}= needs a file` };
      out[eq[1] as 'base' | 'head'].push(eq[2]);
      side = eq[1] as 'base' | 'head';
    } else if (a === '--base' || a === '--head') {
      side = a === '--base' ? 'base' : 'head';
      if (i + 1 >= args.length || args[i + 1].startsWith('-')) return { error: `${a} needs at least one profile file` };
    } else if (a.startsWith('-') && a !== '-') {
      side = undefined;
      out.rest.push(a);
      // An option's value (e.g. --type cpu) is not a profile file.
      if (!a.includes('=') && i + 1 < args.length && !args[i + 1].startsWith('-') && VALUE_OPTIONS.has(a)) out.rest.push(args[++i]);
    } else if (side) {
      out[side].push(a);
    } else {
      out.rest.push(a);
    }
  }
  return out;
}

const VALUE_OPTIONS = new Set(['--root', '--type', '--limit', '--compare', '--max-regression', '--alpha', '--base-ref', '--head-ref', ...SIDE_VALUE_OPTIONS]);

/**
 * The sides and the other options of a diff-like command. --help anywhere prints the help (before the sides are
 * read, so `--base --help` is help, not a missing file); a bad side or option is the command's usage error.
 */
export function parseDiffArgs<O extends NonNullable<ParseArgsConfig['options']>>(command: string, help: string, args: readonly string[], io: CliIo, options: O) {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(help);
    return EXIT_OK;
  }
  const sides = splitSides(args);
  if ('error' in sides) return writeUsageError(io.stderr, command, sides.error);
  const parsed = parseOptions(command, io, { args: sides.rest, allowPositionals: false, strict: true, options });
  if (typeof parsed === 'number') return parsed;
  return { sides, values: parsed.values };
}
