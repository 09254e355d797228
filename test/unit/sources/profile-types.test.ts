// Canonical profile types: the names users type, Go endpoints, backend ids, and what real profiles hold.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalFromParts, canonicalProfileType, canonicalTypesOfSampleTypes, sampleTypeFor, typesOfGoEndpoint } from '../../../src/sources/profile-types';
import { profileTypeInfos } from '../../../src/sources/pyroscope/pyroscope-source';
import { decode, fixtureBytes } from './helpers/profiles';

function typesOf(fixture: string): string[] {
  const p = decode(fixtureBytes(fixture), fixture);
  return canonicalTypesOfSampleTypes(p.sampleTypes, p.periodType, fixture);
}

describe('canonical profile types', () => {
  it('reads the types real profiles hold from their sample types', () => {
    assert.deepEqual(typesOf('go/cpu.pb.gz'), ['cpu']);
    assert.deepEqual(typesOf('go/heap.pb.gz'), ['alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']);
    assert.deepEqual(typesOf('go/mutex.pb.gz'), ['mutex_delay', 'mutex_contentions']);
    assert.deepEqual(typesOf('go/block.pb.gz'), ['block_delay', 'block_contentions']);
    assert.deepEqual(typesOf('node/wall.pb.gz'), ['wall']);
    assert.deepEqual(typesOf('node/heap.pb.gz'), ['inuse_space', 'inuse_objects']);
  });

  it('maps Go endpoints and everyday names', () => {
    assert.deepEqual(typesOfGoEndpoint('profile'), ['cpu']);
    assert.deepEqual(typesOfGoEndpoint('heap'), ['alloc_space', 'alloc_objects', 'inuse_space', 'inuse_objects']);
    assert.deepEqual(typesOfGoEndpoint('mutex'), ['mutex_delay', 'mutex_contentions']);
    assert.deepEqual(typesOfGoEndpoint('goroutine'), ['goroutine']);
    const names: [string, string | undefined][] = [
      ['profile', 'cpu'], ['CPU', 'cpu'], ['heap', 'inuse_space'], ['allocs', 'alloc_space'], ['mutex', 'mutex_delay'],
      ['block', 'block_delay'], ['contentions', 'mutex_contentions'], ['delay', 'mutex_delay'], ['block-contentions', 'block_contentions'],
      ['goroutines', 'goroutine'], ['time', 'wall'], ['threadcreate', undefined], ['', undefined],
    ];
    for (const [name, want] of names) assert.equal(canonicalProfileType(name), want, name);
  });

  it('maps Pyroscope and Parca profile type ids', () => {
    const ids: [string, string, string, string | undefined][] = [
      ['process_cpu', 'cpu', 'cpu', 'cpu'],
      ['process_cpu', 'samples', 'cpu', 'cpu'],
      ['parca_agent', 'samples', 'cpu', 'cpu'],
      ['parca_agent', 'wallclock', 'samples', 'wall'],
      ['wall', 'wall', 'wall', 'wall'],
      ['memory', 'alloc_space', 'space', 'alloc_space'],
      ['memory', 'inuse_objects', 'space', 'inuse_objects'],
      ['mutex', 'delay', 'contentions', 'mutex_delay'],
      ['block', 'contentions', 'contentions', 'block_contentions'],
      ['goroutines', 'goroutine', 'goroutine', 'goroutine'],
      ['process_cpu', 'exception', 'cpu', undefined],
    ];
    for (const [name, sample, period, want] of ids) assert.equal(canonicalFromParts(name, sample, period), want, `${name}:${sample}`);
  });

  it('gives each canonical type the id pyroscope-go\'s pushes get, when another agent\'s id maps there too', () => {
    // pyroscope-go names its goroutine upload `goroutines` (sample_type_config display name); Pyroscope keeps that name.
    const infos = profileTypeInfos(['goroutine:goroutine:count:goroutine:count', 'goroutines:goroutine:count:goroutine:count', 'process_cpu:samples:count:cpu:nanoseconds', 'process_cpu:cpu:nanoseconds:cpu:nanoseconds']);
    assert.equal(infos.find((i) => i.type === 'goroutine')?.sourceId, 'goroutines:goroutine:count:goroutine:count');
    assert.equal(infos.find((i) => i.type === 'cpu')?.sourceId, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds');
  });

  it('gives the sample type to show for a type', () => {
    assert.equal(sampleTypeFor('mutex_delay'), 'delay');
    assert.equal(sampleTypeFor('heap'), 'inuse_space');
    assert.equal(sampleTypeFor('process_cpu:samples:count:cpu:nanoseconds'), 'samples');
    assert.equal(sampleTypeFor('nonsense'), '');
  });
});
