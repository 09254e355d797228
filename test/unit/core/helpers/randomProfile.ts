/**
 * Seeded random pprof profiles built with pprof-format's classes (the reference encoder), exercising every field
 * of profile.proto: arbitrary sparse uint64 ids (some above 2^53), 64-bit addresses, negative values, inlined
 * lines with columns, string and numeric labels, mappings with flags, comments, doc_url, drop/keep frames.
 */
import {
  Function as PprofFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType,
} from 'pprof-format';
import { seededRandom } from '../../../../bench/profile/generate';

export interface RandomProfileOptions {
  seed: number;
  samples?: number;
  /** Use ids 1..n (like Go) instead of sparse random uint64 ids. */
  sequentialIds?: boolean;
}

export function randomPprofProfile(options: RandomProfileOptions): Profile {
  const random = seededRandom(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const st = new StringTable();
  const words = ['main', 'handler', 'cache', 'parse', 'ünïcødé', 'λ', '(anonymous)', 'a b c', 'Σ→x', ''];
  const randomString = () => `${pick(words)}${int(1000)}`;

  const usedIds = new Set<bigint>();
  const newId = (i: number): bigint => {
    if (options.sequentialIds) return BigInt(i + 1);
    for (;;) {
      const r = random();
      const id = r < 0.1 ? (1n << 63n) + BigInt(int(1e9)) // above 2^53
        : r < 0.3 ? BigInt(int(1e12)) + 1n
          : BigInt(int(1e6)) + 1n;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const asNumeric = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

  const nTypes = 1 + int(4);
  const sampleType = Array.from({ length: nTypes }, (_, i) => new ValueType({
    type: st.dedup(`type${i}_${randomString()}`), unit: st.dedup(pick(['count', 'nanoseconds', 'bytes', ''])),
  }));

  const mappings = Array.from({ length: int(4) }, (_, i) => new Mapping({
    id: asNumeric(newId(i)),
    memoryStart: random() < 0.5 ? 0x555555554000n + BigInt(int(1e6)) : 0xffffffff81000000n,
    memoryLimit: random() < 0.5 ? 0x7fffffffffffn : 0xfffffffffffff000n,
    fileOffset: BigInt(int(1e6)),
    filename: st.dedup(`/usr/lib/${randomString()}.so`),
    buildId: st.dedup(random() < 0.5 ? '' : `build-${int(1e9).toString(16)}`),
    hasFunctions: random() < 0.5, hasFilenames: random() < 0.5, hasLineNumbers: random() < 0.5, hasInlineFrames: random() < 0.5,
  }));

  const functions = Array.from({ length: 1 + int(40) }, (_, i) => new PprofFunction({
    id: asNumeric(newId(i)),
    name: st.dedup(`${randomString()}.fn${i}`),
    systemName: st.dedup(random() < 0.5 ? '' : `_Z${i}`),
    filename: st.dedup(random() < 0.1 ? '' : `/src/${randomString()}.go`),
    startLine: int(5000),
  }));

  const locations = Array.from({ length: 1 + int(60) }, (_, i) => new Location({
    id: asNumeric(newId(i)),
    mappingId: mappings.length && random() < 0.7 ? pick(mappings).id : 0,
    address: random() < 0.3 ? 0xffffffff81000000n + BigInt(int(1e6)) : BigInt(int(1e9)),
    isFolded: random() < 0.1,
    line: Array.from({ length: random() < 0.1 ? 0 : 1 + (random() < 0.2 ? int(3) : 0) }, () => new Line({
      functionId: pick(functions).id,
      line: int(10000),
      column: random() < 0.5 ? int(200) : 0,
    })),
  }));

  const sample = Array.from({ length: options.samples ?? int(80) }, () => new Sample({
    locationId: Array.from({ length: int(12) }, () => pick(locations).id),
    value: Array.from({ length: nTypes }, () => (random() < 0.1 ? -int(1e9) : random() < 0.05 ? 2 ** 50 + int(1e6) : int(1e9))),
    label: Array.from({ length: random() < 0.7 ? 0 : 1 + int(3) }, () => (random() < 0.5
      ? new Label({ key: st.dedup(`key${int(5)}`), str: st.dedup(randomString() || 'v') })
      : new Label({ key: st.dedup(`num${int(5)}`), num: random() < 0.2 ? -int(1e6) : int(1e9), numUnit: st.dedup(pick(['', 'bytes', 'seconds'])) }))),
  }));

  return new Profile({
    sampleType,
    sample,
    mapping: mappings,
    location: locations,
    function: functions,
    stringTable: st,
    dropFrames: random() < 0.3 ? st.dedup('runtime\\..*') : 0,
    keepFrames: random() < 0.3 ? st.dedup('runtime\\.main') : 0,
    timeNanos: random() < 0.5 ? 1_700_000_000_000_000_000n + BigInt(int(1e9)) : 0,
    durationNanos: int(1e11),
    periodType: random() < 0.8 ? new ValueType({ type: st.dedup('cpu'), unit: st.dedup('nanoseconds') }) : undefined,
    period: int(1e7),
    comment: Array.from({ length: int(3) }, () => st.dedup(`comment ${randomString()}`)),
    defaultSampleType: random() < 0.5 ? pick(sampleType).type : 0,
    docUrl: random() < 0.5 ? st.dedup('https://example.invalid/docs') : 0,
  });
}
