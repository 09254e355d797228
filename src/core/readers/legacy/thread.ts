/**
 * Thread profiles (pprof's parseThread): Google's threadz (`--- threadz 1 ---`, then `--- Thread <id> (name: <n>/<tid>)
 * stack: ---` and the thread's addresses, or "same as previous thread"), one sample per thread.
 */
import { removeDuplicateLeaf } from './binaryCpu';
import { LineScanner } from './lines';
import { isMemoryMapSentinel, malformed, readAdditionalSections } from './memoryMap';
import { emptyProfile, hexAddresses, isSpaceOrComment, locationAt, type LegacyLocation, type LegacyProfile, Unrecognized } from './model';

const THREADZ_START = /--- threadz \d+ ---/;
const THREAD_START = /--- Thread ([0-9A-Fa-f]+) \(name: (.*)\/(\d+)\) stack: ---/;

export function parseThread(text: string): LegacyProfile {
  const s = new LineScanner(text);
  while (s.scan() && isSpaceOrComment(s.text)) { /* skip to the header */ }
  let line = s.text;
  if (THREADZ_START.test(line)) {
    while (s.scan()) {
      line = s.text;
      if (isMemoryMapSentinel(line) || line.startsWith('-')) break;
    }
  } else if (!THREAD_START.test(line)) {
    throw new Unrecognized();
  }
  const p = emptyProfile([{ type: 'thread', unit: 'count' }], { type: 'thread', unit: 'count' }, 1);
  const byAddress = new Map<bigint, LegacyLocation>();
  while (!isMemoryMapSentinel(line)) {
    if (line.startsWith('---- no stack trace for')) break;
    if (!THREAD_START.test(line)) throw malformed(line, 'not a "--- Thread ... stack: ---" line');
    const { next, addresses } = threadStack(s);
    line = next;
    if (addresses === undefined) {
      // "same as previous thread": one more of the last sample.
      const last = p.samples[p.samples.length - 1];
      if (last) last.values[0]++;
      continue;
    }
    // The leaf is where the thread is; the others are return addresses, moved back into the call.
    const locations = addresses.map((a, i) => locationAt(p, byAddress, i > 0 ? a - 1n : a));
    p.samples.push({ locations, values: [1] });
  }
  readAdditionalSections(s, p);
  removeDuplicateLeaf(p);
  return p;
}

/** A thread's addresses up to the next `---` line (returned), or undefined for "same as previous thread". */
function threadStack(s: LineScanner): { next: string; addresses: bigint[] | undefined } {
  let line = '';
  let same = false;
  const addresses: bigint[] = [];
  while (s.scan()) {
    line = s.text.trim();
    if (line === '') continue;
    if (line.startsWith('---')) break;
    if (line.includes('same as previous thread')) {
      same = true;
      continue;
    }
    addresses.push(...hexAddresses(line, line));
  }
  if (!s.text) line = '';
  return { next: line, addresses: same ? undefined : addresses };
}
