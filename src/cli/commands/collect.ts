/** `perflens collect`: continuous collection into the local store (scrape pprof endpoints, Pyroscope-style ingest). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Collector } from '../../collector/collector';
import {
  ConfigError, DEFAULT_CPU_SECONDS, DEFAULT_INTERVAL_MS, DEFAULT_RETENTION_EVERY_MS,
  cpuSecondsOf, durationOf, loadConfigFile, parseListen, sizeOf, type CollectorConfig,
} from '../../collector/config';
import { DEFAULT_SCRAPE_KINDS, parseScrapeKinds } from '../../collector/scrape-kinds';
import { splitCommand, type VersionSpec } from '../../collector/version-source';
import { defaultStorePath } from '../../sources/store/layout';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';

const help = `Usage: perflens collect --target URL --service S [--version V | --version-command CMD | --version-url URL] [options]
       perflens collect --ingest [HOST:]PORT [options]
       perflens collect --config FILE

Collects profiles continuously into the local store (<service>/<version>/<type>/<unix millis>.pb.gz), which the
editor and 'perflens top'/'fetch' read while collection goes on. Stops cleanly on Ctrl-C / SIGTERM: a capture in
flight is discarded, a write in progress is finished, no partial file is ever left.

Scraping a Go net/http/pprof endpoint (or the same routes from @datadog/pprof):
  --target URL          http://host:port (then /debug/pprof is used) or the full pprof base URL.
  --service S           Service name for the stored profiles.
  --version V           Version label (default unknown), or read it from:
  --version-command CMD   a command's first output line, e.g. "git rev-parse HEAD" (run without a shell), or
  --version-url URL       a URL answering the version as text (re-read every interval, so redeploys show up).
  --types LIST          Of cpu, heap (or allocs), mutex, block, goroutine; default ${DEFAULT_SCRAPE_KINDS.join(',')}.
                        cpu: back-to-back captures; heap, goroutine: a snapshot every interval; mutex, block:
                        back-to-back deltas of one interval each.
  --cpu-seconds N       Length of each CPU capture (default ${DEFAULT_CPU_SECONDS}).
  --interval D          Snapshot interval and mutex/block window (default ${DEFAULT_INTERVAL_MS / 1000}s).

Receiving pushes from Pyroscope SDKs (point the SDK's server address at http://HOST:PORT):
  --ingest [HOST:]PORT  Serve Pyroscope's POST /ingest (pprof, raw or multipart: Go, Node, older Python
                        SDKs) and its Connect push API POST /push.v1.PusherService/Push (current Python
                        and Ruby SDKs, Grafana Alloy). Default host 127.0.0.1. Set PERFLENS_INGEST_TOKEN
                        to require 'Authorization: Bearer <token>'.
  --max-body SIZE       Largest upload accepted (default 16MB; larger ones get 413).
  --otlp-profiles-alpha Also accept OpenTelemetry profiles: POST /v1development/profiles, OTLP/HTTP protobuf
                        (gzip allowed), as the OpenTelemetry eBPF profiler and Collector export them. The
                        signal is alpha: pinned to the v1development proto Pyroscope and Parca accept
                        (go.opentelemetry.io/proto/otlp/profiles/v1development v0.3.0).

Everything:
  --store DIR           The store folder (default ./.perflens/store).
  --duration D          Stop after D (e.g. 5m); default: run until interrupted.
  --retention-age D     Delete stored profiles older than D (e.g. 7d).
  --retention-size SIZE Delete the oldest profiles while the store is larger than SIZE (e.g. 2GB).
  --compact-after D     Merge profiles older than D into one per hour (CPU/wall/mutex/block summed; heap and
                        goroutine keep the hour's newest snapshot).
  --config FILE         JSON config for several targets (see src/collector/config.ts); other flags not allowed.
  -q, --quiet           Do not print a line per stored profile.
  -h, --help            Show this help.

Exit status: 0 stopped cleanly; 1 could not start (port in use, store not writable); 2 usage error.
`;

export const command: CliCommand = {
  help,
  run(args, io) {
    return runCollect(args, io, process.env);
  },
};

function usageError(io: CliIo, message: string): number {
  return writeUsageError(io.stderr, 'collect', message);
}

export async function runCollect(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv, signals: NodeJS.EventEmitter = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      options: {
        store: { type: 'string' },
        target: { type: 'string' },
        service: { type: 'string' },
        version: { type: 'string' },
        'version-command': { type: 'string' },
        'version-url': { type: 'string' },
        types: { type: 'string' },
        'cpu-seconds': { type: 'string' },
        interval: { type: 'string' },
        duration: { type: 'string' },
        ingest: { type: 'string' },
        'max-body': { type: 'string' },
        'otlp-profiles-alpha': { type: 'boolean' },
        'retention-age': { type: 'string' },
        'retention-size': { type: 'string' },
        'compact-after': { type: 'string' },
        config: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(help);
    return EXIT_OK;
  }
  let config: CollectorConfig;
  try {
    if (v.config) {
      const others = Object.keys(v).filter((k) => !['config', 'quiet'].includes(k));
      if (others.length > 0) return usageError(io, `--config cannot be combined with --${others[0]}`);
      config = loadConfigFile(v.config);
    } else {
      config = configFromFlags(v);
    }
  } catch (e) {
    if (e instanceof ConfigError) return usageError(io, e.message);
    throw e;
  }

  const collector = new Collector(config, {
    onStored: v.quiet ? undefined : (e) => io.stdout.write(`${e.via}\t${e.path}\t${e.type}\t${e.service}\t${e.version}\t${new Date(e.timeMs).toISOString()}\t${e.bytes} bytes\n`),
    onWarning: (m) => io.stderr.write(`perflens collect: warning: ${m}\n`),
    onRejected: (status, reason) => io.stderr.write(`perflens collect: ingest refused an upload (${status}): ${reason}\n`),
    onIngestListening: (url) => io.stderr.write(`perflens collect: ingest listening on ${url}/ingest and ${url}/push.v1.PusherService/Push${config.ingest?.otlpProfilesAlpha ? ` and ${url}/v1development/profiles (OTLP, alpha)` : ''}${env.PERFLENS_INGEST_TOKEN ? ' (bearer token required)' : ''}\n`),
    onCompaction: (written, replaced) => io.stderr.write(`perflens collect: compaction merged ${replaced} profile(s) into ${written}\n`),
    onRetention: (deleted) => { if (deleted > 0) io.stderr.write(`perflens collect: retention deleted ${deleted} profile(s)\n`); },
  }, env.PERFLENS_INGEST_TOKEN || undefined);
  const onSignal = (name: string) => {
    io.stderr.write(`perflens collect: ${name}: stopping (finishing writes in progress)\n`);
    void collector.stop();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);
  try {
    io.stderr.write(`perflens collect: storing into ${config.store}${config.targets.map((t) => `; scraping ${t.url} as ${t.service} (${t.kinds.join(',')})`).join('')}\n`);
    await collector.run();
    return EXIT_OK;
  } catch (e) {
    io.stderr.write(`perflens collect: ${(e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the ingest port is already in use' : (e as Error).message}\n`);
    await collector.stop().catch(() => {});
    return EXIT_FAILURE;
  } finally {
    signals.off('SIGINT', onInt);
    signals.off('SIGTERM', onTerm);
  }
}

function configFromFlags(v: Record<string, string | boolean | undefined>): CollectorConfig {
  const s = (k: string) => v[k] as string | undefined;
  if (!s('target') && !s('ingest')) throw new ConfigError('give --target URL (and --service), --ingest PORT, or --config FILE');
  if (v['otlp-profiles-alpha'] && !s('ingest')) throw new ConfigError('--otlp-profiles-alpha serves OTLP on the ingest endpoint: give --ingest [HOST:]PORT too');
  const versionFlags = ['version', 'version-command', 'version-url'].filter((k) => s(k) !== undefined);
  if (versionFlags.length > 1) throw new ConfigError(`give only one of --${versionFlags.join(', --')}`);
  let version: VersionSpec = { kind: 'fixed', version: s('version') ?? 'unknown' };
  if (s('version-command')) {
    const argv = splitCommand(s('version-command')!);
    if (argv.length === 0) throw new ConfigError('--version-command is empty');
    version = { kind: 'command', argv, cwd: process.cwd() };
  } else if (s('version-url')) version = { kind: 'url', url: s('version-url')! };
  const targets = [];
  if (s('target')) {
    if (!s('service')) throw new ConfigError('--service is required with --target');
    let kinds;
    try {
      kinds = s('types') ? parseScrapeKinds(s('types')!) : [...DEFAULT_SCRAPE_KINDS];
      new URL(s('target')!);
    } catch (e) {
      throw new ConfigError(`${(e as Error).message}`);
    }
    targets.push({
      url: s('target')!,
      service: s('service')!,
      version,
      kinds,
      cpuSeconds: s('cpu-seconds') === undefined ? DEFAULT_CPU_SECONDS : cpuSecondsOf(s('cpu-seconds')),
      intervalMs: s('interval') === undefined ? DEFAULT_INTERVAL_MS : durationOf(s('interval'), '--interval'),
    });
  }
  const retention = s('retention-age') || s('retention-size') || s('compact-after')
    ? {
        compactAfterMs: s('compact-after') ? durationOf(s('compact-after'), '--compact-after') : undefined,
        maxAgeMs: s('retention-age') ? durationOf(s('retention-age'), '--retention-age') : undefined,
        maxBytes: s('retention-size') ? sizeOf(s('retention-size'), '--retention-size') : undefined,
        everyMs: DEFAULT_RETENTION_EVERY_MS,
      }
    : undefined;
  return {
    store: resolve(s('store') ?? defaultStorePath(process.cwd())),
    targets,
    ingest: s('ingest') ? { ...parseListen(s('ingest')!), maxBodyBytes: s('max-body') ? sizeOf(s('max-body'), '--max-body') : undefined, otlpProfilesAlpha: v['otlp-profiles-alpha'] === true } : undefined,
    retention,
    durationMs: s('duration') ? durationOf(s('duration'), '--duration') : undefined,
  };
}
