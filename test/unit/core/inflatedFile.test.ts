// A gzipped profile file gunzipped while it is read (the profile worker's loads): the same bytes as reading it whole
// and inflating, into one buffer of the trailer's size, and every bad file refused in the same one line.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ProfileError } from '../../../src/core/profile/errors';
import { gunzipIfCompressed } from '../../../src/core/profile/gunzip';
import { readInflatedFile } from '../../../src/core/profile/inflatedFile';
import { readProfiles, readProfilesFile } from '../../../src/core/readers';
import { corpusFile, corpusUnavailable } from './helpers/corpus';

const MB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'perflens-inflated-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** This process's open file descriptors, where the system lists them (Linux); undefined elsewhere. */
const openFileCount = () => existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;

const refused = (pattern: RegExp) => (e: unknown) => e instanceof ProfileError && pattern.test(e.message);

describe('readInflatedFile', () => {
  it('gives what reading the file whole and inflating it gives, in one buffer of the trailer\'s size', async () => {
    // Over several read chunks, part of it incompressible.
    const data = Buffer.concat([randomBytes(3 * MB), Buffer.alloc(5 * MB, 7)]);
    const out = await readInflatedFile(file('p.pb.gz', gzipSync(data)), 'p.pb.gz', 64 * MB);
    assert.ok(Buffer.from(out).equals(data));
    assert.equal(out.buffer.byteLength, data.length);
  });

  it('reads several gzip members (whose last trailer gives only its own size) whole', async () => {
    const a = randomBytes(2 * MB);
    const b = Buffer.alloc(1000, 3);
    const out = await readInflatedFile(file('m.pb.gz', Buffer.concat([gzipSync(a), gzipSync(b)])), 'm.pb.gz', 64 * MB);
    assert.ok(Buffer.from(out).equals(Buffer.concat([a, b])));
  });

  it('refuses output over the limit, corrupt or truncated data, gzip inside gzip, and missing files, in one line', async () => {
    await assert.rejects(readInflatedFile(file('big.pb.gz', gzipSync(Buffer.alloc(4 * MB))), 'big.pb.gz', MB), refused(/^big\.pb\.gz: decompressed profile is larger than the limit of 1048576 bytes/));
    const gz = gzipSync(randomBytes(MB));
    await assert.rejects(readInflatedFile(file('cut.pb.gz', gz.subarray(0, gz.length >> 1)), 'cut.pb.gz', 64 * MB), refused(/^cut\.pb\.gz: truncated or corrupt gzip data/));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 100, 200);
    await assert.rejects(readInflatedFile(file('bad.pb.gz', corrupt), 'bad.pb.gz', 64 * MB), refused(/^bad\.pb\.gz: truncated or corrupt gzip data/));
    await assert.rejects(readInflatedFile(file('twice.pb.gz', gzipSync(gzipSync(randomBytes(1000)))), 'twice.pb.gz', 64 * MB), refused(/gzip inside gzip/));
    await assert.rejects(readInflatedFile(join(dir, 'none.pb.gz'), 'none.pb.gz', 64 * MB), refused(/^none\.pb\.gz: no such file$/));
    await assert.rejects(readInflatedFile(dir, 'a folder', 64 * MB), refused(/is a directory/));
  });

  it('reads a member followed by zero padding, as gunzipIfCompressed does (and `perflens top`)', async () => {
    const data = randomBytes(2 * MB);
    for (const pad of [1, 7, 4096, 3 * MB]) {
      const gz = Buffer.concat([gzipSync(data), Buffer.alloc(pad)]);
      const out = await readInflatedFile(file(`pad${pad}.pb.gz`, gz), `pad${pad}.pb.gz`, 64 * MB);
      assert.ok(Buffer.from(out).equals(data), `padding of ${pad}`);
      assert.ok(Buffer.from(gunzipIfCompressed(gz, 'p', 64 * MB)).equals(data));
    }
  });

  it('refuses non-zero garbage after a member in the same line as gunzipIfCompressed', async () => {
    const gz = Buffer.concat([gzipSync(Buffer.from('profile')), Buffer.from('trailing junk')]);
    await assert.rejects(readInflatedFile(file('junk.pb.gz', gz), 'junk.pb.gz', MB), refused(/^junk\.pb\.gz: truncated or corrupt gzip data \(incorrect header check\)$/));
    assert.throws(() => gunzipIfCompressed(gz, 'junk.pb.gz', MB), refused(/^junk\.pb\.gz: truncated or corrupt gzip data \(incorrect header check\)$/));
  });

  it('agrees with gunzipIfCompressed on what may follow a member, wherever the read chunks break', async () => {
    const member = gzipSync(randomBytes(MB - 4096));
    const second = gzipSync(Buffer.from('second'));
    const zeros = (n: number) => Buffer.alloc(n);
    const variants: Record<string, Buffer> = {
      'padding 1': Buffer.concat([member, zeros(1)]),
      'padding 7': Buffer.concat([member, zeros(7)]),
      'padding 4096': Buffer.concat([member, zeros(4096)]),
      'garbage': Buffer.concat([member, Buffer.from([5, 6, 7])]),
      'a lone magic byte': Buffer.concat([member, Buffer.from([0x1f])]),
      'truncated': member.subarray(0, member.length - 5),
      'two members': Buffer.concat([member, second]),
      // Past the first zero byte gunzipSync reads nothing more; so neither does the streamed read, even where the
      // rest begins a new read chunk (the file is read a megabyte at a time).
      'padding then garbage in the next chunk': Buffer.concat([member, zeros(MB - member.length), Buffer.from([9, 9])]),
      'padding then a member in the next chunk': Buffer.concat([member, zeros(2 * MB - member.length), second]),
    };
    const openFiles = openFileCount();
    for (const [name, gz] of Object.entries(variants)) {
      const streamed = await readInflatedFile(file('variant.pb.gz', gz), 'variant.pb.gz', 64 * MB).then((b) => Buffer.from(b), (e: unknown) => e);
      // The file is closed when the read is over, whether read to its end, left partly unread or refused.
      assert.equal(openFileCount(), openFiles, `${name}: a file left open`);
      let whole: unknown;
      try {
        whole = Buffer.from(gunzipIfCompressed(gz, 'variant.pb.gz', 64 * MB));
      } catch (e) {
        whole = e;
      }
      if (whole instanceof ProfileError) {
        assert.ok(streamed instanceof ProfileError, `${name}: streamed gave bytes where gunzipIfCompressed refused`);
        assert.match(streamed.message, /^variant\.pb\.gz: truncated or corrupt gzip data \(/, name);
        assert.equal(streamed.message, whole.message, name);
      } else {
        assert.ok(Buffer.isBuffer(whole) && Buffer.isBuffer(streamed) && streamed.equals(whole), `${name}: ${String(streamed)}`);
      }
    }
  });

  it('keeps only what there was when the trailer says far more', async () => {
    const gz = gzipSync(Buffer.alloc(MB, 1));
    gz.writeUInt32LE(60 * MB, gz.length - 4);
    // zlib checks the trailer's size at the end: the data is refused, as gunzipIfCompressed refuses it.
    await assert.rejects(readInflatedFile(file('lie.pb.gz', gz), 'lie.pb.gz', 64 * MB), refused(/^lie\.pb\.gz: truncated or corrupt gzip data/));
    assert.throws(() => gunzipIfCompressed(gz, 'lie.pb.gz', 64 * MB), refused(/^lie\.pb\.gz: truncated or corrupt gzip data/));
  });

  it('gives other files back as they are', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    assert.deepEqual([...await readInflatedFile(file('p.pb', bytes), 'p.pb', MB)], [1, 2, 3]);
    assert.deepEqual([...await readInflatedFile(file('one', new Uint8Array([0x1f])), 'one', MB)], [0x1f]);
  });

  it('reads a real gzipped profile as readProfiles does', { skip: corpusUnavailable() }, async () => {
    const path = corpusFile('grafana+pyroscope/pkg/pprof/testdata/go.cpu.labels.pprof');
    const [streamed] = await readProfilesFile(path);
    const [whole] = readProfiles(path);
    assert.equal(streamed.samples.count, whole.samples.count);
    assert.deepEqual([...streamed.samples.values], [...whole.samples.values]);
    assert.deepEqual(streamed.sampleTypes, whole.sampleTypes);
  });
});
