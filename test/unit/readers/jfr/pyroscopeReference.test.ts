// The JFR reader against Grafana Pyroscope's own converter: every recording in Pyroscope's JFR test data has,
// beside it, the pprof Pyroscope made of it per profile type and label query (`X.jfr.gz.<metric>.<hash>.pb.gz`,
// <hash> = the XXH64 of the query's label set: {} for all samples, {thread_name=…} for one context label).
// For each: the same total and the same flat and cumulative value for every function, by name.
//
// One known difference: Pyroscope writes lock and park durations as the recording's raw ticks while calling them
// nanoseconds; these recordings tick 2.8 × 10^9 times a second, so its delays are 2.8× too large. PerfLens
// converts ticks to nanoseconds; the comparison converts the reference the same way.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseProfile } from '../../../../src/core/profile/parse';
import type { Profile } from '../../../../src/core/profile/model';
import { jfrProfileMetric } from '../../../../src/core/readers/jfr';
import { readJfr } from '../../../../src/core/readers/jfr/readJfr';
import { THREAD_LABEL } from '../../../../src/core/readers/jfr/recording';
import { functionFigures, JFR_TESTDATA, labelOf, labelSetHash, top, type FunctionFigures } from './helpers';

const dir = JFR_TESTDATA();
const recordings = readdirSync(dir).filter((f) => f.endsWith('.jfr.gz')).sort();

/** Ticks per second of the recording's first chunk (bytes 56..63 of its header). */
function ticksPerSecond(jfrGz: Buffer): number {
  return Number(new DataView(gunzipSync(jfrGz).buffer).getBigUint64(56));
}

function assertSameFigures(ours: FunctionFigures, reference: FunctionFigures, scale: number, what: string): void {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-6;
  assert.ok(close(ours.total, reference.total * scale), `${what}: total ${ours.total}, Pyroscope ${reference.total * scale}`);
  for (const kind of ['flat', 'cum'] as const) {
    const mine = ours[kind];
    const theirs = reference[kind];
    assert.deepEqual([...mine.keys()].filter((k) => (mine.get(k) ?? 0) !== 0).sort(), [...theirs.keys()].filter((k) => (theirs.get(k) ?? 0) !== 0).sort(), `${what}: the same functions (${kind})`);
    for (const [name, value] of theirs) {
      assert.ok(close(mine.get(name) ?? 0, value * scale), `${what}: ${kind} of ${name} is ${mine.get(name)}, Pyroscope ${value * scale}`);
    }
    // The top of the list, as a user reads it, in the same order.
    assert.deepEqual(top(mine, 10).map(([n]) => n), top(new Map([...theirs].map(([n, v]) => [n, v * scale])), 10).map(([n]) => n), `${what}: top 10 by ${kind}`);
  }
}

describe('JFR reader matches Pyroscope\'s converter on its test recordings', () => {
  it('has the recordings to compare', () => assert.ok(recordings.length >= 9, `${recordings.length} recordings in ${dir}`));

  for (const recording of recordings) {
    it(recording, () => {
      const bytes = readFileSync(join(dir, recording));
      const labelsFile = join(dir, recording.replace(/\.jfr\.gz$/, '.labels.pb.gz'));
      const hasLabels = readdirSync(dir).includes(recording.replace(/\.jfr\.gz$/, '.labels.pb.gz'));
      // As Pyroscope's ingest: 100 samples a second, and a labels snapshot (empty when none was uploaded).
      const profiles = readJfr(bytes, recording, { sampleRate: 100, labels: hasLabels ? readFileSync(labelsFile) : new Uint8Array(0) });
      const tickScale = 1e9 / ticksPerSecond(bytes);
      const references = readdirSync(dir).filter((f) => f.startsWith(`${recording}.`) && f.endsWith('.pb.gz'));
      assert.ok(references.length > 0);
      const typesCompared = new Set<string>();
      for (const file of references) {
        const reference = parseProfile(readFileSync(join(dir, file)), file);
        const type = reference.sampleTypes[0].type;
        const periodType = reference.periodType?.type;
        const ours = profiles.find((p) => p.sampleTypes.some((t) => t.type === type) && p.periodType?.type === periodType);
        assert.ok(ours, `${file}: PerfLens made no ${type} profile with period type ${periodType}`);
        const metric = jfrProfileMetric(ours);
        assert.ok(file.slice(recording.length + 1).startsWith(`${metric}_`), `${file}: Pyroscope's metric, not ${metric}`);
        const hash = BigInt(/\.(\d+)\.pb\.gz$/.exec(file)![1]);
        const keep = sampleSelector(ours, hash);
        assert.ok(keep, `${file}: no label of PerfLens's profile has the label set hash ${hash}`);
        const scale = type === 'delay' ? tickScale : 1;
        assertSameFigures(functionFigures(ours, type, keep), functionFigures(reference, type), scale, file);
        typesCompared.add(`${type}/${periodType}`);
      }
      // Nothing extra: every profile PerfLens made has its reference (the native-method profile aside: Pyroscope
      // drops those events; none of these recordings has them).
      for (const p of profiles) {
        const type = p.defaultSampleType;
        assert.ok([...typesCompared].some((t) => t.startsWith(`${type}/`) || p.sampleTypes.some((s) => t === `${s.type}/${p.periodType?.type}`)), `${recording}: PerfLens made a ${type} profile that Pyroscope did not`);
      }
    });
  }
});

/** The samples of a reference file's label query: all for the empty set, else those with the one label it hashes. */
function sampleSelector(p: Profile, hash: bigint): ((s: number) => boolean) | undefined {
  if (hash === labelSetHash({})) return () => true;
  // Pyroscope's queries name the agent's context labels; PerfLens's own thread label is not among them.
  const keys = new Set<string>();
  for (let l = 0; l < p.labels.count; l++) keys.add(p.strings.get(p.labels.key[l]));
  keys.delete(THREAD_LABEL);
  for (const key of keys) {
    const values = new Set<string>();
    for (let s = 0; s < p.samples.count; s++) {
      const v = labelOf(p, s, key);
      if (v !== undefined) values.add(v);
    }
    for (const value of values) {
      if (labelSetHash({ [key]: value }) === hash) return (s) => labelOf(p, s, key) === value;
    }
  }
  return undefined;
}
