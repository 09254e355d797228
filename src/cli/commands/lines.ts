/**
 * `perflens lines`: where a production profile's cost lands in the workspace's current text — per file and line,
 * after path mapping, source maps and (with --ref) line drift — and how much could not be mapped, with reasons.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { formatShare, formatValue } from '../../core/format/units';
import { frameFlat } from '../../core/aggregate/flatCum';
import { workspaceLineCosts } from '../../core/aggregate/lineCosts';
import { workspaceCoverage } from '../../core/aggregate/workspaceCoverage';
import { select } from '../../core/query/select';
import type { coverageReport } from '../../core/symbolicate/coverage';
import { parseMapArgument, parsePathRule, type PathRule } from '../../core/symbolicate/path-rules';
import { mapToWorkspace } from '../../core/symbolicate/workspaceMapping';
import { parseCommandArgs } from '../commandArgs';
import { loadModel, runReporting } from '../loadModel';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo, writeUsageError } from '../io';

const TEXT_LINES = 20;
const UNMAPPED_SHOWN = 10;

const help = `Usage: perflens lines <profile...> --root <workspace dir> [--ref <commit>] [--type NAME]
                      [--map <from>=<to> ...] [--json]

Maps a production profile onto the workspace: every frame's file (as the production machine named it) is
resolved to a workspace file, bundles are followed through their source maps, and with --ref the profiled lines
are moved to where that code is in today's text. Cost on lines edited since then is flagged; cost that could not
be mapped is reported with the reason.

Path resolution, in order: --map rules and .pyroscope.yaml mappings (longest prefix first); build roots learned
from earlier matches; Go modules of the workspace (go.mod, go.work), the Go standard library and module cache,
node: built-ins and node_modules, Python site-packages, JVM class names; then the longest unique file-name suffix.
Nothing outside --root is ever read or mapped.

Options:
  --root DIR        The workspace folder (required). node_modules and .git are not indexed.
  --ref COMMIT      The git commit the profile was taken at. Default: the profile's service_git_ref /
                    git.commit.sha / vcs.revision label, if any. Runs git in --root (read-only).
  --type NAME       Sample type (name or 0-based index); default as 'perflens top'.
  --map FROM=TO     Profile path prefix FROM is the workspace folder TO (relative to --root, or
                    \${workspaceFolder}/...). Repeatable; the longest matching prefix wins.
  --json            Print one JSON object:
                      {"type", "unit", "total",
                       "files": [{"path", "lines": [{"line", "flat", "cum", "changed"}]}],
                       "coverage": {"app", "dependency", "runtime", "unmapped"},
                       "unmapped": [{"path", "cost", "reason"}]}
                    Files are sorted by their total flat cost (then cum), lines by line number; paths are
                    relative to --root with '/'. Lines are 1-based lines of the current text; "changed" is true
                    when the text there changed since --ref (always false without --ref). Coverage values are
                    shares (0..1) of the total flat cost; "unmapped" lists the costliest unmapped profile paths.
  -h, --help        Show this help.

Exit status: 0 on success, 2 on a usage error, an unusable profile, or a --ref that git does not know.
`;

export interface LinesIo {
  out(s: string): void;
  err(s: string): void;
}

export const command: CliCommand = {
  help,
  run: (args, io) => linesCommand([...args], { out: (s) => io.stdout.write(s), err: (s) => io.stderr.write(s) }),
};

interface LineRow {
  line: number;
  flat: number;
  cum: number;
  changed: boolean;
}

interface FileRow {
  path: string;
  lines: LineRow[];
}

export async function linesCommand(argv: string[], io: LinesIo): Promise<number> {
  const cliIo: CliIo = { stdout: { write: (s: string) => io.out(s) }, stderr: { write: (s: string) => io.err(s) } };
  const usage = (message: string) => writeUsageError(cliIo.stderr, 'lines', message);
  const parsed = parseCommandArgs('lines', help, argv, cliIo, {
    root: { type: 'string' },
    ref: { type: 'string' },
    type: { type: 'string' },
    map: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usage('no profile given');
  if (!values.root) return usage('--root <workspace dir> is required');
  const root = resolve(values.root);
  try {
    if (!(await stat(root)).isDirectory()) return usage(`--root ${values.root} is not a folder`);
  } catch {
    return usage(`--root ${values.root} does not exist`);
  }
  const rootInfo = [{ name: basename(root), location: root }];
  const rules: PathRule[] = [];
  for (const text of values.map ?? []) {
    const input = parseMapArgument(text);
    if (!input) return usage(`--map must look like FROM=TO, not '${text}'`);
    const rule = parsePathRule(input, rootInfo);
    if ('error' in rule) return usage(rule.error);
    rules.push(rule.rule);
  }

  const warn = (w: string) => io.err(`perflens lines: warning: ${w}\n`);
  const model = loadModel('lines', positionals, cliIo, values.type);
  if (typeof model === 'number') return model;
  const selection = runReporting('lines', cliIo, () => select(model, { type: values.type }));
  if (typeof selection === 'number') return selection;
  const sampleType = selection.sampleType;
  const mapping = await mapToWorkspace(selection.model, { roots: rootInfo, rules, ref: values.ref, gitEnabled: true, warn });
  // What this command prints: per line costs and coverage (not the functions with their callers and callees).
  const costs = workspaceLineCosts(selection, mapping);
  const analysis = { ...mapping, total: costs.total, files: costs.files, coverage: workspaceCoverage(selection, mapping, frameFlat(selection)) };
  if (values.ref && analysis.refError) {
    io.err(`perflens lines: --ref ${values.ref}: ${analysis.refError}\n`);
    return EXIT_USAGE;
  }
  if (analysis.ref && analysis.refError) warn(`the profile names commit ${analysis.ref}, but ${analysis.refError}; lines are shown unverified`);
  const files: FileRow[] = analysis.files.map((f) => ({ path: f.file.path, lines: f.lines }));
  const report = analysis.coverage;
  const topUnmapped = report.topUnmapped.slice(0, UNMAPPED_SHOWN);

  if (values.json) {
    io.out(`${JSON.stringify({ type: sampleType.type, unit: sampleType.unit, total: analysis.total, files, coverage: report.shares, unmapped: topUnmapped })}\n`);
    return EXIT_OK;
  }
  const notes: string[] = [];
  if (analysis.functionLevelJs) notes.push('This Node profile has function start lines only (no line numbers): lines are where functions begin.');
  if (analysis.ref && !analysis.commit) notes.push(`Lines are not checked against commit ${analysis.ref}.`);
  if (!analysis.ref) notes.push('No --ref: lines are shown as the profile has them (edits since the profile are not detected).');
  if (report.ambiguous.length > 0) notes.push(`Guessed between several workspace files for: ${report.ambiguous.map((a) => a.path).join(', ')} (add --map rules).`);
  const currentText = new Map([...analysis.texts].map(([key, text]) => [key.slice(key.indexOf('\u0000') + 1), text]));
  io.out(textReport({ type: sampleType.type, unit: sampleType.unit, total: analysis.total, files, report: { ...report, topUnmapped }, currentText, ref: analysis.commit, notes }));
  return EXIT_OK;
}

/**
 * The `limit` costliest lines of all files (by flat, then cum), in that order: a pass that keeps the best few, since
 * a large profile costs 10^5 lines or more.
 */
function costliestLines(files: readonly FileRow[], limit: number): (LineRow & { path: string })[] {
  const before = (a: LineRow, b: LineRow) => b.flat - a.flat || b.cum - a.cum;
  const best: (LineRow & { path: string })[] = [];
  for (const f of files) {
    for (const l of f.lines) {
      if (best.length === limit) {
        if (limit === 0 || before(l, best[limit - 1]) >= 0) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && before(l, best[at - 1]) < 0) at--;
      best.splice(at, 0, { path: f.path, ...l });
    }
  }
  return best;
}

interface TextReport {
  type: string;
  unit: string;
  total: number;
  files: FileRow[];
  report: ReturnType<typeof coverageReport>;
  currentText: Map<string, string | undefined>;
  ref: string | undefined;
  notes: string[];
}

function textReport(r: TextReport): string {
  const value = (v: number) => formatValue(v, r.unit);
  const share = (v: number) => formatShare(v, r.total);
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const rows = costliestLines(r.files, TEXT_LINES);
  const cells = rows.map((row) => [`${row.path}:${row.line}`, value(row.flat), share(row.flat), value(row.cum), share(row.cum)]);
  const header = ['line', 'flat', 'flat%', 'cum', 'cum%'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const pad = (cols: string[]) => cols.map((col, c) => (c === 0 ? col.padEnd(widths[c]) : col.padStart(widths[c]))).join('  ');
  const c = r.report.shares;
  const out = [
    `Type: ${r.type}${r.unit ? ` (${r.unit})` : ''}   Total: ${value(r.total)}${r.ref ? `   Lines moved from commit ${r.ref.slice(0, 12)}` : ''}`,
    `Mapped: app ${pct(c.app)}, dependencies ${pct(c.dependency)}, runtime ${pct(c.runtime)}, unmapped ${pct(c.unmapped)}`,
    '',
    `${pad(header)}  source`,
    ...rows.map((row, i) => {
      const text = r.currentText.get(row.path)?.split('\n')[row.line - 1]?.trim() ?? '';
      return `${pad(cells[i])}  ${row.changed ? '[changed since profile] ' : ''}${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
    }),
  ];
  if (rows.length === 0) out.push('(no cost on workspace lines)');
  if (r.report.topUnmapped.length > 0) {
    out.push('', 'Unmapped:');
    for (const u of r.report.topUnmapped) out.push(`  ${share(u.cost).padStart(6)}  ${u.path}: ${u.reason}`);
  }
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => `Note: ${n}`));
  return `${out.join('\n')}\n`;
}
