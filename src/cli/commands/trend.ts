/**
 * `perflens trend`: which functions' share of a service's profiles rose over a period — beyond sampling noise —
 * from the local store or a Pyroscope/Parca source, by hour, day or version; `--max-rise N` makes it a nightly
 * gate (exit 1 when a function rose by more than N points).
 */
import { parseSourceSpec, createSource } from '../../sources/create-source';
import { ENV_HELP, reportFailure, type Env } from '../../sources/cli-options';
import { sampleTypeFor } from '../../sources/profile-types';
import { LocalStore } from '../../sources/store/local-store';
import type { SourceDeps } from '../../sources/create-source';
import { DAY_MS, HOUR_MS, type BucketBy } from '../../core/trends/buckets';
import { keyTrends, rising, trendTable, type KeyTrend, type Trends } from '../../core/trends/rising';
import { sparkline } from '../../core/trends/sparkline';
import { describeSpan } from '../../core/trends/bucketWidth';
import { SummaryCache } from '../../core/trends/summaryCache';
import { parseCommandArgs } from '../commandArgs';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { sourceSetup } from '../sourceFlags';
import { remoteHistory, storeHistory, type History } from '../../sources/history';
import { defaultSummaryCacheFile } from '../../sources/summaryCacheFile';

const help = `Usage: perflens trend [STORE | SOURCE_URL] --service S [--type T] [--since 14d] [--until TIME]
                      [--by hour|day|version|WIDTH] [--function NAME] [--lines] [--limit N] [--max-rise PP] [--json]

The functions whose share of the service's profiles rose steadily over the period: each bucket's share (cum:
the function and what it calls, as 'perflens diff' counts it) and a trend test that tells a rise from sampling
noise. Each bucket's share is binomial in its sample count; the slope of share on time is tested with the
Cochran–Armitage test, its z divided by the dispersion the shares show around the line beyond sampling noise
(Student t on buckets − 2 degrees of freedom then), Bonferroni-corrected for the number of functions (family-wise
error 5%). Hours or days without profiles are gaps, not zeros. Versions are ordered by when they were first seen.

STORE is a store folder (default: .perflens/store in the current folder); SOURCE_URL a Pyroscope or Parca URL
(pyroscope+https://…, parca+https://…), asked for one merged profile per bucket (at most 48 calls: buckets widen).

Options:
  --service S     The service (required).
  --type T        Profile type (default cpu).
  --since D       How far back: 14d, 36h, 90m, or a time (2026-08-01T10:00:00Z); default 14d.
  --until T       End of the period (default now).
  --by B          hour (default), day, version, or a bucket width (30s, 5m, 2h, 1d).
  --function NAME Show one function's series instead (exact name; its share per bucket and the test).
  --lines         Rank lines (file:line) instead of functions.
  --limit N       Show at most N rising functions (default 10; 0 means all).
  --max-rise PP   Exit 1 when a function's share rose by more than PP percentage points beyond noise.
  --max-profiles N  Read at most N store profiles, spread evenly over the buckets (default 4000).
  --no-cache      Do not read or write the summary cache (~/.cache/perflens/trends).
  --json          Print one JSON object: {"service", "type", "by", "buckets": [{"label", "profiles"}], "tests",
                  "critical", "notes", "functions": [{"function", "file", "rise", "slopePerDay", "z",
                  "significant", "shares", "sparkline"}]} (rising functions, largest rise first; with --function,
                  that function only; "rise" and "shares" are fractions of 1).
  -h, --help      Show this help.

${ENV_HELP}
Exit status: 0 done (and, with --max-rise, nothing rose more); 1 a function rose by more than --max-rise, or the
source failed; 2 usage error.
`;

export const command: CliCommand = { help, run: (args, io) => runTrend(args, io, process.env) };

export async function runTrend(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const usage = (m: string) => writeUsageError(io.stderr, 'trend', m);
  const parsed = parseCommandArgs('trend', help, args, io, {
    service: { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, by: { type: 'string' },
    function: { type: 'string' }, lines: { type: 'boolean' }, limit: { type: 'string' }, 'max-rise': { type: 'string' },
    'max-profiles': { type: 'string' }, 'no-cache': { type: 'boolean' }, json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usage(`one store or source expected, got ${positionals.length}`);
  if (!values.service) return usage('--service is required');
  const by = values.by ?? 'hour';
  const byWidth = by === 'hour' ? HOUR_MS : by === 'day' ? DAY_MS : durationMs(by);
  if (by !== 'version' && byWidth === undefined) return usage(`--by must be hour, day, version or a bucket width (30s, 5m, 2h, 1d), not '${by}'`);
  const limit = wholeNumber(values.limit ?? '10');
  if (limit === undefined) return usage(`--limit must be a whole number, not '${values.limit}'`);
  const maxProfiles = wholeNumber(values['max-profiles'] ?? '4000');
  if (!maxProfiles) return usage(`--max-profiles must be a whole number above 0, not '${values['max-profiles']}'`);
  let maxRise: number | undefined;
  if (values['max-rise'] !== undefined) {
    maxRise = Number(values['max-rise'].replace(/(pp|%)$/, ''));
    if (values['max-rise'].trim() === '' || !Number.isFinite(maxRise) || maxRise < 0) return usage(`--max-rise must be a number of percentage points >= 0, not '${values['max-rise']}'`);
  }
  // --since 14d counts back from --until; a time is taken as it is.
  const since = values.since ?? '14d';
  const back = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(since.trim());
  const setup = sourceSetup('trend', { from: back ? undefined : since, to: values.until ?? 'now' }, env, io, extraDeps);
  if (typeof setup === 'number') return setup;
  const unitMs = { m: 60_000, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };
  const range = back ? { fromMs: setup.range!.toMs - Number(back[1]) * unitMs[back[2] as keyof typeof unitMs], toMs: setup.range!.toMs } : setup.range!;
  const type = values.type ?? 'cpu';
  const sampleType = sampleTypeFor(type);
  const warn = (m: string) => io.stderr.write(`perflens trend: warning: ${m}\n`);

  let history: History;
  let byLabel: string = by;
  try {
    const config = parseSourceSpec(positionals[0] ?? '.perflens/store', extraDeps.cwd);
    if (config.kind === 'store') {
      const store = new LocalStore(config.root, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER, onWarning: warn });
      const cache = new SummaryCache(values['no-cache'] ? undefined : defaultSummaryCacheFile(config.root, env as NodeJS.ProcessEnv));
      const bucketBy: BucketBy = by === 'version'
        ? { kind: 'version', versions: (await store.listVersions(values.service, { type, range })).sort((a, b) => (a.firstSeenMs ?? 0) - (b.firstSeenMs ?? 0)).map((v) => v.version) }
        : { kind: 'time', widthMs: byWidth!, sinceMs: range.fromMs, untilMs: range.toMs };
      history = await storeHistory(store, { service: values.service, type, sampleType, range, by: bucketBy, maxProfiles, lines: values.lines }, cache, warn);
    } else {
      if (by === 'version') return usage('--by version needs a store; remote sources are read by time');
      const remote = await remoteHistory(createSource(config, setup.deps), { service: values.service, type, sampleType, range, widthMs: byWidth! }, warn);
      history = remote;
      byLabel = describeSpan(remote.widthMs);
    }
  } catch (e) {
    return reportFailure(io, 'trend', e);
  }

  const keys = values.lines ? history.lineKeys : history.functionKeys;
  const table = trendTable(history.summaries.map((s) => (values.lines ? s?.lines : s?.functions)), history.buckets, keys.size);
  const trends = keyTrends({ ...table, notes: history.notes.length ? [...table.notes, ...history.notes.filter((n) => !table.notes.includes(n))] : table.notes });
  const describe = (t: KeyTrend) => describeKey(keys.keys[t.key], values.lines === true);
  let shown: KeyTrend[];
  if (values.function !== undefined) {
    shown = trends.trends.filter((t) => describe(t).function === values.function);
    if (shown.length === 0) {
      io.stderr.write(`perflens trend: no function named '${values.function}' has ${type} cost in this period\n`);
      return EXIT_FAILURE;
    }
  } else shown = rising(trends);
  const offenders = maxRise === undefined ? [] : rising(trends).filter((t) => t.rise * 100 > maxRise!);
  const listed = values.function !== undefined || limit === 0 ? shown : shown.slice(0, limit);
  const days = (t: KeyTrend) => (by === 'version' ? null : (t.slope * DAY_MS));
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      service: values.service,
      type,
      by: byLabel,
      buckets: table.labels.map((label, i) => ({ label, profiles: table.profiles[i] })),
      tests: trends.tests,
      critical: trends.trends[0]?.critical ?? null,
      notes: trends.notes,
      ...(maxRise === undefined ? {} : { maxRise, passed: offenders.length === 0 }),
      functions: listed.map((t) => ({ ...describe(t), rise: t.rise, slopePerDay: days(t), z: t.z, critical: t.critical, significant: t.significant, shares: [...t.shares], sparkline: sparkline(t.shares, 48) })),
    })}\n`);
    return offenders.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }
  io.stdout.write(textReport(values.service, type, byLabel, range, table.labels, trends, listed, describe, values.function !== undefined));
  if (maxRise !== undefined) {
    io.stdout.write(offenders.length === 0
      ? `PASS: no function's ${type} share rose by more than ${maxRise} percentage points beyond noise.\n`
      : `FAIL: ${offenders.length} function${offenders.length === 1 ? '' : 's'} rose by more than ${maxRise} percentage points: ${offenders.map((t) => `${describe(t).function} +${(t.rise * 100).toFixed(2)}pp`).join(', ')}\n`);
  }
  return offenders.length > 0 ? EXIT_FAILURE : EXIT_OK;
}

function textReport(service: string, type: string, by: string, range: { fromMs: number; toMs: number }, labels: readonly string[], trends: Trends, shown: readonly KeyTrend[], describe: (t: KeyTrend) => { function: string; file: string }, one: boolean): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const out = [`${service}, ${type}, ${day(range.fromMs)} → ${day(range.toMs)} UTC, by ${by}: ${labels.length} bucket${labels.length === 1 ? '' : 's'} with profiles`];
  for (const n of trends.notes) out.push(`  ${n}`);
  if (trends.method === 'none') {
    out.push('No trend: fewer than two buckets with profiles.');
    return `${out.join('\n')}\n`;
  }
  const critical = trends.trends[0]?.critical;
  out.push(trends.method === 'binomial'
    ? `Noise: ${trends.tests} functions tested; a rise counts when |z| > ${critical?.toFixed(2)} after the dispersion correction.`
    : `Noise: no sample counts in these profiles; ranks tested (Mann–Kendall), ${trends.tests} functions, |z| > ${critical?.toFixed(2)}.`);
  out.push('', one ? 'Share per bucket:' : 'Rising (share rose beyond noise), largest first:');
  if (shown.length === 0) out.push('  (none)');
  for (const t of shown) {
    const first = t.shares[0];
    const last = t.shares[t.shares.length - 1];
    const { function: name, file } = describe(t);
    out.push(`  ${t.rise >= 0 ? '+' : '-'}${Math.abs(t.rise * 100).toFixed(2)}pp  ${(first * 100).toFixed(2)}% → ${(last * 100).toFixed(2)}%  ${sparkline(t.shares, 48)}  ${name}${file ? `  (${file})` : ''}${t.significant ? '' : '  [within noise]'}  z ${t.z.toFixed(1)}`);
    if (one) labels.forEach((label, i) => out.push(`      ${label}  ${(t.shares[i] * 100).toFixed(3)}%`));
  }
  out.push('', 'Shares are of each bucket\'s own total; the rise is the fitted change from the first bucket to the last.');
  return `${out.join('\n')}\n`;
}

/** A key of the summaries as a name and file: "name\0file tail" (functions) or "file tail:line" (lines). */
function describeKey(key: string, lines: boolean): { function: string; file: string } {
  if (!lines) {
    const [name, file] = key.split('\u0000');
    return { function: name, file };
  }
  const nul = key.indexOf('\u0000');
  return nul >= 0 ? { function: `${key.slice(0, nul)}${key.slice(nul + 1)}`, file: '' } : { function: key, file: key.slice(0, key.lastIndexOf(':')) };
}

/** "30s", "5m", "2h", "1d" in ms; undefined for anything else. */
function durationMs(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  const unit = { s: 1000, m: 60_000, h: HOUR_MS, d: DAY_MS };
  return m && Number(m[1]) > 0 ? Number(m[1]) * unit[m[2] as keyof typeof unit] : undefined;
}

function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
