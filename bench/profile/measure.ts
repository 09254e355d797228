/**
 * One measurement in a fresh process (run by run.ts, bundled with esbuild so no TypeScript loader inflates the
 * memory figure): `node measure.js <perflens|perflens-tree|perflens-lines|perflens-analysis|pprof-format|baseline> <profile.pb>
 * [workspace]` prints one JSON line {decodeMs, aggregateMs, cpuMs, maxRssKB, rows, total}. maxRSS is the process's
 * peak resident set (process.resourceUsage), so it includes the input file buffer and Node itself; cpuMs is the
 * whole process's CPU time (user + system, start-up included), the figure a loaded machine disturbs least.
 */
import { readFileSync } from 'node:fs';
import { Profile as PprofFormatProfile } from 'pprof-format';
import { callTree } from '../../src/core/aggregate/callTree';
import { frameFlat } from '../../src/core/aggregate/flatCum';
import { workspaceLineCosts } from '../../src/core/aggregate/lineCosts';
import { topTable } from '../../src/core/aggregate/topTable';
import { workspaceCoverage } from '../../src/core/aggregate/workspaceCoverage';
import { mapToWorkspace } from '../../src/core/symbolicate/workspaceMapping';
import { FlatCumMemo } from '../../src/core/aggregate/flatCumMemo';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { select } from '../../src/core/query/select';
import { analyzeSelection } from '../../src/core/workspace/analyzeWorkspace';
import { naiveTopByFunction } from './naiveAggregate';

const [tool, file, workspace] = process.argv.slice(2);

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

/** `top` by function; with `tree`, also the flame graph's call tree (as the worker cuts it for a page). */
function perflens(tree: boolean) {
  // The path `perflens top` takes: read, gunzip if needed, decode (the file buffer is freed after decoding).
  const [profile, decodeMs] = timed(() => readProfileFile(file));
  const [table, aggregateMs] = timed(() => {
    const selection = select(buildModel([profile], { consumeProfiles: true }));
    const flatCum = topTable(selection, 'function');
    if (tree) callTree(selection, { maxNodes: 1 << 18 });
    return flatCum;
  });
  return { decodeMs, aggregateMs, rows: table.count, total: table.total };
}

/** What `perflens lines` computes: the model mapped onto a workspace, flat/cum per workspace line, coverage. */
async function perflensLines() {
  const [profile, decodeMs] = timed(() => readProfileFile(file));
  const start = performance.now();
  const selection = select(buildModel([profile], { consumeProfiles: true }));
  const mapping = await mapToWorkspace(selection.model, { roots: [{ name: 'ws', location: workspace }], gitEnabled: false });
  const lines = workspaceLineCosts(selection, mapping);
  workspaceCoverage(selection, mapping, frameFlat(selection));
  return { decodeMs, aggregateMs: performance.now() - start, rows: lines.files.reduce((n, f) => n + f.lines.length, 0), total: lines.total };
}

/**
 * What the profile worker computes for the editor's heat on a load (its analyze request): the model, the selection
 * (with the worker's memo of flat and cum), mapped onto the workspace, line, frame and function costs, coverage —
 * without call edges, which the editor asks for after the heat.
 */
async function perflensAnalysis() {
  const [profile, decodeMs] = timed(() => readProfileFile(file));
  const start = performance.now();
  const model = buildModel([profile], { consumeProfiles: true });
  const mapping = await mapToWorkspace(model, { roots: [{ name: 'ws', location: workspace }], gitEnabled: false });
  const selection = select(model, {}, { frameClass: mapping.frames.classCode, flatCums: new FlatCumMemo() });
  const analysis = analyzeSelection(selection, mapping, true, false);
  return { decodeMs, aggregateMs: performance.now() - start, rows: analysis.files.reduce((n, f) => n + f.lines.length, 0), total: analysis.total };
}

function pprofFormat() {
  const [profile, decodeMs] = timed(() => PprofFormatProfile.decode(readFileSync(file)));
  const [top, aggregateMs] = timed(() => naiveTopByFunction(profile));
  return { decodeMs, aggregateMs, rows: top.rows, total: top.total };
}

async function main() {
  const result = tool === 'perflens' ? perflens(false)
    : tool === 'perflens-tree' ? perflens(true)
      : tool === 'perflens-lines' ? await perflensLines()
        : tool === 'perflens-analysis' ? await perflensAnalysis()
        : tool === 'pprof-format' ? pprofFormat()
          : { decodeMs: 0, aggregateMs: 0, rows: 0, total: 0 };
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

void main();
