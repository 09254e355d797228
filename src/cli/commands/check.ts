/**
 * `perflens check`: a release gate for CI — exits 1 (and lists the offenders) when a function's share of the
 * profile rose by more than --max-regression percentage points between the base and the head, counting only
 * rises beyond sampling noise; else 0.
 */
import { parseDiffArgs } from '../diffArgs';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { COMMIT_OPTIONS_HELP, formatCommit } from '../diffCommits';
import type { Env } from '../../sources/cli-options';
import type { SourceDeps } from '../../sources/create-source';
import { SIDE_HELP } from '../diffSides';
import { DIFF_OPTIONS, NOISE_HELP, commitsJson, describeSide, jsonRows, loadDiff, selectionsFromFlags } from './diff';

const help = `Usage: perflens check --base <profile...> --head <profile...> --max-regression <percentage points>
                      [--root DIR] [--type NAME] [--base-ref REF] [--head-ref REF] [selections] [--json]

A release gate: compares the head profiles with the base profiles as 'perflens diff' does (any two selections:
see Selections) and fails when any
function's total share (its own cost and what it calls) rose by more than --max-regression percentage points,
e.g. 2 for "no function may take 2% more of the program than before". Rises within sampling noise never fail.

${NOISE_HELP}

Options:
  --base FILE...        The profiles before the change. Repeatable.
  --head FILE...        The profiles after the change. Repeatable.
  --max-regression PP   The largest allowed rise of a function's share, in percentage points (required, >= 0).
  --root DIR            Report offenders with their workspace file and today's hot line.
  --type NAME           Sample type (name or 0-based index); default as 'perflens diff'.
${COMMIT_OPTIONS_HELP.replace(/^ {2}(--\w+-ref REF) {2}/gm, '  $1        ').replace(/^ {18}/gm, '                        ')}
  --json                Print {"maxRegression": <pp>, "passed": <bool>, "offenders": [rows as 'perflens diff --json'],
                        "commits": as 'perflens diff --json'}.
  -h, --help            Show this help.

${SIDE_HELP}

Exit status: 0 when no function's share rose by more than the limit, 1 when one did (the offenders are listed) or
a source failed, 2 on a usage error, a selection that keeps nothing or a file that is not a usable profile.
`;

export const command: CliCommand = { help, run: (args, io) => runCheck(args, io, process.env) };

export async function runCheck(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const usage = (message: string) => {
    return writeUsageError(io.stderr, 'check', message);
  };
  const parsed = parseDiffArgs('check', help, args, io, { ...DIFF_OPTIONS, 'max-regression': { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { sides, values } = parsed;
  const limitText = values['max-regression'];
  if (limitText === undefined) return usage('--max-regression <percentage points> is required');
  const limit = Number(limitText.replace(/(pp|%)$/, ''));
  if (limitText.trim() === '' || !Number.isFinite(limit) || limit < 0) return usage(`--max-regression must be a number of percentage points >= 0, not '${limitText}'`);

  const selections = selectionsFromFlags('check', sides, values, io);
  if (typeof selections === 'number') return selections;
  const loaded = await loadDiff('check', selections, { type: values.type, root: values.root, baseRef: values['base-ref'], headRef: values['head-ref'] }, io, env, extraDeps);
  if (typeof loaded === 'number') return loaded;
  const offenders = jsonRows(loaded).filter((r) => r.significant && r.delta * 100 > limit);
  const passed = offenders.length === 0;
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ maxRegression: limit, passed, offenders, commits: commitsJson(loaded) })}\n`);
    return passed ? EXIT_OK : EXIT_FAILURE;
  }
  const { diff } = loaded;
  const out = [describeSide('Base', loaded.described.base, diff.base, diff.unit), describeSide('Head', loaded.described.head, diff.head, diff.unit)];
  if (passed) {
    const rises = jsonRows(loaded).filter((r) => r.significant && r.delta > 0);
    out.push(`PASS: no function's ${diff.type} share rose by more than ${limit} percentage points${rises.length ? ` (largest significant rise: ${rises[0].function} +${(rises[0].delta * 100).toFixed(2)}pp)` : ' (no significant rise)'}.`);
    io.stdout.write(`${out.join('\n')}\n`);
    return EXIT_OK;
  }
  out.push(`FAIL: ${offenders.length} function${offenders.length === 1 ? '' : 's'} rose by more than ${limit} percentage points of ${diff.type}:`);
  for (const r of offenders) {
    const where = r.line !== null ? `  (hot line ${r.file}:${r.line})` : r.file ? `  (${r.file})` : '';
    out.push(`  +${(r.delta * 100).toFixed(2)}pp  ${(r.baseShare * 100).toFixed(2)}% → ${(r.headShare * 100).toFixed(2)}%  ${r.function}${where}`);
    for (const c of r.commits ?? []) out.push(`      ${formatCommit(c)}`);
  }
  for (const note of loaded.commits?.notes ?? []) out.push(`Commits: ${note}`);
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT_FAILURE;
}
