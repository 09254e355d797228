/**
 * One measurement in a fresh process (run by run.ts, bundled with esbuild so no TypeScript loader inflates the
 * memory figure): `node measure.js <perflens|perflens-tree|pprof-format|baseline> <profile.pb>` prints one JSON line
 * {decodeMs, aggregateMs, maxRssKB, rows, total}. maxRSS is the process's peak resident set
 * (process.resourceUsage), so it includes the input file buffer and Node itself.
 */
import { readFileSync } from 'node:fs';
import { Profile as PprofFormatProfile } from 'pprof-format';
import { callTree } from '../../src/core/aggregate/callTree';
import { topTable } from '../../src/core/aggregate/topTable';
import { buildModel } from '../../src/core/model/buildModel';
import { readProfileFile } from '../../src/core/profile/parse';
import { select } from '../../src/core/query/select';
import { naiveTopByFunction } from './naiveAggregate';

const [tool, file] = process.argv.slice(2);

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
    const selection = select(buildModel([profile]));
    const flatCum = topTable(selection, 'function');
    if (tree) callTree(selection, { maxNodes: 1 << 18 });
    return flatCum;
  });
  return { decodeMs, aggregateMs, rows: table.count, total: table.total };
}

function pprofFormat() {
  const [profile, decodeMs] = timed(() => PprofFormatProfile.decode(readFileSync(file)));
  const [top, aggregateMs] = timed(() => naiveTopByFunction(profile));
  return { decodeMs, aggregateMs, rows: top.rows, total: top.total };
}

const result = tool === 'perflens' ? perflens(false)
  : tool === 'perflens-tree' ? perflens(true)
    : tool === 'pprof-format' ? pprofFormat()
      : { decodeMs: 0, aggregateMs: 0, rows: 0, total: 0 };
process.stdout.write(`${JSON.stringify({ ...result, maxRssKB: process.resourceUsage().maxRSS })}\n`);
