/**
 * The agent tools of `perflens mcp`: top_functions, line_costs, compare, function_detail. Each takes a selection
 * (source, service, type, version, time range, label filter — all optional, defaults said in the answer) and
 * returns text an agent can quote plus structured content. Read-only; bounded (limits capped, names clipped,
 * one call computed at a time); files are named relative to the workspace and only looked up among the files
 * PerfLens mapped itself.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { boundedLimit, type AgentAnswer } from '../../core/answers/answer';
import { compareSelections } from '../../core/answers/compare';
import { functionDetail } from '../../core/answers/functionDetail';
import { lineCosts, MAX_LINES } from '../../core/answers/lineCosts';
import { topFunctions } from '../../core/answers/topFunctions';
import { workspaceRelativePath } from '../../core/answers/workspacePath';
import { SampleTypeError } from '../../core/aggregate/sampleType';
import { ProfileError } from '../../core/profile/errors';
import { MAX_LABEL_FILTER_LENGTH } from '../../core/query/labels';
import type { WorkspaceRootInfo } from '../../core/symbolicate/path-rules';
import { SourceError } from '../../sources/errors';
import { ToolInputError, type SelectionArgs, type SelectionLoader } from './selectionLoader';
import { functionDetailOutput, lineCostsOutput, comparisonOutput, topFunctionsOutput } from './toolOutputs';

export interface ToolContext {
  readonly loader: SelectionLoader;
  readonly root: WorkspaceRootInfo & { location: string };
  /** Git may run in the workspace (line drift from the profiled commit). */
  readonly gitEnabled: boolean;
  readonly warn?: (message: string) => void;
}

const text = (max: number, what: string) => z.string().max(max).describe(what);

function selectionShape(sourceNames: readonly string[]) {
  return {
    source: text(200, `Which configured source to read: ${sourceNames.map((n) => `'${n}'`).join(', ')} (default '${sourceNames[0]}').`).optional(),
    service: text(256, 'The service (default: the only one, or the workspace\'s own).').optional(),
    type: text(64, 'Profile type: cpu, wall, alloc_space, alloc_objects, inuse_space, inuse_objects, mutex_delay, block_delay, goroutine... (default cpu).').optional(),
    version: text(256, 'One version (release, git SHA or tag) of the service (default: all).').optional(),
    from: text(64, 'Start of the time range: now-1h, an ISO date/time, Unix seconds or ms (default: all the source has; remote sources: the last hour).').optional(),
    to: text(64, 'End of the time range (default now).').optional(),
    labels: text(MAX_LABEL_FILTER_LENGTH, 'Sample label filter, PromQL style: {endpoint="/checkout", region=~"eu-.*"} (=, !=, =~, !~).').optional(),
  };
}

const limitArg = (fallback: number) => z.number().describe(`Most rows to return (default ${fallback}, at most 100).`).optional();

export function registerTools(server: McpServer, context: ToolContext): void {
  const selection = selectionShape(context.loader.sourceNames);
  const annotations = { readOnlyHint: true, idempotentHint: true, destructiveHint: false };
  const serial = serialQueue();

  server.registerTool('top_functions', {
    title: 'Top functions',
    description: 'Where a service\'s production cost (CPU, allocations, wall time, lock contention...) goes, per function: self and total cost with shares, like `go tool pprof -top`.',
    inputSchema: { ...selection, limit: limitArg(20), order: z.enum(['self', 'total']).describe('Rank by self cost (default) or total cost including callees.').optional() },
    outputSchema: topFunctionsOutput,
    annotations,
  }, (args) => serial(async () => {
    const notes: string[] = [];
    const { limit, note } = boundedLimit(args.limit, 20);
    if (note) notes.push(note);
    const loaded = await context.loader.load(args, notes);
    return topFunctions({ profiles: loaded.profiles, sampleType: loaded.sampleType, limit, order: args.order }, loaded, context.warn);
  }));

  server.registerTool('line_costs', {
    title: 'Cost per line of a file',
    description: `A workspace file's production cost per line (1-based lines of today's text, after path mapping, source maps and git line drift): total and self with shares, and the line's text. At most ${MAX_LINES} lines (the costliest).`,
    inputSchema: { ...selection, file: text(4096, 'The file, relative to the workspace folder (e.g. internal/search/search.go).') },
    outputSchema: lineCostsOutput,
    annotations,
  }, (args) => serial(async () => {
    const file = workspaceRelativePath(args.file);
    if ('error' in file) throw new ToolInputError(file.error);
    const loaded = await context.loader.load(args);
    return lineCosts({ profiles: loaded.profiles, sampleType: loaded.sampleType, root: context.root, file: file.path, gitEnabled: context.gitEnabled }, loaded, context.warn);
  }));

  const side = z.object(selection).describe('This side\'s selection; fields left out are taken from the shared ones.');
  server.registerTool('compare', {
    title: 'Compare two selections',
    description: 'Compares two selections of the same profile type (two versions, two time ranges, a label value vs the rest...): functions ranked by the change of their share of each side\'s total, with a sampling-noise test (two-proportion z-test, Bonferroni-corrected) saying which changes are real.',
    inputSchema: { ...selection, base: side, head: side, limit: limitArg(10) },
    outputSchema: comparisonOutput,
    annotations,
  }, (args) => serial(async () => {
    const { base, head, limit: requested, ...shared } = args;
    const { limit, note } = boundedLimit(requested, 10);
    const baseSel = await context.loader.load(merged(shared, base), note ? [note] : []);
    const headSel = await context.loader.load(merged(shared, head));
    return compareSelections({ base: baseSel.profiles, head: headSel.profiles, sampleType: headSel.sampleType, limit, root: context.root, gitEnabled: context.gitEnabled }, baseSel, headSel, context.warn);
  }));

  server.registerTool('function_detail', {
    title: 'Function detail',
    description: 'One function in production: total and self cost, its callers and callees with their cost, its costliest lines, and its share over time when the selection spans several profiles. Give the exact function name as profiles show it (e.g. main.(*Server).handle); otherwise near names are offered.',
    inputSchema: { ...selection, function: text(1024, 'The function\'s name.'), file: text(4096, 'Part of the function\'s file path, to pick among functions of the same name.').optional() },
    outputSchema: functionDetailOutput,
    annotations,
  }, (args) => serial(async () => {
    const loaded = await context.loader.load(args);
    return functionDetail({ profiles: loaded.profiles, sampleType: loaded.sampleType, function: args.function, file: args.file, root: context.root, gitEnabled: context.gitEnabled, history: loaded.history }, loaded, context.warn);
  }));
}

function merged(shared: SelectionArgs, side: SelectionArgs): SelectionArgs {
  const out: Record<string, string | undefined> = { ...shared };
  for (const [k, v] of Object.entries(side)) if (v !== undefined) out[k] = v;
  return out;
}

/** Runs one tool call at a time (each may decode hundreds of MB), and turns its outcome into a tool result. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return (work: () => Promise<AgentAnswer<object>>): Promise<CallToolResult> => {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run.then(
      (answer) => ({ content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured as Record<string, unknown> }),
      (e: unknown) => ({ isError: true, content: [{ type: 'text', text: errorText(e) }] }),
    );
  };
}

function errorText(e: unknown): string {
  if (e instanceof ToolInputError || e instanceof SourceError || e instanceof ProfileError || e instanceof SampleTypeError) return e.message;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}
