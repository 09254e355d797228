/**
 * `perflens growth`: memory that keeps growing. From a service's successive in-use heap snapshots in the local
 * store, or a Pyroscope or Parca server's merges averaged by their snapshot counts, the allocation sites whose
 * retained memory rises steadily (a leak), apart from sites that merely allocate a lot (churn).
 */
import { ENV_HELP, reportFailure, type Env } from '../../sources/cli-options';
import { createSource, parseSourceSpec } from '../../sources/create-source';
import type { SourceDeps } from '../../sources/create-source';
import { LocalStore } from '../../sources/store/local-store';
import { formatValue } from '../../core/format/units';
import { parseSiteKey } from '../../core/trends/allocationSites';
import { memoryGrowth, type SiteGrowth } from '../../core/trends/growth';
import { sparkline } from '../../core/trends/sparkline';
import { bucketGrowthHistory, storeGrowthHistory, type GrowthHistory } from '../../sources/growthHistory';
import { countsUnavailable, remoteSnapshots } from '../../sources/remoteGrowth';
import type { ProfileSource, TimeRange } from '../../sources/types';

/** Buckets asked of a server at most (as the editor's view: the span in round buckets, narrowed to the profiles). */
const REMOTE_BUCKETS = 14;
import { parseCommandArgs } from '../commandArgs';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { sourceSetup } from '../sourceFlags';

const help = `Usage: perflens growth [STORE|SOURCE] --service S [--type T] [--since 24h] [--until TIME] [--last N] [--limit N] [--json]

Ranks allocation sites (a function and line: the first frame outside the language runtime, so a map that grows
is charged to the line that inserts into it) by how steadily the memory they hold grows across the service's
in-use heap snapshots. A site is a leak when its in-use value rises beyond its own scatter (Mann–Kendall,
Bonferroni-corrected over the sites), still rises over the later half of the snapshots (not a cache that filled
once), and grew by at least 1% of the last snapshot's in-use total and by more than 8 sampling periods. With Go heap profiles, which carry
cumulative allocations, "retained" says how much of what the site allocated over the window is still held: a
leak keeps nearly all, churn nearly none; a site keeping less than a fifth is not flagged.

From a Pyroscope or Parca server (pyroscope+URL, parca+URL), which adds the in-use snapshots of a range up when it
merges them: the period in at most 14 round time buckets narrowed to where the service has profiles (at most 64
merges), each bucket's merge divided by the number of snapshots per series the server counts in it — the service's
in-use memory, every process together, averaged over the bucket. No churn split (it needs single snapshots'
cumulative allocations); --last does not apply.

Options:
  STORE|SOURCE    The store folder (default .perflens/store), or pyroscope+URL / parca+URL.
  --service S     The service (required).
  --type T        inuse_space (default) or inuse_objects (Node heap profiles: their space/objects).
  --since D       How far back: 24h (default), 90m, 7d, or a time.
  --until T       End of the period (default now).
  --last N        Use the last N snapshots of the period (default 200).
  --limit N       Show at most N sites (default 10; 0 means all).
  --json          {"service", "type", "unit", "snapshots", "tests", "critical", "notes", "sites": [{"function",
                  "file", "line", "leak", "growth", "slopePerHour", "recentSlopePerHour", "tau", "z",
                  "retained", "allocated", "series"}]} (leaks first, then by growth per hour).
  -h, --help      Show this help.

${ENV_HELP}
Exit status: 0 done; 1 the store or server failed, or the server cannot count snapshots; 2 usage error.
`;

export const command: CliCommand = { help, run: (args, io) => runGrowth(args, io, process.env) };

export async function runGrowth(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const usage = (m: string) => writeUsageError(io.stderr, 'growth', m);
  const parsed = parseCommandArgs('growth', help, args, io, {
    service: { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
    last: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) return usage(`one store expected, got ${positionals.length}`);
  if (!values.service) return usage('--service is required');
  const last = /^\d+$/.test(values.last ?? '200') ? Number(values.last ?? '200') : NaN;
  if (!(last >= 3)) return usage(`--last must be a whole number of at least 3, not '${values.last}'`);
  const limit = /^\d+$/.test(values.limit ?? '10') ? Number(values.limit ?? '10') : NaN;
  if (Number.isNaN(limit)) return usage(`--limit must be a whole number, not '${values.limit}'`);
  const since = values.since ?? '24h';
  const back = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(since.trim());
  const setup = sourceSetup('growth', { from: back ? undefined : since, to: values.until ?? 'now' }, env, io, extraDeps);
  if (typeof setup === 'number') return setup;
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const range = back ? { fromMs: setup.range!.toMs - Number(back[1]) * unitMs[back[2] as keyof typeof unitMs], toMs: setup.range!.toMs } : setup.range!;
  const type = values.type ?? 'inuse_space';
  const warn = (m: string) => io.stderr.write(`perflens growth: warning: ${m}\n`);

  let history;
  // A server's points are buckets (each the bucket's average), a store's are snapshots.
  let points = 'snapshots';
  try {
    const config = parseSourceSpec(positionals[0] ?? '.perflens/store', extraDeps.cwd);
    if (config.kind === 'pprof-http') return usage('memory growth reads a store folder or a Pyroscope or Parca server (collect snapshots into a store with perflens collect)');
    if (config.kind === 'store') {
      const store = new LocalStore(config.root, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER, onWarning: warn });
      history = await storeGrowthHistory(store, { service: values.service, type, range, last }, warn);
    } else {
      points = 'buckets';
      history = await remoteGrowthHistory(createSource(config, setup.deps), { service: values.service, type, range }, warn);
      if (typeof history === 'string') {
        io.stderr.write(`perflens growth: ${history}\n`);
        return EXIT_FAILURE;
      }
    }
  } catch (e) {
    return reportFailure(io, 'growth', e);
  }
  const { snapshots, index, unit, notes } = history;
  const shownType = history.type;
  const grown = memoryGrowth(snapshots);
  const result = { ...grown, notes: [...notes, ...grown.notes] };
  const sites = limit === 0 ? result.sites : result.sites.slice(0, limit);
  const describe = (key: number) => {
    const site = parseSiteKey(index.keys[key]);
    return { function: site.name, file: site.fileTail, line: site.line > 0 ? site.line : null };
  };
  const siteJson = (s: SiteGrowth) => ({ ...describe(s.key), leak: s.leak, growth: s.growth, slopePerHour: s.slopePerHour, recentSlopePerHour: s.recentSlopePerHour, tau: s.tau, z: s.z, retained: s.retained ?? null, allocated: s.allocated ?? null, series: [...s.series] });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({
      service: values.service, type: shownType, unit, snapshots: result.snapshots, tests: result.tests, critical: Number.isFinite(result.critical) ? result.critical : null, notes: result.notes,
      sites: sites.map(siteJson),
      churn: result.churn.map(siteJson),
    })}\n`);
    return EXIT_OK;
  }
  const out = [`${values.service}, ${shownType}: ${result.snapshots} ${points}${result.snapshots > 0 ? ` from ${new Date(result.times[0]).toISOString()} to ${new Date(result.times[result.times.length - 1]).toISOString()}` : ''}; in use at the last: ${formatValue(result.totals[result.totals.length - 1] ?? 0, unit)}`];
  for (const n of result.notes) out.push(`  ${n}`);
  const leaks = result.sites.filter((s) => s.leak).length;
  out.push(leaks > 0 ? `${leaks} site${leaks === 1 ? '' : 's'} growing steadily (leak${leaks === 1 ? '' : 's'}), first:` : 'No site grows steadily beyond its own scatter.');
  for (const s of sites) {
    const d = describe(s.key);
    const retained = s.retained === undefined ? '' : `, retains ${(s.retained * 100).toFixed(0)}% of ${formatValue(s.allocated ?? 0, unit)} allocated`;
    out.push(`  ${s.leak ? 'LEAK ' : '     '}+${formatValue(s.slopePerHour, unit)}/h  ${sparkline(s.series, 40)}  ${d.function}  (${d.file}${d.line ? `:${d.line}` : ''})  tau ${s.tau.toFixed(2)}${retained}`);
  }
  if (result.churn.length > 0) {
    out.push('Churn (allocates much, keeps little; not leaks), most allocated first:');
    for (const s of result.churn.slice(0, limit === 0 ? undefined : limit)) {
      const d = describe(s.key);
      out.push(`       ${formatValue(s.allocated ?? 0, unit)} allocated, ${((s.retained ?? 0) * 100).toFixed(0)}% kept  ${d.function}  (${d.file}${d.line ? `:${d.line}` : ''})`);
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}

/**
 * A server's in-use history over the range, as the editor's Memory growth view reads it (sources/remoteGrowth.ts):
 * round buckets narrowed to the profiles, each merge divided by its snapshots per series; a sentence when the
 * server cannot count them.
 */
async function remoteGrowthHistory(source: ProfileSource, query: { service: string; type: string; range: TimeRange }, warn: (m: string) => void): Promise<GrowthHistory | string> {
  const found = await remoteSnapshots(source, { ...query, untilMs: query.range.toMs, spanMs: query.range.toMs - query.range.fromMs, buckets: REMOTE_BUCKETS }, warn);
  if (!found) return countsUnavailable(source);
  const history = bucketGrowthHistory(found.buckets, found.widthMs, query.type, warn);
  return { ...history, notes: [`in-use memory ${found.provenance}`, ...found.notes] };
}
