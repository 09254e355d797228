/**
 * Runs the real `go tool pprof -top` and parses its rows, as the reference for flat/cum/total.
 * Values are printed unscaled: `-unit=ns` / `-unit=B` for time and size (pprof would otherwise print 1.2s, 3MB),
 * counts are printed raw anyway.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface PprofRow {
  flat: number;
  cum: number;
  /** Row name as pprof prints it, without the "(inline)"/"(partial-inline)" marker: "name file", "file"... */
  name: string;
}

export interface PprofTop {
  total: number;
  rows: PprofRow[];
}

/** Why Go's pprof cannot run here, or undefined when it can. */
export function goPprofUnavailable(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : "'go' is not installed (scripts/setup-test-env.sh installs it); skipping the go tool pprof comparison";
}

export type Granularity = 'filefunctions' | 'lines' | 'files' | 'functions';

export function goPprofTop(files: readonly string[], sampleIndex: string, unit: string, granularity: Granularity): PprofTop {
  const unitFlag = unit === 'nanoseconds' ? ['-unit=ns'] : unit === 'bytes' ? ['-unit=B'] : [];
  const out = execFileSync('go', [
    'tool', 'pprof', '-top', '-nodefraction=0', '-edgefraction=0', '-nodecount=1000000', '-symbolize=none',
    `-${granularity}`, `-sample_index=${sampleIndex}`, ...unitFlag, ...files,
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
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
  return { total, rows };
}

function parseValue(text: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(ns|B)?$/.exec(text);
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
