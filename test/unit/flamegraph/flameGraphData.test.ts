import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readProfileFile } from '../../../src/core/profile/parse';
import { serializeCallTree } from '../../../src/core/aggregate/serialize';
import { decodeAnnotations, encodeAnnotations } from '../../../src/core/aggregate/flameAnnotations';
import { packageOf } from '../../../src/worker/packageOf';
import { nodeLines } from '../../../webview/flamegraph/model/flameData';
import { FIXTURES, loadFixture, nodesOf, type LoadedFixture } from './helpers';

/** 1-based line of a `// HOT:<tag>` marker the shop's author put on the hot line. */
function markerLine(file: string, tag: string): number {
  const lines = readFileSync(join(FIXTURES, 'go/shop', file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// HOT:${tag}`));
  assert.ok(i >= 0, `marker ${tag} in ${file}`);
  return i + 1;
}

describe('the flame graph data the profile worker builds for the shop CPU profile', () => {
  let fx: LoadedFixture;
  before(async () => { fx = await loadFixture('go/cpu.pb.gz', 'cpu'); });
  after(() => fx?.dispose());

  it('classes application, runtime code by the workspace analysis and gives app code its workspace file', () => {
    const f = fx.base.fn[nodesOf(fx, 'example.com/shop/pricing.SumPrices')[0]];
    assert.equal(fx.functions.className(f), 'app');
    assert.equal(fx.functions.location(f), 'pricing/prices.go');
    assert.equal(fx.functions.shortName(f), 'pricing.SumPrices');
    const fact = fx.facts[fx.functions.fact(f)];
    assert.equal(fact.name, 'example.com/shop/pricing.SumPrices');
    const malloc = fx.base.fn[nodesOf(fx, 'runtime.mallocgc')[0]];
    assert.equal(fx.functions.className(malloc), 'runtime');
    assert.equal(fx.functions.location(malloc), undefined, 'runtime code has nothing to open in the workspace');
  });

  it('names each function\'s package, for colour by package', () => {
    const pkg = (name: string) => fx.functions.packageName(fx.base.fn[nodesOf(fx, name)[0]]);
    assert.equal(pkg('example.com/shop/pricing.(*Cart).Total'), 'example.com/shop/pricing');
    assert.equal(pkg('example.com/shop/inventory.(*Store).Reserve'), 'example.com/shop/inventory');
    assert.equal(pkg('runtime.mallocgc'), 'runtime');
    assert.equal(pkg('main.main'), 'main');
  });

  it('points the hot function\'s frame at its hot line (the line the author marked)', () => {
    const node = nodesOf(fx, 'example.com/shop/pricing.SumPrices')[0];
    assert.equal(nodeLines(fx, fx.base, node)[0].line, markerLine('pricing/prices.go', 'cpu busy-loop'));
  });

  it('carries the sample count of every frame (the profile\'s samples column)', () => {
    const samples = fx.base.samples!;
    assert.ok(samples, 'a Go CPU profile has a samples column');
    const profile = readProfileFile(join(FIXTURES, 'go/cpu.pb.gz'));
    let count = 0;
    for (let s = 0; s < profile.samples.count; s++) count += profile.samples.values[s * profile.sampleTypes.length];
    assert.equal(samples[0], count);
    // 10 ms per sample in this profile: each frame's cpu time is its samples times the period.
    for (let n = 0; n < fx.base.count; n++) assert.equal(fx.base.total[n], samples[n] * profile.period);
  });

  it('survives its trip through one ArrayBuffer', () => {
    const again = decodeAnnotations(encodeAnnotations(fx.annotations));
    assert.deepEqual(again.strings, fx.annotations.strings);
    assert.deepEqual(Array.from(again.functionClass), Array.from(fx.annotations.functionClass));
    assert.deepEqual(Array.from(again.nodeCount!), Array.from(fx.annotations.nodeCount!));
    assert.deepEqual(again.countType, { type: 'samples', unit: 'count' });
    assert.throws(() => decodeAnnotations(new ArrayBuffer(16)), /not PerfLens flameAnnotations data/);
    assert.throws(() => decodeAnnotations(serializeCallTree(fx.callTree)), /not PerfLens flameAnnotations data \(it holds callTree\)/);
  });
});

describe('the flame graph data of a heap profile', () => {
  it('counts allocated objects next to allocated bytes', async () => {
    const fx = await loadFixture('go/heap.pb.gz', 'alloc_space');
    try {
      assert.deepEqual(fx.annotations.countType, { type: 'alloc_objects', unit: 'count' });
      const profile = readProfileFile(join(FIXTURES, 'go/heap.pb.gz'));
      const objects = profile.sampleTypes.findIndex((t) => t.type === 'alloc_objects');
      let sum = 0;
      for (let s = 0; s < profile.samples.count; s++) sum += profile.samples.values[s * profile.sampleTypes.length + objects];
      assert.equal(fx.base.samples![0], sum);
    } finally {
      fx.dispose();
    }
  });
});

describe('packageOf', () => {
  it('reads Go import paths, npm packages, Java packages and folders', () => {
    assert.equal(packageOf('example.com/shop/pricing.(*Cart).Total', 'example.com/shop/pricing/cart.go'), 'example.com/shop/pricing');
    assert.equal(packageOf('github.com/a/b.v2/c.F.func1', '/go/pkg/mod/github.com/a/b.v2/c/x.go'), 'github.com/a/b.v2/c');
    assert.equal(packageOf('runtime.mallocgc', 'runtime/malloc.go'), 'runtime');
    assert.equal(packageOf('runtime.memmove', 'runtime/memmove_amd64.s'), 'runtime');
    assert.equal(packageOf('parse', '/app/node_modules/@babel/parser/lib/index.js'), '@babel/parser');
    assert.equal(packageOf('send', '/app/node_modules/express/lib/response.js'), 'express');
    assert.equal(packageOf('com.acme.billing.Invoice.total', 'Invoice.java'), 'com.acme.billing');
    assert.equal(packageOf('handleQuote', '/app/handlers/quote.js'), '/app/handlers');
    assert.equal(packageOf('[libc.so.6]', ''), '[libc.so.6]');
    assert.equal(packageOf('(anonymous)', ''), '(unknown)');
  });
});
