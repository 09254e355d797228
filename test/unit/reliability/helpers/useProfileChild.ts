// Run in a child process by the limits tests: `node --import tsx useProfileChild.ts <profile file> [limits json]
// [workspace dir]`. Does what the editor does with a loaded profile — read (gunzip), decode, merge, top by function,
// flame-graph call tree (serialized as for the webview), profile labels, and the workspace analysis (git off) —
// and prints one JSON line: {ok, error?, samples, strings, treeNodes, functions, maxRssKB}. maxRSS is this
// process's peak resident set, so the limits tests can report real memory, not a heap estimate. With `baseline` as
// the file it only loads the modules, for the figure to subtract.
import { buildCallTree } from '../../../../src/core/aggregate/callTree';
import { aggregateFlatCum } from '../../../../src/core/aggregate/stackSetFlatCum';
import { mergeProfiles } from '../../../../src/core/aggregate/merge';
import { serializeCallTree } from '../../../../src/core/aggregate/serialize';
import { ProfileError } from '../../../../src/core/profile/errors';
import { readProfileFile } from '../../../../src/core/profile/parse';
import { analyzeWorkspace } from '../../../../src/core/workspace/analyzeWorkspace';
import { profileLabels } from '../../../../src/core/workspace/profileLabels';

async function main(): Promise<Record<string, unknown>> {
  const [file, limitsJson, workspace] = process.argv.slice(2);
  if (file === 'baseline') return { ok: true };
  try {
    const profile = readProfileFile(file, limitsJson ? JSON.parse(limitsJson) : undefined);
    const set = mergeProfiles([profile]);
    const top = aggregateFlatCum(set, set.defaultTypeIndex, 'function');
    const tree = buildCallTree(set, set.defaultTypeIndex);
    const treeBytes = serializeCallTree(tree).byteLength;
    const labels = profileLabels([profile]);
    let functions = -1;
    if (workspace) {
      const analysis = await analyzeWorkspace({ profiles: [profile], typeIndex: set.defaultTypeIndex, roots: [{ name: 'ws', location: workspace }], gitEnabled: false });
      functions = analysis.functions.length;
    }
    return {
      ok: true, samples: profile.samples.count, strings: profile.strings.count, topRows: top.count, treeNodes: tree.count, treeBytes,
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
