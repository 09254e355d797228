/**
 * pprof's legacy formats, read as go tool pprof reads them (its parseLegacy): the binary CPU profile, heap,
 * contention, thread and Go count (goroutine, threadcreate) text profiles, and Java's heapz/contentionz — each parser
 * tried in pprof's order, the next one when a file is not in its format. Unsymbolized: locations are addresses in
 * the memory map's mappings, which PerfLens shows as `[binary]` frames, as pprof does with -symbolize=none.
 */
import { ProfileError } from '../../profile/errors';
import type { ProfileFormat } from '../format';
import { cpuHeader, parseBinaryCpu } from './binaryCpu';
import { parseContention } from './contention';
import { addLegacyFrameInfo } from './frameInfo';
import { parseGoCount } from './goCount';
import { parseHeap } from './heap';
import { parseJavaProfile } from './java';
import { LegacyError, Unrecognized, type LegacyProfile } from './model';
import { parseThread } from './thread';
import { toProfile } from './toProfile';

const TEXT_PARSERS: readonly ((text: string) => LegacyProfile)[] = [parseHeap, parseGoCount, parseThread, parseContention, parseJavaProfile];

/** First lines that start a legacy text profile (the parsers decide for sure). */
const TEXT_HEADERS: readonly RegExp[] = [
  /^\S+ profile: total \d+$/,
  /heap profile: *\d+: *\d+ *\[ *\d+: *\d+ *\] *@/,
  /^--- (contentionz |mutex:|contention:|heapz 1 ---|threadz \d+ ---|Thread [0-9A-Fa-f]+ \(name: )/,
];

export const legacyPprofFormat: ProfileFormat = {
  name: 'legacy pprof',
  accepts: 'pprof\'s legacy formats (binary CPU profiles of gperftools, heap/contention/thread text, Go\'s goroutine debug=1 text, Java heapz)',
  detect(bytes) {
    if (cpuHeader(bytes)) return true;
    const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).split('\n');
    const first = head.find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
    return TEXT_HEADERS.some((h) => h.test(first.replace(/\r$/, '')));
  },
  read(bytes, source, limits) {
    try {
      return [toProfile(parseLegacy(bytes), source, limits)];
    } catch (e) {
      if (e instanceof LegacyError) throw new ProfileError(source, `legacy pprof profile: ${e.message}`);
      if (e instanceof Unrecognized) throw new ProfileError(source, 'looks like one of pprof\'s legacy text formats, but its header or first sample is not one go tool pprof reads');
      throw e;
    }
  },
};

function parseLegacy(bytes: Uint8Array): LegacyProfile {
  let p: LegacyProfile | undefined;
  if (cpuHeader(bytes)) {
    p = parseBinaryCpu(bytes);
  } else {
    const text = new TextDecoder('utf-8').decode(bytes);
    for (const parse of TEXT_PARSERS) {
      try {
        p = parse(text);
        break;
      } catch (e) {
        if (!(e instanceof Unrecognized)) throw e;
      }
    }
  }
  if (!p) throw new Unrecognized();
  addLegacyFrameInfo(p);
  return p;
}
