import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { storeContextOf } from '../../../src/editor/timeRange/storeContext';

const root = join(tmpdir(), 'perflens-store');

describe('which store, service and type loaded files come from', () => {
  it('reads them off the store layout <root>/<service>/<version>/<type>/<millis>.pb.gz, across versions', () => {
    const files = [join(root, 'shop', 'v1', 'cpu', '1764000000000.pb.gz'), join(root, 'shop', 'v2', 'cpu', '1764000600000.pb.gz')];
    assert.deepEqual(storeContextOf(files), { root, service: 'shop', type: 'cpu', versions: ['v1', 'v2'] });
  });

  it('decodes percent-encoded service names', () => {
    const ctx = storeContextOf([join(root, 'team%2Fshop', 'v1', 'heap', '1764000000000.pb.gz')]);
    assert.equal(ctx?.service, 'team/shop');
    assert.equal(ctx?.type, 'heap');
  });

  it('files of two services or types are not one store context', () => {
    assert.equal(storeContextOf([join(root, 'a', 'v1', 'cpu', '1764000000000.pb.gz'), join(root, 'b', 'v1', 'cpu', '1764000000000.pb.gz')]), undefined);
    assert.equal(storeContextOf([join(root, 'a', 'v1', 'cpu', '1764000000000.pb.gz'), join(root, 'a', 'v1', 'wall', '1764000000000.pb.gz')]), undefined);
  });

  it('a file dropped into the workspace store by hand counts when the profile names its service', () => {
    const dropped = join(root, 'incoming', 'prod.pprof');
    assert.deepEqual(storeContextOf([dropped], { root, service: 'shop', type: 'cpu' }), { root, service: 'shop', type: 'cpu', versions: [] });
    assert.equal(storeContextOf([dropped], { root, type: 'cpu' }), undefined, 'no service: nothing to reload');
    assert.equal(storeContextOf([join(tmpdir(), 'elsewhere.pprof')], { root, service: 'shop', type: 'cpu' }), undefined, 'outside the store');
  });

  it('a set with one file that is not a layout file is not a store context', () => {
    const layout = join(root, 'shop', 'v1', 'cpu', '1764000000000.pb.gz');
    assert.equal(storeContextOf([layout, join(root, 'shop', 'v1', 'cpu', 'copy of 1764000000000.pb.gz')]), undefined);
    assert.equal(storeContextOf([layout, join(root, 'shop', 'v1', 'cpu', 'deeper', '1764000600000.pb.gz')]), undefined);
  });

  it('a file opened from anywhere else is not from a store', () => {
    assert.equal(storeContextOf([join(tmpdir(), 'downloads', 'cpu.pb.gz')]), undefined);
    assert.equal(storeContextOf([]), undefined);
  });
});
