/** `perflens fetch`: profiles from a store, a live pprof endpoint, Pyroscope or Parca, written as .pb.gz files. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { mergePprof } from '../../collector/merge-pprof';
import { encodePprof } from '../../core/profile/encode';
import { parseProfile } from '../../core/profile/parse';
import { FilterError } from '../../core/query/filtersError';
import { formatLabelFilter, parseLabelFilter, type LabelMatcher } from '../../core/query/labels';
import { filterByLabels } from '../../core/selection/filterByLabels';
import { ENV_HELP, reportFailure, SOURCE_HELP, type Env } from '../../sources/cli-options';
import { createSource, parseSourceSpec, type SourceDeps } from '../../sources/create-source';
import { encodeSegment } from '../../sources/store/layout';
import type { FetchedProfile } from '../../sources/types';
import { parseCommandArgs } from '../commandArgs';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo, writeUsageError } from '../io';
import { SOURCE_QUERY_OPTIONS, sourceSetup } from '../sourceFlags';

const help = `Usage: perflens fetch <source> --service S --type T [--version V]... [--from T1 --to T2] [--labels SEL]...
                      [--seconds N] -o OUT

Fetches profiles and writes them as gzipped pprof files, ready for 'perflens top' or the editor.

${SOURCE_HELP}
Options:
  --service S     Service name (a store folder, Pyroscope service_name, Parca service label). For a pprof
                  endpoint it only names the profile (default host:port).
  --type T        Profile type: cpu, wall, alloc_space, alloc_objects, inuse_space, inuse_objects, mutex_delay,
                  mutex_contentions, block_delay, block_contentions, goroutine (also: heap, allocs, mutex,
                  block, profile), or the backend's own id (process_cpu:cpu:nanoseconds:cpu:nanoseconds).
  --version V     Only this version (repeat for several: one profile per version from Pyroscope/Parca).
  --from T1       Start of the time range: now-1h, now-30m, 2026-08-01T10:00:00Z, unix seconds or ms.
  --to T2         End of the time range (default now). Default range: the last hour for Pyroscope/Parca,
                  everything for a store. A range longer than Pyroscope allows in one query (its
                  max-query-length, 1d by default) is fetched in windows and merged.
  --labels SEL    Only samples whose labels match, e.g. '{endpoint="POST /checkout",region=~"eu-.*"}' (=, !=, =~,
                  !~; repeatable: all must hold). Pyroscope and Parca select them on the server, so only they are
                  downloaded; the profiles of a store or a pprof endpoint are filtered after reading.
  --seconds N     Capture length for a pprof endpoint (CPU/wall, default 10; for heap/allocs/mutex/block it
                  asks for a delta profile over N seconds).
  --retry-busy N  pprof endpoint: try N more times (1 s apart) when another CPU profile is running.
  --timeout S     Per-request timeout in seconds (default 60, plus the capture length).
  --cache DIR     Cache Pyroscope/Parca results for past time ranges in DIR.
  -o, --output OUT  A file for one profile, or a folder (existing, or ending in /) for one file per profile.
  -h, --help      Show this help.

${ENV_HELP}
Exit status: 0 written; 1 the source failed (unreachable, refused, error reply, no data); 2 usage error.
`;

export const command: CliCommand = {
  help,
  run(args, io) {
    return runFetch(args, io, process.env);
  },
};

function usageError(io: CliIo, message: string): number {
  return writeUsageError(io.stderr, 'fetch', message);
}

/** The command with its environment (and, for tests, extra source dependencies) passed in. */
export async function runFetch(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const parsed = parseCommandArgs('fetch', help, args, io, {
    ...SOURCE_QUERY_OPTIONS,
    version: { type: 'string', multiple: true },
    seconds: { type: 'string' },
    'retry-busy': { type: 'string' },
    timeout: { type: 'string' },
    cache: { type: 'string' },
    output: { type: 'string', short: 'o' },
    labels: { type: 'string', multiple: true },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError(io, positionals.length === 0 ? 'no source given' : `one source expected, got ${positionals.length}`);
  if (!values.type) return usageError(io, '--type is required');
  if (!values.output) return usageError(io, '-o/--output is required');
  const seconds = positiveInt(values.seconds);
  if (values.seconds !== undefined && seconds === undefined) return usageError(io, `--seconds must be a whole number above 0, not '${values.seconds}'`);
  const busy = values['retry-busy'] === undefined ? 0 : positiveInt(values['retry-busy']) ?? -1;
  if (busy < 0) return usageError(io, `--retry-busy must be a whole number above 0, not '${values['retry-busy']}'`);
  let labels: LabelMatcher[];
  try {
    labels = (values.labels ?? []).flatMap((text) => parseLabelFilter(text));
  } catch (e) {
    if (e instanceof FilterError) return usageError(io, e.message);
    throw e;
  }
  const timeout = values.timeout === undefined ? undefined : positiveInt(values.timeout);
  if (values.timeout !== undefined && timeout === undefined) return usageError(io, `--timeout must be a whole number of seconds above 0, not '${values.timeout}'`);

  const setup = sourceSetup('fetch', values, env, io, extraDeps, {
    busyRetries: busy,
    requestTimeoutMs: timeout !== undefined ? timeout * 1000 : undefined,
    cacheDir: values.cache,
  });
  if (typeof setup === 'number') return setup;

  try {
    const config = parseSourceSpec(positionals[0], extraDeps.cwd);
    if (!values.service && config.kind !== 'pprof-http') return usageError(io, '--service is required');
    const source = createSource(config.kind === 'pprof-http' && values.service ? { ...config, service: values.service } : config, setup.deps);
    const service = values.service ?? (await source.listServices())[0];
    const profiles = await source.fetchProfiles({ service, type: values.type, versions: values.version, range: setup.range, seconds, labels });
    return await writeProfiles(io, mergeWindows(io, profiles).map((p) => filteredHere(io, p, labels)), values.output);
  } catch (e) {
    return reportFailure(io, 'fetch', e);
  }
}

async function writeProfiles(io: CliIo, profiles: readonly FetchedProfile[], output: string): Promise<number> {
  const toFolder = output.endsWith('/') || output.endsWith('\\') || (await isDirectory(output));
  if (!toFolder && profiles.length > 1) {
    io.stderr.write(`perflens fetch: ${profiles.length} profiles matched (${describeVersions(profiles)}); give a folder to -o (ending in /) to write each one, or narrow with --version/--from/--to.\n`);
    return EXIT_USAGE;
  }
  try {
    if (toFolder) await mkdir(output, { recursive: true });
    for (const p of profiles) {
      const path = toFolder ? join(output, fileNameFor(p)) : output;
      const bytes = p.gzipped ? p.bytes : gzipSync(p.bytes);
      await writeAtomically(path, bytes);
      io.stdout.write(`${path}\t${p.type}\t${p.service}\t${p.version}\t${new Date(p.timeMs).toISOString()}\t${bytes.length} bytes\n`);
    }
  } catch (e) {
    io.stderr.write(`perflens fetch: cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * A server that limits the range of one query (Pyroscope's max-query-length) answers a longer range in windows,
 * one profile each: those of one service, version and type are merged into one, as the server would have merged
 * the whole range.
 */
function mergeWindows(io: CliIo, profiles: readonly FetchedProfile[]): FetchedProfile[] {
  const groups = new Map<string, FetchedProfile[]>();
  for (const p of profiles) {
    const key = JSON.stringify([p.service, p.version, p.type]);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0];
    const decoded = group.map((p) => {
      parseProfile(p.bytes, p.origin); // refuses a corrupt or hostile reply with a message naming it
      return Profile.decode(p.gzipped ? gunzipSync(p.bytes) : p.bytes);
    });
    const first = group[0];
    const last = group[group.length - 1];
    io.stderr.write(`perflens fetch: ${first.service} ${first.version} ${first.type}: the server answered in ${group.length} time windows (it limits the range of one query); merged into one profile\n`);
    return {
      ...first,
      bytes: gzipSync(mergePprof(decoded, []).encode()),
      gzipped: true,
      durationMs: last.timeMs + (last.durationMs ?? 0) - first.timeMs,
      origin: `${first.origin} and ${group.length - 1} more windows`,
    };
  });
}

/** A profile the source could not filter by label (the store, a pprof endpoint), filtered after reading. */
function filteredHere(io: CliIo, p: FetchedProfile, labels: readonly LabelMatcher[]): FetchedProfile {
  if (labels.length === 0 || p.labels) return p;
  const { profile, kept, of } = filterByLabels(parseProfile(p.bytes, p.origin), labels);
  if (kept === 0) io.stderr.write(`perflens fetch: warning: ${p.origin}: no sample matches ${formatLabelFilter(labels)} (of ${of})\n`);
  return { ...p, bytes: gzipSync(encodePprof(profile)), gzipped: true, labels };
}

function fileNameFor(p: FetchedProfile): string {
  return `${encodeSegment(p.service)}_${encodeSegment(p.version)}_${encodeSegment(p.type)}_${p.timeMs}.pb.gz`;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function describeVersions(profiles: readonly FetchedProfile[]): string {
  const versions = [...new Set(profiles.map((p) => p.version))];
  return `version${versions.length > 1 ? 's' : ''} ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''}`;
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n > 0 ? n : undefined;
}
