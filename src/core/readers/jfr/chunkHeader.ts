/**
 * The 68-byte header that starts every JFR chunk (all numbers big-endian):
 *   0 magic "FLR\0" · 4 major u16 · 6 minor u16 · 8 chunk size i64 · 16 constant pool offset i64 ·
 *   24 metadata offset i64 · 32 start nanos i64 · 40 duration nanos i64 · 48 start ticks i64 ·
 *   56 ticks per second i64 · 64 flags i32 (bit 0: integers are LEB128-compressed; bit 1: last chunk).
 * Offsets are relative to the chunk's start. A chunk still being written has size, offsets or duration 0.
 */
import { JfrCursor, JfrMalformed } from './cursor';

export const CHUNK_HEADER_BYTES = 68;
const FLAG_COMPRESSED_INTS = 1;

export interface ChunkHeader {
  /** Where the chunk starts in the recording. */
  readonly start: number;
  readonly major: number;
  readonly minor: number;
  readonly size: number;
  readonly constantPoolOffset: number;
  readonly metadataOffset: number;
  readonly startNanos: number;
  readonly durationNanos: number;
  readonly startTicks: number;
  readonly ticksPerSecond: number;
}

/** Whether the bytes start like a JFR recording (for content detection). */
export function isJfr(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x46 && bytes[1] === 0x4c && bytes[2] === 0x52 && bytes[3] === 0;
}

/** What is wrong with a chunk that cannot be read, as a reader's note or error says it. */
export class ChunkProblem extends JfrMalformed {
  constructor(
    detail: string,
    /** The chunk was cut short (a recording copied while being written, a partial upload), not corrupt. */
    readonly truncated: boolean,
  ) {
    super(detail);
  }
}

/** Reads and checks the header of the chunk at `start`; throws ChunkProblem when the chunk cannot be used. */
export function readChunkHeader(buf: Uint8Array, start: number, index: number): ChunkHeader {
  const c = new JfrCursor(buf, start, buf.length);
  const left = buf.length - start;
  const where = `chunk ${index + 1} (byte ${start})`;
  if (left < CHUNK_HEADER_BYTES) {
    if (isJfr(buf.subarray(start, start + 4)) || left < 4) throw new ChunkProblem(`${where} is cut off inside its header`, true);
  }
  if (!isJfr(buf.subarray(start, start + 4))) throw new ChunkProblem(`${where} does not start with the JFR magic "FLR\\0"`, false);
  const major = (buf[start + 4] << 8) | buf[start + 5];
  const minor = (buf[start + 6] << 8) | buf[start + 7];
  if (major !== 2) {
    throw new ChunkProblem(`${where} has JFR format version ${major}.${minor}; only 2.x (JDK 11 and later, async-profiler) can be read`, false);
  }
  const size = c.u64At(start + 8);
  const constantPoolOffset = c.u64At(start + 16);
  const metadataOffset = c.u64At(start + 24);
  const flags = c.u32At(start + 64);
  if (size === 0 || constantPoolOffset === 0 || metadataOffset === 0) {
    throw new ChunkProblem(`${where} is unfinished (the recording was still writing it)`, true);
  }
  if (size < CHUNK_HEADER_BYTES) throw new ChunkProblem(`${where} declares a size of ${size} bytes, smaller than its header`, false);
  if (size > left) throw new ChunkProblem(`${where} declares ${size} bytes but only ${left} are there`, true);
  for (const [name, offset] of [['constant pool', constantPoolOffset], ['metadata', metadataOffset]] as const) {
    if (offset < CHUNK_HEADER_BYTES || offset >= size) throw new ChunkProblem(`${where} has its ${name} at offset ${offset}, outside the chunk's ${size} bytes`, false);
  }
  if ((flags & FLAG_COMPRESSED_INTS) === 0) {
    throw new ChunkProblem(`${where} uses fixed-width integers; only recordings with compressed integers (every JDK and async-profiler writes them) can be read`, false);
  }
  const ticksPerSecond = c.u64At(start + 56);
  return {
    start,
    major,
    minor,
    size,
    constantPoolOffset,
    metadataOffset,
    startNanos: c.u64At(start + 32),
    durationNanos: c.u64At(start + 40),
    startTicks: c.u64At(start + 48),
    ticksPerSecond: ticksPerSecond > 0 ? ticksPerSecond : 1e9,
  };
}
