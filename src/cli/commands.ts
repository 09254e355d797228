/**
 * The subcommand table: adding a command is one line here plus its module in commands/, which exports
 * `command: CliCommand`. Modules load on demand, so `perflens top` does not load every command's code.
 */
import type { CliCommand } from './io';

export interface CommandEntry {
  /** One line for `perflens --help`. */
  readonly summary: string;
  readonly load: () => Promise<{ command: CliCommand }>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  check: { summary: 'release gate: fail when a function\'s share rose by more than N points between two releases', load: () => import('./commands/check') },
  collect: { summary: 'collect profiles continuously into the local store: scrape pprof endpoints, accept Pyroscope SDK pushes', load: () => import('./commands/collect') },
  diff: { summary: 'what changed between two releases\' profiles, per function, beyond sampling noise', load: () => import('./commands/diff') },
  fetch: { summary: 'fetch profiles from a store, a live pprof endpoint, Pyroscope or Parca into .pb.gz files', load: () => import('./commands/fetch') },
  growth: { summary: 'memory that keeps growing: allocation sites ranked by steady growth of retained memory across heap snapshots', load: () => import('./commands/growth') },
  labels: { summary: 'the samples\' labels: per key its share of the cost and its costliest values (like go tool pprof -tags)', load: () => import('./commands/labels') },
  lines: { summary: 'cost per workspace line after path mapping, source maps and line drift', load: () => import('./commands/lines') },
  mcp: { summary: 'serve the Model Context Protocol on stdio: tools for AI agents over production profiles', load: () => import('./commands/mcp') },
  sources: { summary: 'list the services, profile types and versions a profile source has', load: () => import('./commands/sources') },
  top: { summary: 'flat and cumulative cost per function, line or file (like go tool pprof -top)', load: () => import('./commands/top') },
  trend: { summary: 'functions whose share rose over the last days, hours or versions, beyond sampling noise (a nightly gate with --max-rise)', load: () => import('./commands/trend') },
};
