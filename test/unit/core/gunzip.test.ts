// Gunzip of profiles: the output in one buffer of the size the gzip trailer gives (not 16 kB chunks concatenated at
// the end, which holds the decompressed profile twice at its peak), and every other gzip still read whole.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ProfileError } from '../../../src/core/profile/errors';
import { gunzipIfCompressed } from '../../../src/core/profile/gunzip';

const MB = 1 << 20;

describe('gunzipIfCompressed', () => {
  it('inflates into one buffer of the size the trailer gives', () => {
    const data = Buffer.concat([randomBytes(MB), Buffer.alloc(3 * MB, 7)]);
    const out = gunzipIfCompressed(gzipSync(data), 'p.pb.gz', 64 * MB);
    assert.ok(Buffer.from(out).equals(data));
    // The buffer inflated into (the trailer's size and a byte), not a concatenation of chunks (exactly the data's size).
    assert.equal(out.buffer.byteLength, data.length + 1);
  });

  it('reads several gzip members (whose last trailer gives only its own size) whole', () => {
    const a = randomBytes(MB);
    const b = Buffer.alloc(1000, 3);
    const out = gunzipIfCompressed(Buffer.concat([gzipSync(a), gzipSync(b)]), 'p.pb.gz', 64 * MB);
    assert.ok(Buffer.from(out).equals(Buffer.concat([a, b])));
  });

  it('refuses a trailer that lies about the size, and output over the limit, in one line', () => {
    const gz = gzipSync(Buffer.alloc(MB, 1));
    gz.writeUInt32LE(MB * 64, gz.length - 4);
    assert.throws(() => gunzipIfCompressed(gz, 'lie.pb.gz', 16 * MB), (e: unknown) => e instanceof ProfileError && /^lie\.pb\.gz: truncated or corrupt gzip data/.test(e.message));
    assert.throws(() => gunzipIfCompressed(gzipSync(Buffer.alloc(2 * MB)), 'big.pb.gz', MB), (e: unknown) => e instanceof ProfileError && /larger than the limit of 1048576 bytes/.test(e.message));
  });

  it('gives other bytes back as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    assert.equal(gunzipIfCompressed(bytes, 'p.pb', MB), bytes);
  });
});
