/**
 * `perflens mcp`: the Model Context Protocol over stdio, so AI agents (Claude, Copilot, Cursor...) can ask about
 * production profiles: top_functions, line_costs, compare, function_detail (src/cli/mcp/tools.ts). stdout carries
 * the protocol only; warnings go to stderr.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../../package.json';
import { ENV_HELP, depsFromEnv, type Env } from '../../sources/cli-options';
import { createSource, parseSourceSpec, type SourceDeps } from '../../sources/create-source';
import { SourceError } from '../../sources/errors';
import { defaultStorePath } from '../../sources/store/layout';
import { detectWorkspaceService } from '../../sources/workspace-service';
import { parseCommandArgs } from '../commandArgs';
import { EXIT_OK, type CliCommand, type CliIo, writeUsageError } from '../io';
import { SelectionLoader, type NamedSource } from '../mcp/selectionLoader';
import { createMcpServer } from '../mcp/server';

const help = `Usage: perflens mcp [--root DIR] [--store DIR] [--source [NAME=]URL]... [--no-git]

Serves the Model Context Protocol on stdin/stdout for AI agents, with read-only tools over production profiles:
  top_functions    where the cost goes, per function (self and total, with shares)
  line_costs       a workspace file's cost per line (today's lines)
  compare          two selections (versions, time ranges, label filters) → ranked changes beyond sampling noise
  function_detail  one function: callers, callees, costliest lines, share over time
Each tool takes a selection: source, service, type, version, from/to and a label filter such as
{endpoint="/checkout"}; defaults (the store, the workspace's service, cpu, all time) are said in each answer.

An agent's configuration, e.g. for VS Code (.vscode/mcp.json):
  {"servers": {"perflens": {"command": "perflens", "args": ["mcp", "--root", "\${workspaceFolder}"]}}}

Options:
  --root DIR          The workspace folder: files are named relative to it and read only inside it
                      (default: the current folder).
  --store DIR         The local store (default: <root>/.perflens/store). It is the source named 'store'.
  --source [NAME=]URL Also a Pyroscope, Parca or pprof source (pyroscope+https://…, parca+https://…,
                      pprof+http://…), named NAME for the tools (default: its kind). Repeatable.
  --no-git            Do not run git (no line drift from the profiled commit).
  -h, --help          Show this help.

${ENV_HELP}`;

export const command: CliCommand = {
  help,
  run: (args, io) => runMcp(args, io, process.env, { stdin: process.stdin, stdout: process.stdout }),
};

export interface McpStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
}

/** Serves until stdin closes; returns the exit code. */
export async function runMcp(args: readonly string[], io: CliIo, env: Env, streams: McpStreams, extraDeps: SourceDeps = {}): Promise<number> {
  const parsed = parseCommandArgs('mcp', help, args, io, {
    root: { type: 'string' },
    store: { type: 'string' },
    source: { type: 'string', multiple: true },
    'no-git': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (m: string) => writeUsageError(io.stderr, 'mcp', m);
  if (positionals.length > 0) return usage(`unexpected argument '${positionals[0]}'`);
  const root = resolve(values.root ?? '.');
  if (!isFolder(root)) return usage(`--root ${values.root ?? '.'} is not a folder`);
  const fromEnv = depsFromEnv(env);
  if ('error' in fromEnv) return usage(fromEnv.error);
  const warn = (m: string) => io.stderr.write(`perflens mcp: warning: ${m}\n`);
  const deps: SourceDeps = { ...fromEnv.deps, onWarning: warn, cwd: root, ...extraDeps };

  const sources: NamedSource[] = [{ name: 'store', source: createSource({ kind: 'store', root: resolve(root, values.store ?? defaultStorePath(root)) }, deps) }];
  for (const spec of values.source ?? []) {
    const m = /^([A-Za-z][\w.-]{0,63})=(.+)$/s.exec(spec);
    const url = m && !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) ? m[2] : spec;
    try {
      const config = parseSourceSpec(url, root);
      const name = m && url === m[2] ? m[1] : config.kind;
      if (sources.some((s) => s.name === name)) return usage(`two sources are named '${name}': name them with --source NAME=URL`);
      sources.push({ name, source: createSource(config, deps) });
    } catch (e) {
      if (e instanceof SourceError) return usage(e.message);
      throw e;
    }
  }

  const readRootFile = (path: string) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const loader = new SelectionLoader({ sources, limits: deps.limits, workspaceService: detectWorkspaceService(readRootFile)?.name });
  const server = createMcpServer({ loader, root: { name: basename(root), location: root }, gitEnabled: !values['no-git'], warn }, version);
  const transport = new StdioServerTransport(streams.stdin, streams.stdout);
  const closed = new Promise<void>((done) => {
    server.server.onclose = done;
    streams.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
  return EXIT_OK;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

