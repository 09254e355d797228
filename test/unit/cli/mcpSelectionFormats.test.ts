// `perflens mcp`'s selections read profiles through the one format entry, as every other reader of the store: a
// JFR recording of several kinds (CPU, locks, allocations: the Pyroscope Java agent's) kept in the store as
// `<millis>.pb.gz` is read from the type's folder, and each tool's type picks its kind — CPU for cpu, monitor contention (not thread
// parking, which has a delay too) for mutex_delay.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SelectionLoader } from '../../../src/cli/mcp/selectionLoader';
import type { Profile } from '../../../src/core/profile/model';
import { readProfiles } from '../../../src/core/readers';
import { LocalStore } from '../../../src/sources/store/local-store';
import { corpusFile } from '../readers/helpers/corpus';

const RECORDING = 'grafana+pyroscope/pkg/og/convert/jfr/testdata/cortex-dev-01__kafka-0__cpu_lock0_alloc0__0.jfr.gz';

function total(profiles: readonly Profile[], type: string, kind?: string): number {
  let sum = 0;
  for (const p of profiles) {
    if (kind !== undefined && p.periodType?.type !== kind) continue;
    const t = p.sampleTypes.findIndex((s) => s.type === type);
    if (t < 0) continue;
    for (let s = 0; s < p.samples.count; s++) sum += p.samples.values[s * p.sampleTypes.length + t];
  }
  return sum;
}

describe('perflens mcp selections: profiles in any format, the kind the type asks for', () => {
  let recording: string;
  const stores: string[] = [];

  before(() => {
    const file = corpusFile(RECORDING);
    assert.ok(file, `${RECORDING} is missing from the shared corpus`);
    recording = file;
  });

  after(() => {
    for (const store of stores) rmSync(store, { recursive: true, force: true });
  });

  // The store's type folder says which kind a file is kept for: the recording sits in the type's folder.
  function storeWith(folder: string): SelectionLoader {
    const store = mkdtempSync(join(tmpdir(), 'perflens-mcp-formats-'));
    stores.push(store);
    mkdirSync(join(store, 'kafka', 'v1', folder), { recursive: true });
    cpSync(recording, join(store, 'kafka', 'v1', folder, '1796600000000.pb.gz'));
    return new SelectionLoader({ sources: [{ name: 'local', source: new LocalStore(store) }] });
  }

  for (const [type, folder, sampleType, kind] of [['cpu', 'cpu', 'cpu', 'cpu'], ['mutex_delay', 'mutex', 'delay', 'mutex']] as const) {
    it(`${type}: the recording's ${sampleType} profile, with the recording's total`, async () => {
      const loaded = await storeWith(folder).load({ service: 'kafka', type, version: 'v1' });
      assert.equal(loaded.sampleType, sampleType);
      assert.ok(loaded.profiles.length > 0 && loaded.profiles.every((p) => p.sampleTypes.some((s) => s.type === sampleType)), 'only the kind with the sample type');
      const expected = total(readProfiles(recording), sampleType, kind);
      assert.ok(expected > 0);
      assert.equal(total(loaded.profiles, sampleType), expected);
      assert.ok(loaded.profiles.every((p) => p.periodType?.type === kind), `the ${kind} profile only`);
    });
  }
});
