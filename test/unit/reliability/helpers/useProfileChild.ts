// Run in a child process by the limits tests: `node --import tsx useProfileChild.ts <profile file> [limits json]
// [workspace dir]`. Does what the editor does with a loaded profile — read (gunzip), decode, the model, top by
// function, the flame graph's data (as the worker sends it), profile labels, and the workspace analysis (git off) —
// and prints one JSON line: {ok, error?, samples, strings, treeNodes, functions, maxRssKB}. maxRSS is this
// process's peak resident set, so the limits tests can report real memory, not a heap estimate. With `baseline` as
// the file it only loads the modules, for the figure to subtract.
import { topTable } from '../../../../src/core/aggregate/topTable';
import { buildModel } from '../../../../src/core/model/buildModel';
import { profileLabels } from '../../../../src/core/model/profileLabels';
import { ProfileError } from '../../../../src/core/profile/errors';
import { readProfileFile } from '../../../../src/core/profile/parse';
import { select } from '../../../../src/core/query/select';
import { analyzeWorkspace } from '../../../../src/core/workspace/analyzeWorkspace';
import { flameGraphBuffers } from '../../../../src/worker/flameGraphData';
import { deserializeCallTree } from '../../../../src/core/aggregate/serialize';

async function main(): Promise<Record<string, unknown>> {
  const [file, limitsJson, workspace] = process.argv.slice(2);
  if (file === 'baseline') return { ok: true };
  try {
    let profile: ReturnType<typeof readProfileFile> | undefined = readProfileFile(file, limitsJson ? JSON.parse(limitsJson) : undefined);
    const samples = profile.samples.count;
    const strings = profile.strings.count;
    const model = buildModel([profile]);
    profile = undefined; // the model is all the worker keeps
    const selection = select(model);
    const top = topTable(selection, 'function');
    const flame = flameGraphBuffers({ selection });
    const treeBytes = flame.tree.byteLength;
    const treeNodes = deserializeCallTree(flame.tree).count;
    const labels = profileLabels(model);
    let functions = -1;
    if (workspace) {
      const analysis = await analyzeWorkspace({ model, roots: [{ name: 'ws', location: workspace }], gitEnabled: false });
      functions = analysis.functions.length;
    }
    return {
      ok: true, samples, strings, topRows: top.count, treeNodes, treeBytes,
      labelLengths: { service: labels.service?.length ?? 0, version: labels.version?.length ?? 0 }, functions,
    };
  } catch (e) {
    if (e instanceof ProfileError) return { ok: false, error: e.message };
    return { ok: false, crash: (e as Error).stack ?? String(e) };
  }
}

main().then((result) => {
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKB: process.resourceUsage().maxRSS })}\n`);
});
