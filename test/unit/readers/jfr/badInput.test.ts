// Recordings a user really meets broken: cut short (copied while the JVM was writing, a partial upload), not JFR
// at all, over a limit, or with a part that lies about its size. Each gives what can be trusted plus a note, or
// one clear line — never a crash or a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateJfr } from '../../../../bench/jfr/generate';
import { ByteSink, chunk, metadataEvent, sized } from '../../../../bench/jfr/jfrWriter';
import { ProfileError } from '../../../../src/core/profile/errors';
import { readJfr } from '../../../../src/core/readers/jfr/readJfr';
import { functionFigures } from './helpers';

const small = { events: 300, functions: 40, stacks: 30, maxDepth: 10 };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProfileError, `a ProfileError, not ${String(e)}`);
    assert.doesNotMatch(e.message, /\n/);
    return e.message;
  }
  assert.fail('expected a refusal');
}

describe('JFR reader on bad input', () => {
  it('a recording cut inside its second chunk keeps the first chunk and says so', () => {
    const one = generateJfr({ seed: 3, ...small });
    const two = generateJfr({ seed: 3, ...small, chunks: 2 });
    const cut = two.bytes.subarray(0, one.bytes.length + 1000);
    const profiles = readJfr(cut, 'cut.jfr');
    assert.equal(functionFigures(profiles[0], 'samples').total, one.truth.cpuSamples, 'the whole first chunk, nothing of the second');
    assert.ok(profiles[0].comments.some((c) => /^Chunk 2 \(byte \d+\) declares \d+ bytes but only 1000 are there; the recording ends there, 1 whole chunk read\.$/.test(c)), profiles[0].comments.join(' | '));
  });

  it('a recording cut inside its only chunk is refused as cut short', () => {
    const { bytes } = generateJfr({ seed: 3, ...small });
    assert.match(refusal(() => readJfr(bytes.subarray(0, bytes.length - 10), 'app.jfr')), /^app\.jfr: JFR recording is cut short: chunk 1 \(byte 0\) declares \d+ bytes but only \d+ are there/);
    assert.match(refusal(() => readJfr(bytes.subarray(0, 40), 'app.jfr')), /^app\.jfr: JFR recording is cut short: chunk 1 \(byte 0\) is cut off inside its header/);
  });

  it('bytes that are not JFR, and JFR of the old 1.0 layout, are refused by name', () => {
    assert.equal(refusal(() => readJfr(new TextEncoder().encode('hello'), 'x.jfr')), 'x.jfr: not a JFR recording (it does not start with "FLR\\0")');
    const { bytes } = generateJfr({ seed: 3, ...small });
    const old = bytes.slice();
    old[5] = 1; // major version 1
    assert.match(refusal(() => readJfr(old, 'old.jfr')), /JFR format version 1\.1; only 2\.x/);
  });

  it('limits: samples, decompressed size, gzip bombs', () => {
    const { bytes } = generateJfr({ seed: 3, ...small });
    assert.match(refusal(() => readJfr(bytes, 'x.jfr', { limits: { maxSamples: 10 } })), /sample events, over the limit of 10 \(maxSamples\)$/);
    assert.match(refusal(() => readJfr(bytes, 'x.jfr', { limits: { maxDecompressedBytes: 1000 } })), /over the limit of 1000 bytes \(maxDecompressedBytes\)$/);
    const bomb = gzipSync(new Uint8Array(64 << 20));
    assert.match(refusal(() => readJfr(bomb, 'bomb.jfr.gz', { limits: { maxDecompressedBytes: 1 << 20 } })), /larger than the limit of 1048576 bytes/);
  });

  it('a gzipped recording reads like the plain one', () => {
    const { bytes, truth } = generateJfr({ seed: 3, ...small });
    assert.equal(functionFigures(readJfr(gzipSync(bytes), 'x.jfr.gz')[0], 'samples').total, truth.cpuSamples);
  });

  it('a pool or array that claims more entries than bytes left is refused before it is looped over', () => {
    const classes = [
      { id: 10, name: 'int', fields: [] },
      { id: 11, name: 'long', fields: [] },
      { id: 30, name: 'jdk.types.Symbol', fields: [{ name: 'string', type: 20 }] },
      { id: 20, name: 'java.lang.String', fields: [] },
      { id: 40, name: 'com.example.Big', fields: [{ name: 'values', type: 11, array: true }] },
    ];
    for (const [what, write] of [
      ['pool size', (out: ByteSink) => out.varlong(1).varlong(30).varlong(2n ** 62n)],
      ['array length', (out: ByteSink) => out.varlong(1).varlong(40).varlong(1).varlong(1).varlong(2n ** 40n)],
      ['string length', (out: ByteSink) => out.varlong(1).varlong(30).varlong(1).varlong(1).byte(3).varlong(2n ** 50n)],
    ] as const) {
      const pool = (delta: number) => {
        const body = new ByteSink().varlong(1).varlong(0).varlong(0).varlong(delta).byte(1);
        write(body);
        return sized(body.view(), false);
      };
      const bytes = chunk({ metadata: metadataEvent(classes), poolBodies: [pool], events: [] });
      assert.match(refusal(() => readJfr(bytes, 'x.jfr')), /^x\.jfr: unreadable JFR recording: .* is more than the \d+ bytes left$/, what);
    }
  });

  it('a class that contains itself inline is refused, not recursed into', () => {
    const classes = [
      { id: 10, name: 'int', fields: [] },
      { id: 50, name: 'com.example.Node', fields: [{ name: 'value', type: 10 }, { name: 'next', type: 50 }] },
    ];
    const pool = (delta: number) => sized(new ByteSink().varlong(1).varlong(0).varlong(0).varlong(delta).byte(1).varlong(1).varlong(50).varlong(1).varlong(1).varlong(1).view(), false);
    const bytes = chunk({ metadata: metadataEvent(classes), poolBodies: [pool], events: [] });
    assert.match(refusal(() => readJfr(bytes, 'x.jfr')), /metadata class com\.example\.Node contains itself inline/);
  });

  it('constant pool events that point at each other in a loop are refused', () => {
    const classes = [{ id: 10, name: 'int', fields: [] }];
    // Two pool events whose deltas send the reader back and forth.
    const first = (delta: number) => sized(new ByteSink().varlong(1).varlong(0).varlong(0).varlong(delta).byte(1).varlong(0).view(), false);
    let firstSize = 0;
    const second = (delta: number) => {
      void delta;
      return sized(new ByteSink().varlong(1).varlong(0).varlong(0).varlong(-firstSize).byte(1).varlong(0).view(), false);
    };
    firstSize = first(0).length;
    const loop = (delta: number) => sized(new ByteSink().varlong(1).varlong(0).varlong(0).varlong(delta === 0 ? firstSize : delta).byte(1).varlong(0).view(), false);
    const bytes = chunk({ metadata: metadataEvent(classes), poolBodies: [loop, second], events: [] });
    assert.match(refusal(() => readJfr(bytes, 'x.jfr')), /constant pool events at byte \d+ form a loop/);
  });

  it('a labels part that is not a Pyroscope labels snapshot is refused naming the part', () => {
    const { bytes } = generateJfr({ seed: 3, ...small });
    assert.match(refusal(() => readJfr(bytes, 'x.jfr', { labels: new Uint8Array([0x0a, 0xff, 0xff, 0xff]) })), /^x\.jfr \(labels\): not a Pyroscope labels snapshot/);
  });
});
