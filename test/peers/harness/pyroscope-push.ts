// Pushes a pprof profile to Pyroscope's Connect ingest (`push.v1.PusherService/Push`, binary codec), with any
// labels: how the tests put label values into the real server that no SDK would let through unchanged.
// push.proto: PushRequest{1: repeated RawProfileSeries}, RawProfileSeries{1: repeated LabelPair, 2: repeated
// RawSample}, RawSample{1: bytes raw_profile, 2: string ID}; types.proto: LabelPair{1: name, 2: value}.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { ProtoWriter } from '../../../src/sources/proto/writer';
import { repoRoot } from './binaries';

export function encodePushRequest(labels: Readonly<Record<string, string>>, profile: Uint8Array): Uint8Array {
  return new ProtoWriter().message(1, (series) => {
    for (const [name, value] of Object.entries(labels)) series.message(1, (pair) => pair.string(1, name).string(2, value));
    series.message(2, (sample) => sample.bytes(1, profile).string(2, randomUUID()));
  }).finish();
}

export async function pushProfile(serverUrl: string, labels: Readonly<Record<string, string>>, profile: Uint8Array, tenant?: string): Promise<void> {
  const res = await fetch(`${serverUrl}/push.v1.PusherService/Push`, {
    method: 'POST',
    headers: { 'content-type': 'application/proto', 'connect-protocol-version': '1', ...(tenant ? { 'x-scope-orgid': tenant } : {}) },
    body: Buffer.from(encodePushRequest(labels, profile)),
  });
  if (!res.ok) throw new Error(`Push answered HTTP ${res.status}: ${await res.text()}`);
}

export const GO_CPU_FIXTURE = join(repoRoot, 'test/fixtures/go/cpu.pb.gz');

/** The real Go CPU fixture, stamped as taken at `takenMs` (Pyroscope files a profile under its time_nanos). */
export function freshGoCpuProfile(takenMs = Date.now()): Uint8Array {
  const profile = Profile.decode(gunzipSync(readFileSync(GO_CPU_FIXTURE)));
  profile.timeNanos = BigInt(takenMs) * 1_000_000n;
  return profile.encode();
}
