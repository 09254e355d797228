/**
 * Runs the real `go tool pprof -top` and parses its rows, as the reference for flat/cum/total.
 * Values are printed unscaled: `-unit=ns` / `-unit=B` for time and size (pprof would otherwise print 1.2s, 3MB),
 * counts are printed raw anyway.
 */
import { spawnSync } from 'node:child_process';

export interface PprofRow {
  flat: number;
  cum: number;
  /** Row name as pprof prints it, without the "(inline)"/"(partial-inline)" marker: "name file", "file"... */
  name: string;
}

export interface PprofTop {
  total: number;
  rows: PprofRow[];
  stderr: string;
}

/** Why Go's pprof cannot run here, or undefined when it can. */
export function goPprofUnavailable(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : "'go' is not installed (scripts/setup-test-env.sh installs it); skipping the go tool pprof comparison";
}

export type Granularity = 'filefunctions' | 'lines' | 'files' | 'functions';

/** `flags` are more pprof options (e.g. `-focus=main\\.`); pprof's messages on stderr come back as `stderr`. */
export function goPprofTop(files: readonly string[], sampleIndex: string, unit: string, granularity: Granularity, flags: readonly string[] = []): PprofTop {
  const unitFlag = PPROF_UNITS[unit] ? [`-unit=${PPROF_UNITS[unit]}`] : [];
  const run = spawnSync('go', [
    'tool', 'pprof', '-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', '-symbolize=none',
    `-${granularity}`, `-sample_index=${sampleIndex}`, ...unitFlag, ...flags, ...files,
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`go tool pprof failed (${run.status}): ${run.stderr}`);
  return parseTop(run.stdout, run.stderr);
}

/** Units printed unscaled: pprof's name for the profile's unit. */
const PPROF_UNITS: Readonly<Record<string, string>> = { nanoseconds: 'ns', microseconds: 'us', milliseconds: 'ms', seconds: 's', bytes: 'B' };

/** Options the batch sets for every report, then resets before the next (so each report has only its own). */
const FILTER_OPTIONS = ['focus', 'ignore', 'hide', 'show', 'show_from', 'tagfocus', 'tagignore', 'tagroot', 'tagleaf'];

/**
 * `-top` of one file under several sets of options, in one pprof process (its interactive mode: one startup
 * instead of one per report). `optionSets[i]` are `name=value` options (pprof's names, without "-"). A value that
 * interactive mode would read differently (a `#` starts a comment there; spaces around it are trimmed) gets a
 * process of its own.
 */
export function goPprofTopBatch(file: string, sampleIndex: string, unit: string, granularity: Granularity, optionSets: readonly (readonly string[])[]): PprofTop[] {
  const interactive = optionSets.map((options) => options.every((o) => !/#|\n/.test(o) && o === o.trim() && o.slice(o.indexOf('=') + 1) === o.slice(o.indexOf('=') + 1).trim()));
  const script = [
    'nodefraction=0', 'edgefraction=0', 'nodecount=1000000', `${granularity}=true`, `sample_index=${sampleIndex}`,
    ...(PPROF_UNITS[unit] ? [`unit=${PPROF_UNITS[unit]}`] : []),
  ];
  optionSets.forEach((options, i) => {
    if (!interactive[i]) return;
    script.push(...FILTER_OPTIONS.map((o) => `${o}=`), ...options, 'top');
  });
  script.push('quit');
  const run = spawnSync('go', ['tool', 'pprof', '-symbolize=none', file], { input: `${script.join('\n')}\n`, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`go tool pprof failed (${run.status}): ${run.stderr}`);
  const reports = run.stdout.split('(pprof) ').filter((chunk) => chunk.includes('Showing nodes accounting for'));
  const expected = interactive.filter(Boolean).length;
  if (reports.length !== expected) throw new Error(`go tool pprof printed ${reports.length} reports for ${expected} commands:\n${run.stdout}\n${run.stderr}`);
  let next = 0;
  return optionSets.map((options, i) => (interactive[i] ? parseTop(reports[next++], '') : goPprofTop([file], sampleIndex, unit, granularity, options.map((o) => `-${o}`))));
}

/**
 * `go tool pprof -tags` of one file: per label key, each value's total (values unscaled like goPprofTop's). pprof
 * prints numeric labels with their units; callers compare the string ones.
 */
export function goPprofTags(file: string, sampleIndex: string, unit: string): Map<string, Map<string, number>> {
  const unitFlag = PPROF_UNITS[unit] ? [`-unit=${PPROF_UNITS[unit]}`] : [];
  const run = spawnSync('go', ['tool', 'pprof', '-tags', '-symbolize=none', `-sample_index=${sampleIndex}`, ...unitFlag, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`go tool pprof failed (${run.status}): ${run.stderr}`);
  const tags = new Map<string, Map<string, number>>();
  let values: Map<string, number> | undefined;
  for (const line of run.stdout.split('\n')) {
    const key = /^ (\S.*): Total /.exec(line);
    if (key) {
      tags.set(key[1], (values = new Map()));
      continue;
    }
    const value = /^\s+(\S+)(?: \(\s*[\d.]+%\))?: (.*)$/.exec(line);
    if (value && values) values.set(value[2], parseValue(value[1]));
  }
  return tags;
}

function parseTop(out: string, stderr: string): PprofTop {
  const lines = out.split('\n');
  const totalLine = lines.find((l) => l.startsWith('Showing nodes accounting for'));
  if (!totalLine) throw new Error(`unexpected go tool pprof output:\n${out}`);
  const total = parseValue(/of (\S+) total/.exec(totalLine)![1]);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  const rows: PprofRow[] = [];
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue;
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s{2}(.*)$/.exec(line);
    if (!m) throw new Error(`cannot parse go tool pprof row: ${JSON.stringify(line)}`);
    rows.push({ flat: parseValue(m[1]), cum: parseValue(m[2]), name: m[3].replace(/ \((partial-)?inline\)$/, '') });
  }
  return { total, rows, stderr };
}

function parseValue(text: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(ns|us|ms|s|B)?$/.exec(text);
  if (!m) throw new Error(`unexpected value in go tool pprof output: ${text}`);
  return Number(m[1]);
}

/** Go's filepath.Clean for the slash-separated paths in these profiles (pprof cleans file names in its rows). */
export function goClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part === '..' && rooted) continue;
    else parts.push(part);
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}
