/**
 * One measurement in this process: `perflens diff --json` of two profiles (read, decode, merge, diff, print),
 * then the union call tree of the same pair (what a diff flame graph needs). Prints one JSON line.
 *   node --import tsx bench/diff/measure.ts <base> <head>
 */
import { performance } from 'node:perf_hooks';
import { runCli } from '../../src/cli/run';
import { mergeProfiles } from '../../src/core/aggregate/merge';
import { buildDiffTree } from '../../src/core/diff/diffTree';
import { selectDiffSampleType } from '../../src/core/diff/sampleType';
import { readProfileFile } from '../../src/core/profile/parse';

async function main(): Promise<void> {
  const [base, head] = process.argv.slice(2);
  let bytes = 0;
  let stderr = '';
  const t0 = performance.now();
  const code = await runCli(['diff', '--base', base, '--head', head, '--json'], {
    stdout: { write: (s: string) => (bytes += s.length) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  const diffMs = performance.now() - t0;
  if (code !== 0) throw new Error(`perflens diff exited ${code}: ${stderr}`);

  const t1 = performance.now();
  const b = mergeProfiles([readProfileFile(base)]);
  const h = mergeProfiles([readProfileFile(head)]);
  const t = selectDiffSampleType(b, h);
  const t2 = performance.now();
  const tree = buildDiffTree({ set: b, typeIndex: t.base }, { set: h, typeIndex: t.head });
  const treeMs = performance.now() - t2;
  console.log(JSON.stringify({ diffMs, jsonBytes: bytes, decodeMergeMs: t2 - t1, treeMs, treeNodes: tree.count, maxRssKB: Math.round(process.resourceUsage().maxRSS) }));
}

void main();
