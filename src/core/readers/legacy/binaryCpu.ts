/**
 * The binary CPU profile (gperftools' CPUPROFILE, Go before 1.9, Google's profilez; a Java variant): a header of
 * five words — 0, 3, 0 (C++) or 1 (Java), the sampling period in µs, 0 — in 32- or 64-bit words of either byte order,
 * then samples (count, stack depth, addresses), an end marker (0, 1, 0), and the memory map as text (C++) or the
 * Java locations. Read as pprof's parseCPU/javaCPUProfile read it.
 */
import { readJavaLocations } from './java';
import { LineScanner } from './lines';
import { readMemoryMap } from './memoryMap';
import { emptyProfile, LegacyError, locationAt, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';

interface Words {
  readonly size: 4 | 8;
  readonly little: boolean;
}

const WORD_KINDS: readonly Words[] = [{ size: 4, little: true }, { size: 4, little: false }, { size: 8, little: true }, { size: 8, little: false }];

/** The header's word size and byte order, and whether it is a Java profile; undefined when it is not this format. */
export function cpuHeader(bytes: Uint8Array): { words: Words; java: boolean; periodMicros: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const words of WORD_KINDS) {
    if (bytes.length < 5 * words.size) continue;
    const w = (i: number) => read(view, i * words.size, words);
    const [n1, n2, n3, n4, n5] = [w(0), w(1), w(2), w(3), w(4)];
    if (n1 === 0n && n2 === 3n && (n3 === 0n || n3 === 1n) && n4 > 0n && n5 === 0n) return { words, java: n3 === 1n, periodMicros: Number(n4) };
  }
  return undefined;
}

function read(view: DataView, at: number, words: Words): bigint {
  return words.size === 4 ? BigInt(view.getUint32(at, words.little)) : view.getBigUint64(at, words.little);
}

export function parseBinaryCpu(bytes: Uint8Array): LegacyProfile {
  const header = cpuHeader(bytes);
  if (!header) throw new Unrecognized();
  const { words, java, periodMicros } = header;
  const p = emptyProfile(
    [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }],
    { type: 'cpu', unit: 'nanoseconds' },
    periodMicros * 1000,
  );
  const byAddress = new Map<bigint, LegacyLocation>();
  const rest = readSamples(bytes, 5 * words.size, words, !java, p, byAddress);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(rest));
  if (java) {
    readJavaLocations(text, byAddress, p);
    return p;
  }
  stripSignalHandlerFrames(p);
  readMemoryMap(new LineScanner(text), p);
  removeDuplicateLeaf(p);
  return p;
}

/**
 * Samples up to the end marker; returns where the text after them starts. Addresses above the leaf are return
 * addresses, moved back by one into the call (C++ only), as pprof does.
 */
function readSamples(bytes: Uint8Array, from: number, words: Words, adjust: boolean, p: LegacyProfile, byAddress: Map<bigint, LegacyLocation>): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = words.size;
  let at = from;
  while (at < bytes.length) {
    if (at + 2 * size > bytes.length) throw truncated(at);
    const count = read(view, at, words);
    const depth = read(view, at + size, words);
    at += 2 * size;
    // pprof's bound: a depth the rest of the file cannot hold is not this format.
    if (depth > BigInt(Math.floor((bytes.length - at) / 4))) {
      throw new LegacyError(`binary CPU profile: the sample at byte ${at - 2 * size} has a stack of ${depth} addresses, more than the ${bytes.length - at} bytes left hold (a truncated or corrupt file)`);
    }
    const n = Number(depth);
    if (at + n * size > bytes.length) throw truncated(at);
    const addresses: bigint[] = [];
    for (let i = 0; i < n; i++) addresses.push(read(view, at + i * size, words));
    at += n * size;
    if (count === 0n && n === 1 && addresses[0] === 0n) return at; // end of data
    const locations = addresses.map((a, i) => locationAt(p, byAddress, adjust && i > 0 ? a - 1n : a));
    const c = Number(count);
    p.samples.push({ locations, values: [c, c * p.period] });
  }
  // Reached the end without the end marker, as pprof accepts.
  return at;
}

function truncated(at: number): LegacyError {
  return new LegacyError(`binary CPU profile: the file ends inside a sample (byte ${at}); it is truncated`);
}

/**
 * When most samples share their second frame, it is the signal handler's, pushed by the profiler: pprof removes
 * it (up to twice), allowing one different sample per 32.
 */
function stripSignalHandlerFrames(p: LegacyProfile): void {
  const margin = Math.floor(p.samples.length / 32);
  for (let iter = 0; iter < 2; iter++) {
    const counts = new Map<bigint, number>();
    for (const s of p.samples) if (s.locations.length > 1) counts.set(s.locations[1].address, (counts.get(s.locations[1].address) ?? 0) + 1);
    for (const [address, count] of counts) {
      if (count >= p.samples.length - margin) {
        for (const s of p.samples) if (s.locations.length > 1 && s.locations[1].address === address) s.locations.splice(1, 1);
        break;
      }
    }
  }
}

/** The leaf read twice (from the signal context and from unwinding, the second moved back by one): once. */
export function removeDuplicateLeaf(p: LegacyProfile): void {
  for (const s of p.samples) {
    if (s.locations.length > 1 && s.locations[0].address === s.locations[1].address + 1n) s.locations.splice(1, 1);
  }
}
