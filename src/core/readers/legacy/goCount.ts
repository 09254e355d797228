/**
 * Go's count profiles in text (pprof's parseGoCount): `goroutine profile: total N` or `threadcreate profile: total N`
 * (`?debug=1`), then `count @ addresses` lines (the `#` lines with symbols are comments to pprof).
 */
import { LineScanner } from './lines';
import { malformed, readAdditionalSections } from './memoryMap';
import { emptyProfile, isSpaceOrComment, locationAt, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';

const COUNT_START = /^(\S+) profile: total \d+$/;
const COUNT = /^(\d+) @(( 0x[0-9a-f]+)+)$/;

export function parseGoCount(text: string): LegacyProfile {
  const s = new LineScanner(text);
  while (s.scan() && isSpaceOrComment(s.text)) { /* skip to the header */ }
  const header = COUNT_START.exec(s.text);
  if (!header) throw new Unrecognized();
  const type = { type: header[1], unit: 'count' };
  const p = emptyProfile([type], type, 1);
  const byAddress = new Map<bigint, LegacyLocation>();
  while (s.scan()) {
    const line = s.text;
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const m = COUNT.exec(line);
    if (!m) throw malformed(line, 'not "count @ addresses"');
    const locations = m[2].trim().split(/\s+/).map((a) => locationAt(p, byAddress, BigInt(a) - 1n));
    p.samples.push({ locations, values: [Number(m[1])] });
  }
  readAdditionalSections(s, p);
  return p;
}
