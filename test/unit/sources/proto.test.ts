// The hand-written protobuf and gRPC-web framing, checked against the independent codec the fake servers use.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frame, parseGrpcWebBody } from '../../../src/sources/parca/grpc-web';
import { fieldNumber, fieldString, ProtoFormatError, readFields, readTimestampMs } from '../../../src/sources/proto/reader';
import { ProtoWriter, writeTimestamp } from '../../../src/sources/proto/writer';
import { dbl, decode, Enc, num, str, timestamp } from './helpers/wire';

describe('protobuf writer and reader', () => {
  it('writes varints (large, negative, fractional ms), strings, doubles and nested messages as protobuf defines them', () => {
    const bytes = Buffer.from(new ProtoWriter()
      .varint(1, 2 ** 53 - 1).varint(2, -1).varint(3, 0).string(4, 'héllo').double(5, 0.25).varint(6, 1234.9)
      .message(7, (w) => w.string(1, 'inner')).finish());
    const f = decode(bytes);
    assert.deepEqual(f.map((x) => x.n), [1, 2, 4, 5, 6, 7], 'zero values are not written');
    assert.equal(num(f[0]), 2 ** 53 - 1);
    assert.equal(num(f[1]), -1);
    assert.equal(str(f[2]), 'héllo');
    assert.equal(dbl(f[3]), 0.25);
    assert.equal(num(f[4]), 1234);
    assert.equal(str(decode((f[5] as { b: Buffer }).b)[0]), 'inner');
  });

  it('reads what the independent encoder writes, skipping unknown fields, and refuses truncated input', () => {
    const msg = new Enc().str(1, 'a').int(2, 1_785_574_800_000).msg(3, timestamp(1_785_574_800_123)).int(99, 5).done();
    const got = [...readFields(msg)];
    assert.equal(fieldString(got[0]), 'a');
    assert.equal(fieldNumber(got[1]), 1_785_574_800_000);
    assert.equal(readTimestampMs(got[2].bytes), 1_785_574_800_123);
    const w = new ProtoWriter();
    writeTimestamp(w, 1_785_574_800_123.7);
    assert.equal(readTimestampMs(w.finish()), 1_785_574_800_123);
    assert.throws(() => [...readFields(msg.subarray(0, msg.length - 4))], ProtoFormatError);
    assert.throws(() => [...readFields(Buffer.from([0x0a, 0x05, 0x61]))], /longer than the message/);
  });

  it('frames and unframes gRPC-web bodies', () => {
    const trailer = frame(Buffer.from('grpc-status: 0\r\ngrpc-message: \r\n'), 0x80);
    const body = Buffer.concat([frame(Buffer.from([1, 2, 3])), trailer]);
    const parsed = parseGrpcWebBody(body);
    assert.deepEqual(parsed.messages.map((m) => [...m]), [[1, 2, 3]]);
    assert.equal(parsed.trailers.get('grpc-status'), '0');
    assert.throws(() => parseGrpcWebBody(body.subarray(0, 7)), /says 3 bytes but only 2 follow/);
    assert.throws(() => parseGrpcWebBody(frame(Buffer.from([1]), 0x01)), /compressed frame/);
  });
});
