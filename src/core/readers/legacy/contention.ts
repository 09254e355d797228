/**
 * Contention text profiles (pprof's parseContention): C++ contentionz (`--- contentionz `) and Go's legacy `--- mutex:`
 * / `--- contention:` output: `attribute = value` lines, then `cycles count @ addresses` samples, scaled back to
 * nanoseconds and counts by the sampling period and the CPU frequency.
 */
import { LineScanner } from './lines';
import { malformed, readAdditionalSections } from './memoryMap';
import { emptyProfile, hexAddresses, isSpaceOrComment, locationAt, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';

const SAMPLE = /(\d+) *(\d+) @([ x0-9a-f]*)/;

export function parseContention(text: string): LegacyProfile {
  const s = new LineScanner(text);
  if (!s.scan()) throw new Unrecognized();
  const first = s.text;
  if (!first.startsWith('--- contentionz ') && !first.startsWith('--- mutex:') && !first.startsWith('--- contention:')) throw new Unrecognized();
  const p = emptyProfile([{ type: 'contentions', unit: 'count' }, { type: 'delay', unit: 'nanoseconds' }], { type: 'contentions', unit: 'count' }, 1);
  let cpuHz = 0;
  while (s.scan()) {
    const line = s.text.trim();
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const eq = line.indexOf('=');
    if (eq < 0) break;
    const key = line.slice(0, eq).trim();
    const value = goInt(line.slice(eq + 1).trim());
    switch (key) {
      case 'cycles/second': cpuHz = value; break;
      case 'sampling period': p.period = value; break;
      case 'ms since reset': p.durationNanos = value * 1e6; break;
      case 'discarded samples': break;
      // C++ contentionz profiles have neither: these are Java's (java.ts).
      default: throw new Unrecognized();
    }
  }
  const byAddress = new Map<bigint, LegacyLocation>();
  for (;;) {
    const line = s.text.trim();
    if (line.startsWith('---')) break;
    if (!isSpaceOrComment(line)) {
      const m = SAMPLE.exec(line);
      if (!m) throw malformed(line, 'not "cycles count @ addresses"');
      let cycles = Number(m[1]);
      let count = Number(m[2]);
      if (p.period > 0) {
        if (cpuHz > 0) cycles = Math.trunc((cycles * p.period) / (cpuHz / 1e9));
        count *= p.period;
      }
      const locations = hexAddresses(m[3], line).map((a) => locationAt(p, byAddress, a - 1n));
      p.samples.push({ locations, values: [count, cycles] });
    }
    if (!s.scan()) break;
  }
  readAdditionalSections(s, p);
  return p;
}

/** Go's strconv.ParseInt(v, 0, 64): decimal, 0x hex, 0 octal or 0b binary; anything else is not this format. */
function goInt(text: string): number {
  const t = text.replace(/_/g, '');
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*|0)$/.exec(t);
  if (!m) throw new Unrecognized();
  const digits = m[2];
  const v = /^0[0-7]+$/.test(digits) ? parseInt(digits.slice(1), 8) : /^0[oO]/.test(digits) ? parseInt(digits.slice(2), 8) : Number(digits);
  return m[1] === '-' ? -v : v;
}
