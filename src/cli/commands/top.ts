/** `perflens top`: flat/cum table of one or more merged profiles, as text (like `go tool pprof -top`) or JSON. */
import { rowsWithValue, sortedRows, topTable, type AggregateBy, type TopRow } from '../../core/aggregate/topTable';
import { select } from '../../core/query/select';
import { formatShare, formatValue } from '../../core/format/units';
import { parseCommandArgs } from '../commandArgs';
import { EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { loadModel, runReporting } from '../loadModel';
import { describeFilters, FILTER_HELP, FILTER_OPTIONS, queryFromFlags } from '../filterArgs';
import { linkContext, rowLink } from '../topLinks';

const DEFAULT_TEXT_LIMIT = 20;

/** --by values → aggregation keys. */
const BY_OPTION = new Map<string, AggregateBy>([['function', 'function-name'], ['function-file', 'function'], ['line', 'line'], ['file', 'file']]);

const help = `Usage: perflens top <profile...> [--type NAME] [--by function|function-file|line|file] [--limit N] [--json]
                    [--link [--link-source NAME]] [filters]

Shows where a profile's cost goes, like 'go tool pprof -top': flat (cost in the row itself), cum (cost in the
row and everything it calls), and their shares of the total. Several profiles of the same type (e.g. the same
service over a time range) are merged: values of identical stacks are summed.

Profiles: pprof (protobuf, and its legacy text and binary formats), JFR, collapsed stacks, speedscope JSON and
Chrome/Node .cpuprofile, gzipped or not — the format is detected from the content, not the name.

Options:
  --type NAME     Sample type to show: a name (cpu, samples, wall, alloc_space, alloc_objects, inuse_space,
                  inuse_objects, contentions, delay...) or a 0-based index. Default: the profile's
                  default_sample_type if set, else its last sample type (as go tool pprof).
  --by KEY        What a row is:
                    function       (default) a function name: same-named functions in different files are one
                                   row, as in 'go tool pprof -top'
                    function-file  a function name and its file, as in 'go tool pprof -top -filefunctions'
                    line           a file:line
                    file           a file
                  A function without a name is shown as <unknown>, as pprof does.
  --limit N       Show at most N rows (default: ${DEFAULT_TEXT_LIMIT} for text, all for --json; 0 means all).
  --json          Print one JSON object instead of a table:
                    {"type": "<sample type>", "unit": "<unit>", "total": <number>,
                     "rows": [{"function": "...", "file": "...", "line": <number or null>,
                               "flat": <number>, "cum": <number>}]}
                  Rows are sorted by flat descending (then cum). Values are raw sums of sample values in the
                  profile's unit, negative ones included (delta and diff profiles); total, the denominator of
                  every share, is go tool pprof's: the sum of the absolute sample values (of the diff base's
                  samples when the profile marks some with pprof::base). For --by function-file, "line" is the
                  function's start line (null if unknown); for --by function, "file" and "line" are those its
                  same-named functions share ("" and null when they differ); for --by line, "function" is the
                  (first) function at that line; for --by file, "function" is "" and "line" is null.
                  With filters, total is still the whole profile's (as pprof's) and the object also has
                  "filters" (their text form), "selected" (the total the filters keep) and "notes"; with
                  --group-by, "groups": [{"group": "<key>=<value>", "total": <number>}] and a row per group,
                  named like the group, whose cum is the group's total.
  --link          Add a vscode://perflens.perflens/open link per function row that opens the function in VS Code
                  with PerfLens, selecting the profiles' service, version, type and time range, and the run's
                  --labels, --span and --trace (text: listed under the table; --json: a "link" field per row).
  --link-source NAME  The source the links load from, as the editor's perflens.sources names it (or its URL);
                  default: the editor's own default (the local store).
  -h, --help      Show this help.

${FILTER_HELP}

Exit status: 0 on success (a filter that keeps nothing says so on stderr), 2 on a usage error, an invalid filter,
or a file that is not a usable profile (one line on stderr names the file and the problem).
`;

export const command: CliCommand = {
  help,
  run(args, io) {
    return runTop(args, io);
  },
};

function usageError(io: CliIo, message: string): number {
  return writeUsageError(io.stderr, 'top', message);
}

function runTop(args: readonly string[], io: CliIo): number {
  const parsed = parseCommandArgs('top', help, args, io, {
    type: { type: 'string' },
    by: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    link: { type: 'boolean' },
    'link-source': { type: 'string' },
    ...FILTER_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usageError(io, 'no profile given');
  const by = BY_OPTION.get(values.by ?? 'function');
  if (!by) return usageError(io, `--by must be function, function-file, line or file, not '${values.by}'`);
  let limit = values.json ? Infinity : DEFAULT_TEXT_LIMIT;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit)) return usageError(io, `--limit must be a whole number, not '${values.limit}'`);
    limit = Number(values.limit) === 0 ? Infinity : Number(values.limit);
  }

  if (values['link-source'] !== undefined && !values.link) return usageError(io, '--link-source goes with --link');
  if (values.link && ((values.span?.length ?? 0) > 1 || (values.trace?.length ?? 0) > 1)) return usageError(io, '--link takes one --span and one --trace at most (a link names one span)');
  const filters = queryFromFlags(values);
  if ('error' in filters) return usageError(io, filters.error);
  const filtering = describeFilters(filters);
  const model = loadModel('top', positionals, io, values.type);
  if (typeof model === 'number') return model;
  const selected = runReporting('top', io, () => {
    const whole = select(model, { type: values.type });
    return { whole, selection: filtering ? select(model, { type: values.type, ...filters }) : whole };
  });
  if (typeof selected === 'number') return selected;
  const { whole, selection } = selected;

  const table = topTable(selection, by);
  const sampleType = selection.sampleType;
  const rows = sortedRows(selection, table, limit);
  const context = values.link ? linkContext(selection.model, sampleType.type, values['link-source'], { labels: filters.labelFilter, frames: filters.frames, spans: filters.spans }) : undefined;
  const linkOf = (r: TopRow) => (context ? rowLink(r, context) : undefined);
  // Shares are of the whole profile, as pprof's (its total is taken before the filters).
  const total = whole.total;
  for (const note of selection.notes) io.stderr.write(`perflens top: note: ${note}\n`);
  if (filtering && selection.matchedRows === 0 && whole.matchedRows > 0) {
    io.stderr.write(`perflens top: nothing in ${positionals.length === 1 ? 'the profile' : `the ${positionals.length} profiles`} matches the filters (${filtering})\n`);
  }
  const groups = selection.groups?.titles.map((group, g) => ({ group, total: selection.groups!.total[g] }));
  if (values.json) {
    const out = context ? rows.map((r) => ({ ...r, link: linkOf(r) ?? null })) : rows;
    const filtered = filtering ? { filters: filtering, selected: selection.total, notes: selection.notes, ...(groups ? { groups } : {}) } : {};
    io.stdout.write(`${JSON.stringify({ type: sampleType.type, unit: sampleType.unit, total, ...filtered, rows: out })}\n`);
    return EXIT_OK;
  }
  const shown = rows.length;
  const all = rowsWithValue(table);
  io.stdout.write(textReport(rows, { ...sampleType, total, selected: filtering ? { filters: filtering, total: selection.total } : undefined, by, files: positionals, shown, all }));
  if (context) {
    const linked = rows.flatMap((r) => {
      const link = linkOf(r);
      return link ? [`  ${r.function}  ${link}`] : [];
    });
    io.stdout.write(`\nOpen in VS Code (PerfLens):\n${linked.join('\n') || '  (no function rows)'}\n`);
  }
  return EXIT_OK;
}

interface ReportInfo {
  type: string;
  unit: string;
  total: number;
  /** With filters: what they are and the total they keep. */
  selected?: { filters: string; total: number };
  by: AggregateBy;
  files: readonly string[];
  shown: number;
  all: number;
}

function textReport(rows: readonly TopRow[], info: ReportInfo): string {
  const value = (v: number) => formatValue(v, info.unit);
  const duplicateNames = new Set<string>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.function)) duplicateNames.add(r.function);
    seen.add(r.function);
  }
  const rowName = (r: TopRow) => {
    if (info.by === 'file') return r.file || '<unknown>';
    if (info.by === 'line') return `${r.function} ${r.file}${r.line === null ? '' : `:${r.line}`}`;
    return duplicateNames.has(r.function) && r.file ? `${r.function} (${r.file})` : r.function;
  };
  const cells = rows.map((r) => [value(r.flat), formatShare(r.flat, info.total), '', value(r.cum), formatShare(r.cum, info.total)]);
  let sum = 0;
  rows.forEach((r, i) => {
    sum += r.flat;
    cells[i][2] = formatShare(sum, info.total);
  });
  const header = ['flat', 'flat%', 'sum%', 'cum', 'cum%'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (cols: string[], name: string) => `${cols.map((col, c) => col.padStart(widths[c])).join(' ')}  ${name}`;
  const plural = info.by === 'line' ? 'lines' : info.by === 'file' ? 'files' : 'functions';
  const out = [
    `Type: ${info.type}${info.unit ? ` (${info.unit})` : ''}`,
    info.files.length === 1 ? `Profile: ${info.files[0]}` : `Profiles: ${info.files.length} merged`,
    `Total: ${value(info.total)}`,
    ...(info.selected ? [`Filters: ${info.selected.filters}`, `Selected: ${value(info.selected.total)} (${formatShare(info.selected.total, info.total)} of the total)`] : []),
    info.shown < info.all
      ? `Showing ${info.shown} of ${info.all} ${plural}, by flat (--limit 0 shows all)`
      : `Showing all ${info.all} ${plural}, by flat`,
    line(header, 'name'),
    ...rows.map((r, i) => line(cells[i], rowName(r))),
  ];
  return `${out.join('\n')}\n`;
}
