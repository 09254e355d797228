/**
 * Java's legacy profiles (pprof's legacy_java_profile.go): heapz and contentionz text, and the locations section
 * of the binary Java CPU profile — `0x<address> <function> (<file>:<line>)` lines that give each address its
 * function, after which addresses are dropped so equal frames merge.
 */
import { LineScanner } from './lines';
import { emptyProfile, hexAddresses, LegacyError, locationAt, type LegacyFunction, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';
import { scaleHeapSample } from './heap';

const ATTRIBUTE = /([\w ]+)=([\w ]+)/;
const SAMPLE = / *(\d+) +(\d+) +@ +([ x0-9a-f]*)/;
const LOCATION = /^\s*0x([0-9A-Fa-f]+)\s+(.*)\s*$/;
const FILE_LINE = /^(.*)\s+\((.+):(-?[0-9]+)\)$/;
const PATH = /^(.*)\s+\((.*)\)$/;
const JAVA_HEAPZ_SAMPLING_RATE = 524288;

export function parseJavaProfile(text: string): LegacyProfile {
  const newline = text.indexOf('\n');
  if (newline < 0) throw new Unrecognized();
  const header = text.slice(0, newline).trim();
  const kind = header === '--- heapz 1 ---' ? 'heap' : header === '--- contentionz 1 ---' ? 'contention' : undefined;
  if (!kind) throw new Unrecognized();
  const p = emptyProfile([], { type: '', unit: '' }, 0);
  const s = new LineScanner(text.slice(newline + 1));
  let line = readHeader(kind, s, p);
  const byAddress = new Map<bigint, LegacyLocation>();
  // Samples, until the first line that is not one.
  for (; line !== undefined; line = s.scan() ? s.text.trim() : undefined) {
    if (line === '') continue;
    const m = SAMPLE.exec(line);
    if (!m) break;
    const locations = hexAddresses(m[3], line).map((a) => locationAt(p, byAddress, a));
    // Java profiles have their two values the other way round.
    let v0 = Number(m[2]);
    let v1 = Number(m[1]);
    if (kind === 'heap') {
      if (v0 === 0) throw new LegacyError(`parsing sample ${line}: second value must be non-zero`);
      const blockSize = Math.trunc(v1 / v0);
      [v0, v1] = scaleHeapSample(v0, v1, JAVA_HEAPZ_SAMPLING_RATE);
      p.samples.push({ locations, values: [v0, v1], numLabels: [['bytes', blockSize]] });
    } else {
      if (p.period !== 0) {
        v0 *= p.period;
        v1 *= p.period;
      }
      p.samples.push({ locations, values: [v0, v1] });
    }
  }
  const rest: string[] = [];
  if (line !== undefined) rest.push(line);
  while (s.scan()) rest.push(s.text);
  readJavaLocations(rest.join('\n'), byAddress, p);
  return p;
}

/** Attribute lines (`format = java`, `resolution = bytes`...); returns the first line after them (trimmed). */
function readHeader(kind: 'heap' | 'contention', s: LineScanner, p: LegacyProfile): string | undefined {
  while (s.scan()) {
    const line = s.text.trim();
    if (line === '') continue;
    const m = ATTRIBUTE.exec(line);
    if (!m) return line;
    const attribute = m[1].trim();
    const value = m[2].trim();
    switch (`${kind}/${attribute}`) {
      case 'heap/format':
      case 'contention/format':
        if (value !== 'java') throw new Unrecognized();
        break;
      case 'heap/resolution':
        p.sampleTypes = [{ type: 'inuse_objects', unit: 'count' }, { type: 'inuse_space', unit: value }];
        break;
      case 'contention/resolution':
        p.sampleTypes = [{ type: 'contentions', unit: 'count' }, { type: 'delay', unit: value }];
        break;
      case 'contention/sampling period':
        p.periodType = { type: 'contentions', unit: 'count' };
        p.period = parseAttribute(value, line);
        break;
      case 'contention/ms since reset':
        p.durationNanos = parseAttribute(value, line) * 1e6;
        break;
      default:
        throw new Unrecognized();
    }
  }
  return undefined;
}

function parseAttribute(value: string, line: string): number {
  const v = Number(value);
  if (!Number.isInteger(v)) throw new LegacyError(`failed to parse attribute ${line}`);
  return v;
}

/** The `0x<address> <function> (<file>:<line>)` lines: each known address gets its function; addresses are dropped. */
export function readJavaLocations(text: string, byAddress: Map<bigint, LegacyLocation>, p: LegacyProfile): void {
  const functions = new Map<string, LegacyFunction>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = LOCATION.exec(line);
    if (!m) continue;
    const loc = byAddress.get(BigInt(`0x${m[1]}`));
    if (!loc) continue;
    let name: string;
    let file = '';
    let lineNo = 0;
    const fileLine = FILE_LINE.exec(m[2]);
    const path = fileLine ? undefined : PATH.exec(m[2]);
    if (fileLine) {
      name = fileLine[1];
      file = fileLine[2];
      const n = Number(fileLine[3]);
      if (n > 0) lineNo = n;
    } else if (path) {
      // A shared library's path: its base name is enough.
      name = path[1];
      file = path[2].slice(path[2].lastIndexOf('/') + 1);
    } else if (m[2].includes('generated stub/JIT')) {
      name = 'STUB';
    } else {
      // The Java agent's internal states ("GC", "VM").
      name = m[2];
    }
    let fn = functions.get(name);
    if (!fn) functions.set(name, (fn = { name, file }));
    loc.line = { fn, line: lineNo };
    loc.address = 0n;
  }
  // pprof then drops every remaining address (Aggregate without addresses).
  p.locations = [...new Set(p.samples.flatMap((s) => s.locations))];
  for (const l of p.locations) l.address = 0n;
}
