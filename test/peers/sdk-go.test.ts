// The real Pyroscope Go SDK (github.com/grafana/pyroscope-go, test/peers/services/go-service) pushing CPU, memory,
// mutex, block and goroutine profiles into `perflens collect --ingest`. The service keeps a copy of every upload as
// the SDK sent it (parsed by Go's own mime/multipart); the stored profiles must be those uploads: same service,
// version and type, same totals (read by pprof-format for what was sent, by PerfLens's core for what was stored),
// and block data never under mutex.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readProfileFile } from '../../src/core/profile/parse';
import { until } from '../harness/wait';
import { ALLOC_FUNCTION, BLOCK_FUNCTION, HOT_FUNCTION, MUTEX_FUNCTION, PYROSCOPE_GO_VERSION as SDK_VERSION, startGoService } from './harness/go-service';
import { startCollector, type RunningCollector } from './sdk/collector';
import { addTotals, readTotals, storedTotals } from './sdk/totals';

/** The types the SDK's uploads land under, one per kind of upload. */
const TYPES = ['cpu', 'alloc_space', 'mutex_delay', 'block_delay', 'goroutine'];

interface SentUpload { query: string; profile: string; sample_type_config: string; status: number }

/** Which store type a sent upload should land under, from what the SDK says in its upload (not from PerfLens). */
function expectedType(upload: SentUpload, sentDir: string): string {
  const config = upload.sample_type_config ? readFileSync(join(sentDir, upload.sample_type_config), 'utf8') : '';
  if (config.includes('"block_count"')) return 'block_delay';
  if (config.includes('"mutex_count"')) return 'mutex_delay';
  if (config.includes('"goroutines"')) return 'goroutine';
  if (config.includes('alloc_space')) return 'alloc_space';
  return 'cpu';
}

describe(`pyroscope-go ${SDK_VERSION} pushes into perflens collect --ingest`, () => {
  let collector: RunningCollector;
  let sentDir: string;
  let sent: SentUpload[] = [];

  before(async () => {
    collector = await startCollector();
    sentDir = mkdtempSync(join(tmpdir(), 'perflens-sdk-go-sent-'));
    const service = await startGoService({ server: collector.url, service: 'orders', tags: { version: '3.1.0', region: 'eu' }, allTypes: true, uploadRate: '1s', sent: sentDir });
    const count = (type: string) => collector.stored.filter((s) => s.type === type).length;
    // Until every kind of upload has landed twice; then the SDK is stopped, which flushes what it still holds.
    try {
      await until(() => TYPES.every((t) => count(t) >= 2), `two stored profiles of each of ${TYPES.join(', ')}`,
        { abortIf: () => service.exitCode() !== null && `the service exited: ${service.stderr()}` });
    } finally {
      assert.equal(await service.stop(), 0, service.stderr());
    }
    sent = readdirSync(sentDir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(sentDir, f), 'utf8')) as SentUpload);
  });

  after(async () => {
    await collector?.stop();
    if (sentDir) rmSync(sentDir, { recursive: true, force: true });
  });

  it('every upload is accepted and stored once, under the app name, the version tag and its own type', () => {
    assert.ok(sent.length >= 10, `${sent.length} uploads`);
    assert.deepEqual(sent.filter((u) => u.status !== 200).map((u) => `${u.status} ${u.query}`), []);
    assert.deepEqual(collector.refused, []);
    assert.equal(collector.stored.length, sent.length, 'one stored profile per upload');
    for (const s of collector.stored) {
      assert.deepEqual([s.service, s.version], ['orders', '3.1.0']);
      assert.ok(s.path.startsWith(join(collector.store, 'orders', '3.1.0', s.type)), s.path);
    }
    const byType = (type: string) => sent.filter((u) => expectedType(u, sentDir) === type).length;
    for (const t of TYPES) assert.equal(collector.stored.filter((s) => s.type === t).length, byType(t), `${t} uploads`);
  });

  it('stores what was sent: per type, the same totals for every sample type', () => {
    for (const type of TYPES) {
      const sentTotal = new Map<string, number>();
      for (const u of sent.filter((x) => expectedType(x, sentDir) === type)) addTotals(sentTotal, readTotals(join(sentDir, u.profile)));
      const stored = storedTotals(collector.stored.filter((s) => s.type === type).map((s) => s.path));
      assert.deepEqual(stored, sentTotal, type);
      assert.ok([...sentTotal.values()].some((v) => v > 0), `${type}: the uploads carry data`);
    }
  });

  it('block and mutex uploads stay apart, and each shows the service\'s own hot spot', () => {
    const names = (type: string) => {
      const found = new Set<string>();
      for (const s of collector.stored.filter((x) => x.type === type)) {
        const p = readProfileFile(s.path);
        for (let f = 0; f < p.functions.count; f++) found.add(p.strings.get(p.functions.name[f]));
      }
      return found;
    };
    assert.ok(names('cpu').has(HOT_FUNCTION));
    assert.ok(names('alloc_space').has(ALLOC_FUNCTION));
    assert.ok(names('mutex_delay').has(MUTEX_FUNCTION));
    assert.ok(names('block_delay').has(BLOCK_FUNCTION));
    assert.ok(!names('mutex_delay').has(BLOCK_FUNCTION), 'no channel waits (block data) in the mutex profiles');
  });
});
