/**
 * Seeded generators for the trends benchmark: a store of CPU profiles of one service over N days (10-second
 * captures, a few per hour, ~300 functions, one function whose share grows slowly) and a series of Go heap
 * snapshots of a process with one leaking site among many steady ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { seededRandom, zipfSampler } from '../profile/generate';

interface Frame { name: string; file: string; line: number }

function encode(types: [string, string][], period: [string, string, number], timeMs: number, samples: { stack: Frame[]; values: number[] }[]): Uint8Array {
  const st = new StringTable();
  const functions = new Map<string, PprofFunction>();
  const locations = new Map<string, Location>();
  const locationOf = (f: Frame) => {
    const key = `${f.name}@${f.file}:${f.line}`;
    let loc = locations.get(key);
    if (!loc) {
      let fn = functions.get(f.name);
      if (!fn) {
        fn = new PprofFunction({ id: functions.size + 1, name: st.dedup(f.name), filename: st.dedup(f.file) });
        functions.set(f.name, fn);
      }
      loc = new Location({ id: locations.size + 1, line: [new Line({ functionId: fn.id, line: f.line })] });
      locations.set(key, loc);
    }
    return loc.id;
  };
  const profile = new Profile({
    sampleType: types.map(([t, u]) => new ValueType({ type: st.dedup(t), unit: st.dedup(u) })),
    sample: samples.map((s) => new Sample({ locationId: s.stack.map(locationOf), value: s.values })),
    timeNanos: timeMs * 1e6,
    durationNanos: 10e9,
    periodType: new ValueType({ type: st.dedup(period[0]), unit: st.dedup(period[1]) }),
    period: period[2],
    stringTable: st,
  });
  profile.location = [...locations.values()];
  profile.function = [...functions.values()];
  return gzipSync(profile.encode());
}

/** `<store>/shop/<version>/cpu/<millis>.pb.gz`: `profiles` CPU profiles spread over `days` ending at `endMs`. */
export function generateCpuStore(store: string, options: { profiles: number; days: number; endMs: number; seed: number }): { rising: string } {
  const random = seededRandom(options.seed);
  const leaves = Array.from({ length: 300 }, (_, i): Frame => ({ name: `shop/pkg${i % 20}.f${i}`, file: `/build/shop/pkg${i % 20}/file${i % 50}.go`, line: 10 + (i % 90) }));
  const mids = Array.from({ length: 30 }, (_, i): Frame => ({ name: `shop/svc.step${i}`, file: `/build/shop/svc/step${i}.go`, line: 20 + i }));
  const handlers = Array.from({ length: 5 }, (_, i): Frame => ({ name: `shop/api.handle${i}`, file: '/build/shop/api/handlers.go', line: 40 + 10 * i }));
  const root: Frame = { name: 'main.main', file: '/build/shop/main.go', line: 12 };
  const rising: Frame = { name: 'shop/pricing.total', file: '/build/shop/pricing/total.go', line: 33 };
  const zipf = zipfSampler(leaves.length, 1.1, random);
  const spanMs = options.days * 86_400_000;
  for (let p = 0; p < options.profiles; p++) {
    const timeMs = Math.round(options.endMs - spanMs + ((p + random()) * spanMs) / options.profiles);
    const progress = p / options.profiles;
    const risingShare = 0.02 + 0.06 * progress; // 2% → 8% over the period
    const counts = new Map<string, { stack: Frame[]; n: number }>();
    for (let s = 0; s < 1000; s++) {
      const leaf = random() < risingShare ? rising : leaves[zipf()];
      const stack = [leaf, mids[Math.floor(random() * mids.length)], handlers[Math.floor(random() * handlers.length)], root];
      const key = stack.map((f) => f.name).join(';');
      const e = counts.get(key);
      if (e) e.n++;
      else counts.set(key, { stack, n: 1 });
    }
    const version = `v${1 + Math.floor(progress * 7)}`;
    const dir = join(store, 'shop', version, 'cpu');
    mkdirSync(dir, { recursive: true });
    const samples = [...counts.values()].map((e) => ({ stack: e.stack, values: [e.n, e.n * 1e7] }));
    writeFileSync(join(dir, `${timeMs}.pb.gz`), encode([['samples', 'count'], ['cpu', 'nanoseconds']], ['cpu', 'nanoseconds', 1e7], timeMs, samples));
  }
  return { rising: rising.name };
}

/** `<store>/api/v1/inuse_space/<millis>.pb.gz`: Go heap snapshots a minute apart; one site leaks 64 KiB a minute. */
export function generateHeapStore(store: string, options: { snapshots: number; endMs: number; seed: number }): { leak: string } {
  const random = seededRandom(options.seed);
  const sites = Array.from({ length: 400 }, (_, i): Frame => ({ name: `api/store.alloc${i}`, file: `/build/api/store/s${i % 40}.go`, line: 5 + (i % 200) }));
  const leak: Frame = { name: 'api/sessions.(*Cache).Put', file: '/build/api/sessions/cache.go', line: 58 };
  const runtimeLeaf: Frame = { name: 'runtime.mapassign_faststr', file: '/usr/lib/go/src/runtime/map_faststr.go', line: 203 };
  const root: Frame = { name: 'main.main', file: '/build/api/main.go', line: 9 };
  const dir = join(store, 'api', 'v1', 'inuse_space');
  mkdirSync(dir, { recursive: true });
  const allocated = new Float64Array(sites.length + 1);
  for (let j = 0; j < options.snapshots; j++) {
    const timeMs = options.endMs - (options.snapshots - j) * 60_000;
    const samples: { stack: Frame[]; values: number[] }[] = [];
    sites.forEach((site, i) => {
      const inuse = Math.round((1 + (i % 7)) * 65536 * (0.8 + 0.4 * random()));
      allocated[i] += inuse * (2 + random() * 4);
      samples.push({ stack: [site, root], values: [Math.round(allocated[i] / 512), Math.round(allocated[i]), Math.round(inuse / 512), inuse] });
    });
    const leaked = (j + 1) * 65536;
    allocated[sites.length] = leaked;
    samples.push({ stack: [runtimeLeaf, leak, root], values: [leaked / 512, leaked, leaked / 512, leaked] });
    writeFileSync(join(dir, `${timeMs}.pb.gz`), encode([['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], ['space', 'bytes', 512 * 1024], timeMs, samples));
  }
  return { leak: leak.name };
}
