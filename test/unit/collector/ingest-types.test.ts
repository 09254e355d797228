// Which store type an upload lands under, named as Grafana Pyroscope names it: pyroscope-go's mutex and block
// uploads differ only in their sample_type_config display names, and a profile with a wall sample type is `wall`
// even when it also carries CPU time (@pyroscope/nodejs with collectCpuTime). The real SDKs pushing are in the peers
// tier (test/peers/sdk-*.test.ts).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encode, time } from '@datadog/pprof';
import { familyOfProfileName, pyroscopeProfileName } from '../../../src/collector/ingest/ingest-profile';
import { startIngestServer, type RunningIngestServer } from '../../../src/collector/ingest/ingest-server';
import type { StoredProfileEvent } from '../../../src/collector/scraper';
import { readProfileFile } from '../../../src/core/profile/parse';
import { LocalStore } from '../../../src/sources/store/local-store';
import { decode, fixtureBytes, total } from '../sources/helpers/profiles';
import { formBody, post } from './helpers/ingest-client';

// pyroscope-go's sample_type_config for each upload (sample_types.go, session.go), as its JSON encoder writes them.
const GO_CONFIGS = {
  mutex: { contentions: { units: 'lock_samples', 'display-name': 'mutex_count' }, delay: { units: 'lock_nanoseconds', 'display-name': 'mutex_duration' } },
  block: { contentions: { units: 'lock_samples', 'display-name': 'block_count' }, delay: { units: 'lock_nanoseconds', 'display-name': 'block_duration' } },
  heap: { alloc_objects: { units: 'objects' }, alloc_space: { units: 'bytes' }, inuse_space: { units: 'bytes', aggregation: 'average' }, inuse_objects: { units: 'objects', aggregation: 'average' } },
};

describe('ingest: profile types named as Pyroscope names them', () => {
  let store: string;
  let server: RunningIngestServer;
  const stored: StoredProfileEvent[] = [];
  let from = 1_790_000_000;

  before(async () => {
    store = mkdtempSync(join(tmpdir(), 'perflens-ingest-types-'));
    server = await startIngestServer({ store, port: 0, onStored: (e) => stored.push(e) });
  });

  after(async () => {
    await server?.close();
    rmSync(store, { recursive: true, force: true });
  });

  /** Uploads as pyroscope-go does: one app name for every profile, multipart with the sample type config. */
  async function goUpload(profile: Buffer, config: object): Promise<StoredProfileEvent> {
    const boundary = 'go-sdk-boundary';
    const body = formBody(boundary, [['profile', 'profile.pprof', profile], ['sample_type_config', 'sample_type_config.json', JSON.stringify(config)]]);
    const name = encodeURIComponent('orders{version=3.1.0,otel.scope.name=com.grafana.pyroscope/godeltaprof,__session_id__=1f}');
    const res = await post(`${server.url}/ingest?name=${name}&from=${from++}&until=${from}&spyName=gospy`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    assert.equal(res.status, 200, res.text);
    return stored[stored.length - 1];
  }

  it('tells pyroscope-go\'s mutex and block uploads apart by their display names alone', async () => {
    const mutex = await goUpload(fixtureBytes('go/mutex.pb.gz'), GO_CONFIGS.mutex);
    const block = await goUpload(fixtureBytes('go/block.pb.gz'), GO_CONFIGS.block);
    assert.deepEqual([mutex.type, block.type], ['mutex_delay', 'block_delay']);
    // The very bytes of the block profile, sent with the mutex config, are mutex: the config decides, as in Pyroscope.
    assert.equal((await goUpload(fixtureBytes('go/block.pb.gz'), GO_CONFIGS.mutex)).type, 'mutex_delay');
    assert.equal(total(readProfileFile(block.path), 'delay'), total(decode(fixtureBytes('go/block.pb.gz')), 'delay'));
    const local = new LocalStore(store);
    const types = (await local.listProfileTypes('orders')).map((t) => t.type);
    for (const t of ['mutex_delay', 'mutex_contentions', 'block_delay', 'block_contentions']) assert.ok(types.includes(t), `${t} in ${types.join(', ')}`);
    const blockProfiles = await local.fetchProfiles({ service: 'orders', type: 'block_delay' });
    assert.deepEqual(blockProfiles.map((f) => f.origin), [block.path], 'block_delay holds the block upload only');
  });

  it('stores a Go heap upload (four memory sample types) as memory, under alloc_space', async () => {
    assert.equal((await goUpload(fixtureBytes('go/heap.pb.gz'), GO_CONFIGS.heap)).type, 'alloc_space');
  });

  it('stores a profile with wall and CPU time as wall, and lists both types for it', async () => {
    time.start({ intervalMicros: 1000, durationMillis: 60_000, collectCpuTime: true, withContexts: true });
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += Math.sqrt(i);
    const profile = await encode(time.stop());
    assert.ok(x > 0);
    assert.deepEqual(decode(profile).sampleTypes.map((t) => t.type), ['sample', 'wall', 'cpu'], 'the profiler wrote wall and cpu');
    // As @pyroscope/nodejs 0.6 sends it: the gzipped pprof as the body.
    const res = await post(`${server.url}/ingest?name=walls%7Bversion%3D1%7D&from=${from++}&spyName=nodespy&format=pprof`, profile, { 'content-type': 'application/octet-stream' });
    assert.equal(res.status, 200, res.text);
    assert.equal(stored[stored.length - 1].type, 'wall');
    const types = (await new LocalStore(store).listProfileTypes('walls')).map((t) => t.type);
    assert.deepEqual(types, ['cpu', 'wall']);
  });

  it('names profiles from sample types and display names as Pyroscope\'s metricName does', () => {
    const cases: [string[], Record<string, string>, string | undefined][] = [
      [['samples', 'cpu'], {}, 'process_cpu'],
      [['sample', 'wall', 'cpu'], {}, 'wall'],
      [['cpu', 'wall'], {}, 'wall'],
      [['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], {}, 'memory'],
      [['objects', 'space'], {}, 'memory'],
      [['contentions', 'delay'], { contentions: 'mutex_count', delay: 'mutex_duration' }, 'mutex'],
      [['contentions', 'delay'], { contentions: 'block_count', delay: 'block_duration' }, 'block'],
      [['contentions', 'delay'], {}, undefined],
      [['goroutine'], { goroutine: 'goroutines' }, 'goroutines'],
      [['itimer'], {}, undefined],
    ];
    for (const [sampleTypes, names, expected] of cases) {
      assert.equal(pyroscopeProfileName(sampleTypes, (t) => names[t]), expected, `${sampleTypes.join(',')} ${JSON.stringify(names)}`);
    }
    const families: [string, string | undefined][] = [['process_cpu', 'cpu'], ['wall', 'wall'], ['memory', 'memory'], ['mutex', 'mutex'], ['block', 'block'], ['goroutines', 'goroutine'], ['itimer', 'cpu'], ['custom', undefined]];
    for (const [name, family] of families) assert.equal(familyOfProfileName(name), family, name);
  });
});
