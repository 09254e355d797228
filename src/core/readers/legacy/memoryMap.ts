/**
 * The memory map section that ends legacy profiles (`--- Memory map: ---` or `MAPPED_LIBRARIES:` then
 * /proc/<pid>/maps lines), and how pprof ties locations to it: adjacent pieces of one file merged, the main binary
 * first, every address inside a mapping (or a fake one for addresses in none).
 */
import { LineScanner } from './lines';
import { LegacyError, Unrecognized, type LegacyMapping, type LegacyProfile } from './model';

const cHex = '(?:0x)?([0-9A-Fa-f]+)';
const cHexRange = `\\s*${cHex}[\\s-]?\\s*${cHex}:?`;
const cPerm = '(?:\\s+([-rwxp]+))?';
const cSpaceHex = '(?:\\s+([0-9A-Fa-f]+))?';
const hexPair = '\\s+[0-9A-Fa-f]+:[0-9A-Fa-f]+';
const spaceDigits = '\\s+[0-9]+';
const cSpaceString = '(?:\\s+(\\S+))?';
const cSpaceAtOffset = '(?:\\s+\\(@([0-9A-Fa-f]+)\\))?';
const PROC_MAPS = new RegExp(`^${cHexRange}${cPerm}${cSpaceHex}${hexPair}${spaceDigits}${cSpaceString}`);
const BRIEF_MAPS = new RegExp(`^${cHexRange}${cPerm}${cSpaceString}${cSpaceAtOffset}${cSpaceHex}`);
const LOG_PREFIX = /^[^[\]]+:[0-9]+]\s/;
const LIBRARY = /([.]so$|[.]so[._][0-9]+)/;
const MAX_UINT64 = (1n << 64n) - 1n;

export function isMemoryMapSentinel(line: string): boolean {
  return line.includes('--- Memory map: ---') || line.includes('MAPPED_LIBRARIES:');
}

/** pprof's parseAdditionalSections: skips to the memory map, if any, and reads it. */
export function readAdditionalSections(s: LineScanner, p: LegacyProfile): void {
  while (!isMemoryMapSentinel(s.text) && s.scan()) { /* skip to the map */ }
  readMemoryMap(s, p);
}

/** Reads mapping lines from the scanner's next line on, then ties the profile's locations to them. */
export function readMemoryMap(s: LineScanner, p: LegacyProfile): void {
  const replacements: [string, string][] = [];
  while (s.scan()) {
    let line = s.text;
    const prefix = LOG_PREFIX.exec(line);
    if (prefix) line = line.slice(prefix[0].length);
    for (const [from, to] of replacements) line = line.split(from).join(to);
    let mapping: LegacyMapping | null;
    try {
      mapping = mappingEntry(line);
    } catch (e) {
      if (!(e instanceof Unrecognized)) throw e;
      // `attr=value` lines define $attr for the lines after them.
      const eq = line.indexOf('=');
      if (eq >= 0) replacements.push([`$${line.slice(0, eq).trim()}`, line.slice(eq + 1).trim()]);
      continue;
    }
    if (mapping) p.mappings.push(mapping);
  }
  massageMappings(p);
  remapLocations(p);
  remapMappings(p);
}

function mappingEntry(line: string): LegacyMapping | null {
  let start: string;
  let end: string;
  let perm: string | undefined;
  let offset: string | undefined;
  let file: string | undefined;
  let buildId: string | undefined;
  let m = PROC_MAPS.exec(line);
  if (m) {
    [, start, end, perm, offset, file] = m;
  } else if ((m = BRIEF_MAPS.exec(line))) {
    [, start, end, perm, file, offset, buildId] = m;
  } else {
    throw new Unrecognized();
  }
  if (perm && !perm.includes('x')) return null; // not executable
  const hex = (h: string) => {
    const v = BigInt(`0x${h}`);
    if (v > MAX_UINT64) throw new Unrecognized();
    return v;
  };
  return { start: hex(start), limit: hex(end), offset: offset ? hex(offset) : 0n, file: file ?? '', buildId: buildId ?? '' };
}

/** Adjacent pieces of one mapping merged; the main binary (not a library, not [vdso]...) moved first. */
function massageMappings(p: LegacyProfile): void {
  if (p.mappings.length > 1) {
    const kept = [p.mappings[0]];
    for (const m of p.mappings.slice(1)) {
      const last = kept[kept.length - 1];
      if (adjacent(last, m)) {
        last.limit = m.limit;
        if (m.file !== '') last.file = m.file;
        if (m.buildId !== '') last.buildId = m.buildId;
        for (const l of p.locations) if (l.mapping === m) l.mapping = last;
        continue;
      }
      kept.push(m);
    }
    p.mappings = kept;
  }
  for (let i = 0; i < p.mappings.length; i++) {
    const file = p.mappings[i].file.replaceAll('(deleted)', '').trim();
    if (file === '' || LIBRARY.test(file) || file.startsWith('[')) continue;
    [p.mappings[0], p.mappings[i]] = [p.mappings[i], p.mappings[0]];
    break;
  }
}

function adjacent(a: LegacyMapping, b: LegacyMapping): boolean {
  if (a.file !== '' && b.file !== '' && a.file !== b.file) return false;
  if (a.buildId !== '' && b.buildId !== '' && a.buildId !== b.buildId) return false;
  if (a.limit !== b.start) return false;
  if (a.offset !== 0n && b.offset !== 0n && a.offset + (a.limit - a.start) !== b.offset) return false;
  return true;
}

/** Only the locations the samples use, in the order they use them (pprof's remapLocationIDs). */
function remapLocations(p: LegacyProfile): void {
  const seen = new Set<object>();
  const used = [];
  for (const s of p.samples) {
    for (const l of s.locations) {
      if (seen.has(l)) continue;
      seen.add(l);
      used.push(l);
    }
  }
  p.locations = used;
}

/** Every location with an address gets the mapping holding it (pprof's remapMappingIDs). */
function remapMappings(p: LegacyProfile): void {
  if (p.mappings.length > 0 && p.mappings[0].file.startsWith('/anon_hugepage') && p.mappings.length > 1 && p.mappings[0].limit === p.mappings[1].start) {
    p.mappings = p.mappings.slice(1);
  }
  if (p.mappings.length > 0) {
    const m = p.mappings[0];
    if (m.start - m.offset === 0x400000n) {
      m.start = 0x400000n;
      m.offset = 0n;
    }
  }
  let fake: LegacyMapping | undefined;
  for (const l of p.locations) {
    const a = l.address;
    if (l.mapping || a === 0n) continue;
    l.mapping = p.mappings.find((m) => m.start <= a && a < m.limit);
    if (l.mapping) continue;
    // Legacy writers leave out the first piece of a split mapping.
    const split = p.mappings.find((m) => m.offset !== 0n && m.start - m.offset <= a && a < m.start);
    if (split) {
      split.start -= split.offset;
      split.offset = 0n;
      l.mapping = split;
      continue;
    }
    // Go's legacy writer made no mappings: one fake mapping holds everything.
    if (!fake) {
      fake = { start: 0n, limit: MAX_UINT64, offset: 0n, file: '', buildId: '' };
      p.mappings.push(fake);
    }
    l.mapping = fake;
  }
}

/** A LegacyError for a sample line that breaks its format. */
export function malformed(line: string, why = ''): LegacyError {
  return new LegacyError(`malformed sample: ${line.length > 120 ? `${line.slice(0, 120)}…` : line}${why ? `: ${why}` : ''}`);
}
