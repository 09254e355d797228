/**
 * One measurement in this process: `perflens diff --json` of two profiles (read, decode, model, diff, print),
 * then the union call tree of the same pair (what a diff flame graph needs). Prints one JSON line.
 *   node --import tsx bench/diff/measure.ts <base> <head>
 */
import { performance } from 'node:perf_hooks';
import { runCli } from '../../src/cli/run';
import { buildDiffTree } from '../../src/core/diff/diffTree';
import { selectDiffSampleType } from '../../src/core/diff/sampleType';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { select } from '../../src/core/query/select';

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
  const b = buildModel([readProfileFile(base)]);
  const h = buildModel([readProfileFile(head)]);
  const t = selectDiffSampleType(b, h);
  const t2 = performance.now();
  const tree = buildDiffTree(select(b, { type: t.base }), select(h, { type: t.head }));
  const treeMs = performance.now() - t2;
  console.log(JSON.stringify({ diffMs, jsonBytes: bytes, decodeMergeMs: t2 - t1, treeMs, treeNodes: tree.count, maxRssKB: Math.round(process.resourceUsage().maxRSS) }));
}

void main();
