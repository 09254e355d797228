/**
 * One measurement in a fresh process (run by run.ts, bundled with esbuild so no TypeScript loader inflates the
 * memory figure): `node measure.js <perflens|pprof-format|baseline> <profile.pb>` prints one JSON line
 * {decodeMs, aggregateMs, maxRssKB, rows, total}. maxRSS is the process's peak resident set
 * (process.resourceUsage), so it includes the input file buffer and Node itself.
 */
import { readFileSync } from 'node:fs';
import { Profile as PprofFormatProfile } from 'pprof-format';
import { aggregateFlatCum } from '../../src/core/aggregate/flatCum';
import { mergeProfiles } from '../../src/core/aggregate/merge';
import { parseProfile } from '../../src/core/profile/parse';
import { naiveTopByFunction } from './naiveAggregate';

const [tool, file] = process.argv.slice(2);

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function perflens() {
  // The file buffer is only reachable inside this arrow, so it can be freed once decoded.
  const [profile, decodeMs] = timed(() => parseProfile(readFileSync(file), file));
  const [table, aggregateMs] = timed(() => {
    const set = mergeProfiles([profile]);
    return aggregateFlatCum(set, set.defaultTypeIndex, 'function');
  });
  return { decodeMs, aggregateMs, rows: table.count, total: table.total };
}

function pprofFormat() {
  const [profile, decodeMs] = timed(() => PprofFormatProfile.decode(readFileSync(file)));
  const [top, aggregateMs] = timed(() => naiveTopByFunction(profile));
  return { decodeMs, aggregateMs, rows: top.rows, total: top.total };
}

const result = tool === 'perflens' ? perflens() : tool === 'pprof-format' ? pprofFormat() : { decodeMs: 0, aggregateMs: 0, rows: 0, total: 0 };
process.stdout.write(`${JSON.stringify({ ...result, maxRssKB: process.resourceUsage().maxRSS })}\n`);
