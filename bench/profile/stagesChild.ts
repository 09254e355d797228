/** The child of stages.ts: one run's stages in a fresh process, run with --expose-gc. */
import { workspaceLineCosts } from '../../src/core/aggregate/lineCosts';
import { topTable } from '../../src/core/aggregate/topTable';
import { workspaceCoverage } from '../../src/core/aggregate/workspaceCoverage';
import { frameFlat } from '../../src/core/aggregate/flatCum';
import { buildModel } from '../../src/core/model/buildModel';
import { modelBytes } from '../../src/core/model/types';
import { select } from '../../src/core/query/select';
import { readProfiles, readProfilesFile } from '../../src/core/readers';
import { mapToWorkspace } from '../../src/core/symbolicate/workspaceMapping';
import { analyzeSelection } from '../../src/core/workspace/analyzeWorkspace';

/** @param asWorker read the file as the profile worker does (a gzipped one inflated while it is read), not as the CLI */
async function main(file: string, workspace: string | undefined, asWorker: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`.padStart(7);
  const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  let last = cpuNow();
  console.log('stage                       cpu   peak RSS | kept: rss    heap buffers');
  const stage = async (name: string) => {
    const cpu = cpuNow() - last;
    const peak = process.resourceUsage().maxRSS * 1024;
    // V8 frees collected ArrayBuffers' memory after the collection: collect, wait, collect again.
    gc();
    await new Promise((r) => setTimeout(r, 200));
    gc();
    const m = process.memoryUsage();
    console.log(`${name.padEnd(24)} ${`${Math.round(cpu)} ms`.padStart(8)} ${mb(peak)} | ${mb(m.rss)} ${mb(m.heapUsed)} ${mb(m.arrayBuffers)}`);
    last = cpuNow();
  };
  await stage('node + code');
  let profiles: ReturnType<typeof readProfiles> | undefined = asWorker ? await readProfilesFile(file) : readProfiles(file);
  await stage(asWorker ? 'read + decode (worker)' : 'read + decode');
  const model = buildModel(profiles, { consumeProfiles: true }); // as readModel (the CLI, the worker)
  await stage('model (profile alive)');
  profiles = undefined;
  await stage('profile let go');
  const selection = select(model);
  await stage('select');
  topTable(selection, 'function');
  await stage('top by function');
  console.log(`model: ${mb(modelBytes(model))} of columns, stacks ${model.stacks.count}, stack frames ${model.stacks.frames.length}, frames ${model.frames.count}, rows ${model.rows.count}`);
  if (!workspace) return;
  const mapping = await mapToWorkspace(model, { roots: [{ name: 'ws', location: workspace }], gitEnabled: false });
  await stage('map onto workspace');
  workspaceLineCosts(selection, mapping);
  await stage('line costs');
  workspaceCoverage(selection, mapping, frameFlat(selection));
  await stage('coverage');
  // What the profile worker computes for the heat on a load (no call edges: those are asked for after it).
  const analysis = analyzeSelection(selection, mapping, true, false);
  await stage('editor analysis (worker)');
  if (analysis.total !== selection.total) throw new Error('the analysis lost cost');
}

const args = process.argv.slice(2);
const [file, workspace] = args.filter((a) => a !== '--worker');
void main(file, workspace, args.includes('--worker'));
