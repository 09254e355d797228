// pprof over HTTP against a real Node service that serves pprof routes with @datadog/pprof
// (test/fixtures/sources/node-service): /debug/pprof/profile → time.profile (wall), /debug/pprof/heap → heap.profile.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSource } from '../../../src/sources/create-source';
import { SourceError } from '../../../src/sources/errors';
import type { ProfileSource } from '../../../src/sources/types';
import { cumulativeByFunction, decode, total } from './helpers/profiles';
import { startNodeService, type RunningService } from './helpers/services';

describe('pprof over HTTP: real Node service with @datadog/pprof', () => {
  let service: RunningService;
  let source: ProfileSource;

  before(async () => {
    service = await startNodeService();
    source = createSource(`http://${service.address}/debug/pprof`, { retry: { retries: 0 } });
  });

  after(async () => {
    await service?.stop();
  });

  it('without an index page, lists every type the routes can serve (wall included)', async () => {
    const types = (await source.listProfileTypes()).map((t) => t.type);
    assert.ok(types.includes('wall') && types.includes('cpu') && types.includes('inuse_space'), types.join(', '));
  });

  it('captures 1 s of wall time in which the service\'s hot function dominates', async () => {
    const [fetched] = await source.fetchProfiles({ service: 'node-service', type: 'wall', seconds: 1 });
    assert.equal(fetched.type, 'wall');
    assert.equal(fetched.service, 'node-service');
    const p = decode(fetched.bytes);
    const hot = cumulativeByFunction(p, 'wall').get('computeNodeChecksum') ?? 0;
    assert.ok(hot > 0.3 * total(p, 'wall'), `computeNodeChecksum: ${hot} of ${total(p, 'wall')} ns`);
  });

  it('answers a cpu request with the wall profile the service really returns, and says so', async () => {
    const notes: string[] = [];
    const [fetched] = await source.fetchProfiles({ service: 'node-service', type: 'cpu', seconds: 1 }, { onProgress: (e) => notes.push(e.message) });
    assert.equal(fetched.type, 'wall');
    assert.ok(notes.some((m) => /answered with a wall profile \(asked for cpu\)/.test(m)), notes.join('\n'));
  });

  it('fetches the heap profile with the service\'s retaining function', async () => {
    const [fetched] = await source.fetchProfiles({ service: 'node-service', type: 'heap' });
    assert.equal(fetched.type, 'inuse_space');
    const p = decode(fetched.bytes);
    assert.ok((cumulativeByFunction(p, 'inuse_space').get('retainNodeBuffers') ?? 0) > 0);
  });

  it('says so when the service has no route for a type (alloc_space → /allocs)', async () => {
    await assert.rejects(source.fetchProfiles({ service: 'node-service', type: 'alloc_space' }), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /does not serve the allocs profile/);
      return true;
    });
  });
});
