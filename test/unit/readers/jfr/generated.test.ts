// The JFR reader on generated recordings whose true figures are known: every layout variation real writers use
// (several chunks, several constant pool events per chunk, JDK-padded event sizes, each string encoding and the
// string pool, 64-bit constant pool keys, ticks that are not nanoseconds) gives the same, right answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateJfr, type JfrGeneratorOptions } from '../../../../bench/jfr/generate';
import type { Profile } from '../../../../src/core/profile/model';
import { readJfr } from '../../../../src/core/readers/jfr/readJfr';
import { functionFigures } from './helpers';

function total(p: Profile | undefined, type: string): number {
  if (!p) return 0;
  return functionFigures(p, type).total;
}

const byType = (profiles: Profile[], type: string) => profiles.find((p) => p.sampleTypes.some((t) => t.type === type));

const variations: Record<string, Omit<JfrGeneratorOptions, 'seed'>> = {
  'one chunk, one pool event': {},
  'three chunks': { chunks: 3 },
  'pools over five events per chunk': { poolEvents: 5 },
  'padded event sizes (JDK)': { padSizes: true },
  '64-bit constant pool keys': { bigKeys: true },
  'every string encoding and the string pool': { mixedStrings: true },
  'TSC ticks (2.8 GHz)': { ticksPerSecond: 2_800_000_000 },
  'all at once': { chunks: 2, poolEvents: 3, padSizes: true, bigKeys: true, mixedStrings: true, ticksPerSecond: 3_100_000_000 },
};

describe('JFR reader on generated recordings', () => {
  for (const [name, options] of Object.entries(variations)) {
    it(name, () => {
      const { bytes, truth } = generateJfr({ seed: 7, ...options });
      const profiles = readJfr(bytes, 'generated.jfr');
      const cpu = byType(profiles, 'cpu')!;
      assert.equal(profiles[0], cpu, 'CPU comes first');
      assert.equal(cpu.defaultSampleType, 'cpu');
      assert.equal(cpu.period, 10_000_000, 'the ExecutionSample period the recording states');
      assert.equal(total(cpu, 'samples'), truth.cpuSamples, 'CPU samples (sleeping threads left out)');
      assert.equal(total(cpu, 'cpu'), truth.cpuSamples * 10_000_000);
      assert.deepEqual(functionFigures(cpu, 'samples').flat, truth.cpuFlat, 'flat samples per function');
      assert.equal(total(byType(profiles, 'wall'), 'samples'), truth.wallSamples);
      assert.equal(total(byType(profiles, 'alloc_in_new_tlab_bytes'), 'alloc_in_new_tlab_bytes'), truth.allocBytes);
      assert.equal(total(byType(profiles, 'alloc_in_new_tlab_objects'), 'alloc_in_new_tlab_objects'), truth.allocObjects);
      const lock = byType(profiles, 'contentions')!;
      assert.equal(lock.periodType?.type, 'mutex');
      assert.equal(total(lock, 'contentions'), truth.lockContentions);
      assert.ok(Math.abs(total(lock, 'delay') - truth.lockDelayNanos) < 1e-6 * truth.lockDelayNanos, 'lock delay in nanoseconds');
      assert.ok(cpu.comments.some((c) => c.includes(`Skipped ${truth.otherEvents} events of 2 kinds`)), `says what it skipped: ${cpu.comments.join(' | ')}`);
      assert.ok(cpu.comments.some((c) => c.startsWith(`${truth.truncatedEvents} of `) && c.includes('cut at the recording\'s maximum depth')), `says how many stacks were cut: ${cpu.comments.join(' | ')}`);
      // Every sample carries its thread.
      const threadKey = cpu.strings.get(cpu.labels.key[0]);
      assert.equal(threadKey, 'thread');
      assert.match(cpu.strings.get(cpu.labels.str[0]), /^pool-1-thread-\d+$/);
    });
  }
});
