/** `perflens sources ls`: what a profile source has — services, profile types, versions with first/last seen. */
import { ENV_HELP, reportFailure, SOURCE_HELP, type Env } from '../../sources/cli-options';
import { createSource, type SourceDeps } from '../../sources/create-source';
import type { ProfileTypeInfo, VersionInfo } from '../../sources/types';
import { parseCommandArgs } from '../commandArgs';
import { EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { SOURCE_QUERY_OPTIONS, sourceSetup } from '../sourceFlags';

const help = `Usage: perflens sources ls <source> [--service S] [--type T] [--from T1 --to T2] [--json]

Lists what a profile source has: its services and profile types; with --service, that service's profile types
and versions (with the first and last time each was seen).

${SOURCE_HELP}
Options:
  --service S   List this service's types and versions.
  --type T      Versions seen with this profile type (default: the service's first type).
  --from T1     Start of the period to look at (default: the last 24 hours for Pyroscope/Parca, all for a
                store): now-7d, 2026-08-01T10:00:00Z, unix seconds or ms.
  --to T2       End of the period (default now).
  --json        One JSON object: {"services": [...], "types": [{"type", "sourceId", "sampleType", "unit"}],
                "versions": [{"version", "firstSeen", "lastSeen", "label"}]} (times ISO 8601 or null).
  -h, --help    Show this help.

${ENV_HELP}
Exit status: 0 listed; 1 the source failed; 2 usage error.
`;

export const command: CliCommand = {
  help,
  run(args, io) {
    return runSources(args, io, process.env);
  },
};

function usageError(io: CliIo, message: string): number {
  return writeUsageError(io.stderr, 'sources', message);
}

export async function runSources(args: readonly string[], io: CliIo, env: Env, extraDeps: SourceDeps = {}): Promise<number> {
  const parsed = parseCommandArgs('sources', help, args, io, { ...SOURCE_QUERY_OPTIONS, json: { type: 'boolean' } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [sub, spec, ...extra] = positionals;
  if (sub !== 'ls') return usageError(io, sub === undefined ? "missing subcommand: use 'perflens sources ls <source>'" : `unknown subcommand '${sub}' (only 'ls')`);
  if (spec === undefined) return usageError(io, 'no source given');
  if (extra.length > 0) return usageError(io, `unexpected argument '${extra[0]}'`);
  const setup = sourceSetup('sources', values, env, io, extraDeps);
  if (typeof setup === 'number') return setup;
  const { range } = setup;

  try {
    const source = createSource(spec, setup.deps);
    const services = await source.listServices({ range });
    const types = await source.listProfileTypes(values.service, { range });
    const versions = values.service ? await source.listVersions(values.service, { range, type: values.type }) : undefined;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ services, types, versions: versions?.map(versionJson) ?? null }, null, 2)}\n`);
    } else {
      io.stdout.write(formatText(source.displayName, services, types, values.service, versions));
    }
    return EXIT_OK;
  } catch (e) {
    return reportFailure(io, 'sources', e);
  }
}

function versionJson(v: VersionInfo) {
  return { version: v.version, firstSeen: iso(v.firstSeenMs), lastSeen: iso(v.lastSeenMs), label: v.label ?? null };
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function formatText(name: string, services: readonly string[], types: readonly ProfileTypeInfo[], service: string | undefined, versions: readonly VersionInfo[] | undefined): string {
  const lines = [`${name}`, '', `services (${services.length}):`, ...services.map((s) => `  ${s}`)];
  lines.push('', `profile types${service ? ` of ${service}` : ''} (${types.length}):`);
  const width = Math.max(0, ...types.map((t) => t.type.length));
  for (const t of types) lines.push(`  ${t.type.padEnd(width)}  ${t.sourceId === t.type ? '' : t.sourceId}`.trimEnd());
  if (service && versions) {
    lines.push('', `versions of ${service} (${versions.length}, oldest first):`);
    const vw = Math.max(0, ...versions.map((v) => v.version.length));
    for (const v of versions) lines.push(`  ${v.version.padEnd(vw)}  first ${iso(v.firstSeenMs) ?? '?'}  last ${iso(v.lastSeenMs) ?? '?'}`);
  }
  return `${lines.join('\n')}\n`;
}
