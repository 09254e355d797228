/**
 * Heap text profiles (pprof's parseHeap): gperftools' HEAPPROFILE and Google's heapz (`heap profile: … @
 * heapprofile`, `@ heapz_v2/524288`), Go's `?debug=1` heap (`@ heap/1048576`), growthz and fragmentationz; each sample
 * line `inuse objects: inuse bytes [alloc objects: alloc bytes] @ addresses`, sampled values scaled back up by the
 * probability of sampling them (v2 sampling).
 */
import { LineScanner } from './lines';
import { isMemoryMapSentinel, malformed, readAdditionalSections } from './memoryMap';
import { emptyProfile, hexAddresses, isSpaceOrComment, LegacyError, locationAt, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';

const HEAP_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const GROWTH_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/;
const FRAGMENTATION_HEADER = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/;
const SAMPLE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)/;

export function parseHeap(text: string): LegacyProfile {
  const s = new LineScanner(text);
  if (!s.scan()) throw new Unrecognized();
  const first = s.text;
  let sampling = '';
  let hasAlloc = false;
  let period = 0;
  const header = HEAP_HEADER.exec(first);
  if (header) {
    ({ sampling, period, hasAlloc } = heapHeader(header));
  } else if (GROWTH_HEADER.test(first) || FRAGMENTATION_HEADER.test(first)) {
    period = 1;
  } else {
    throw new Unrecognized();
  }
  const p = emptyProfile(
    hasAlloc
      // alloc before inuse, so that pprof's default (the last type) is inuse_space.
      ? [{ type: 'alloc_objects', unit: 'count' }, { type: 'alloc_space', unit: 'bytes' }, { type: 'inuse_objects', unit: 'count' }, { type: 'inuse_space', unit: 'bytes' }]
      : [{ type: 'objects', unit: 'count' }, { type: 'space', unit: 'bytes' }],
    { type: 'space', unit: 'bytes' },
    period,
  );
  const byAddress = new Map<bigint, LegacyLocation>();
  while (s.scan()) {
    const line = s.text.trim();
    if (isSpaceOrComment(line)) continue;
    if (isMemoryMapSentinel(line)) break;
    const m = SAMPLE.exec(line);
    if (!m) throw malformed(line, 'not "N: M [N: M] @ addresses"');
    const values: number[] = [];
    let blockSize = 0;
    const add = (countText: string, sizeText: string, what: string) => {
      let count = Number(countText);
      let size = Number(sizeText);
      if (count === 0 && size !== 0) throw new LegacyError(`${what} count was 0 but ${what} bytes was ${size}`);
      if (count !== 0) {
        blockSize = Math.trunc(size / count);
        if (sampling === 'v2') [count, size] = scaleHeapSample(count, size, period);
      }
      values.push(count, size);
    };
    if (hasAlloc) add(m[3], m[4], 'allocation');
    add(m[1], m[2], 'inuse');
    // Return addresses, moved back by one into the call.
    const locations = hexAddresses(m[5], line).map((a) => locationAt(p, byAddress, a - 1n));
    p.samples.push({ locations, values, numLabels: [['bytes', blockSize]] });
  }
  readAdditionalSections(s, p);
  return p;
}

function heapHeader(header: RegExpExecArray): { sampling: string; period: number; hasAlloc: boolean } {
  let period = header[6] !== '' ? Number(header[6]) : 0;
  const hasAlloc = (header[3] !== header[1] && header[3] !== '0') || (header[4] !== header[2] && header[4] !== '0');
  switch (header[5]) {
    case 'heapz_v2':
    case 'heap_v2':
      return { sampling: 'v2', period, hasAlloc };
    case 'heapprofile':
      return { sampling: '', period: 1, hasAlloc };
    case 'heap':
      period = Math.trunc(period / 2);
      return { sampling: 'v2', period, hasAlloc };
    default:
      throw new Unrecognized();
  }
}

/**
 * A sampled heap sample's estimated unsampled count and size: heapz v2 samples by a Poisson process of mean `rate`
 * bytes, so a sample of average size S appears with probability 1 - exp(-S/rate). Truncated to integers as pprof does.
 */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const scale = 1 / (1 - Math.exp(-(size / count) / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}
