/**
 * `go tool pprof`'s `-tagfocus` / `-tagignore` (google/pprof internal/driver), evaluated once per label set, for
 * `perflens top --tagfocus/--tagignore` and anyone who knows pprof's syntax:
 *
 * - `[KEY=]RANGE`, when the value reads as a number range — `32kb`, `:64kb` (at most), `4mb:` (at least),
 *   `12kb:64mb` (both included), with pprof's units (B/kB/MB…, ns/us/ms/s/hrs, GCU) — tests numeric labels
 *   (KEY's, or any key's without KEY), scaled to the range's unit; a value whose unit pprof cannot convert to the
 *   range's unit never matches (so `bytes=1024` matches nothing where `bytes` is in bytes; `bytes=1kb` does);
 * - otherwise `[KEY=]REGEX[,REGEX…]`: with KEY, a sample matches when one of the regexes finds a match in one of
 *   KEY's string values; without KEY, each regex must find a match in some `key:value` of the sample's string
 *   labels. Regexes are Go's, unanchored.
 * A numeric key's unit is the profile's (`num_unit`), else `bytes` for `alignment`/`request`, else the key's name.
 * Labels with neither a string nor a number nor a unit are ignored, as pprof drops them when it reads a profile.
 */
import { FilterError } from './filtersError';
import { BoundedMatching, compileFilterRegexp, type FilterRegexp } from './filtersRegexp';
import type { Strings } from '../aggregate/mergedStrings';
import type { LabelSetTable } from '../model/types';
import { isEmptyLabel, labelKeyIds } from './labelsMatch';

export type TagFilterOption = 'tagfocus' | 'tagignore';

export interface TagFilterMatch {
  /** 1 for each label set the filter matches. */
  readonly match: Uint8Array;
  readonly matching: number;
  readonly notes: readonly string[];
}

/** Which label sets `text` (pprof's tagfocus/tagignore syntax) matches. Throws FilterError on a bad regexp. */
export function matchTagFilter(option: TagFilterOption, text: string, sets: LabelSetTable, strings: Strings): TagFilterMatch {
  const eq = text.indexOf('=');
  const key = eq >= 0 ? text.slice(0, eq) : '';
  const value = eq >= 0 ? text.slice(eq + 1) : text;
  const notes: string[] = [];
  const range = parseRange(value);
  let match: Uint8Array;
  if (range) {
    notes.push(`${option}: read ${JSON.stringify(value)} as a range of numbers, not a regular expression`);
    const { units, notes: unitNotes } = numericLabelUnits(sets, strings);
    notes.push(...unitNotes);
    match = matchNumeric(sets, strings, key, units, range);
  } else {
    const regexps = value.split(',').map((p) => compileFilterRegexp(option, p));
    const result = matchStrings(option, sets, strings, key, regexps);
    match = result.match;
    if (result.note) notes.push(result.note);
  }
  let matching = 0;
  for (let s = 0; s < sets.count; s++) matching += match[s];
  return { match, matching, notes };
}

function matchStrings(option: string, sets: LabelSetTable, strings: Strings, key: string, regexps: readonly FilterRegexp[]) {
  const match = new Uint8Array(sets.count);
  const keyOf = (id: number) => strings.get(id);
  let characters = 0;
  for (let i = 0; i < sets.key.length; i++) if (sets.str[i] !== 0) characters += keyOf(sets.key[i]).length + 1 + strings.get(sets.str[i]).length;
  const matching = new BoundedMatching(option, characters);
  // Per regexp, the decision for each distinct tested text: (key id, value id) without KEY, value id with it.
  const decisions = regexps.map(() => new Map<string, boolean>());
  const test = (r: number, cacheKey: string, text: () => string) => {
    let d = decisions[r].get(cacheKey);
    if (d === undefined) {
      d = matching.test(regexps[r], text()) ?? false;
      decisions[r].set(cacheKey, d);
    }
    return d;
  };
  const wanted = key === '' ? undefined : labelKeyIds(sets, strings, key);

  for (let s = 0; s < sets.count; s++) {
    const from = sets.start[s];
    const to = sets.start[s + 1];
    if (wanted) {
      // With a key: any regexp in any of the key's string values.
      let hit = false;
      for (let i = from; i < to && !hit; i++) {
        if (sets.str[i] === 0 || !wanted.has(sets.key[i])) continue;
        const v = sets.str[i];
        for (let r = 0; r < regexps.length && !hit; r++) hit = test(r, `${v}`, () => strings.get(v));
      }
      match[s] = hit ? 1 : 0;
      continue;
    }
    // Without a key: every regexp must find some "key:value".
    let all = true;
    for (let r = 0; r < regexps.length && all; r++) {
      let some = false;
      for (let i = from; i < to && !some; i++) {
        if (sets.str[i] === 0) continue;
        const k = sets.key[i];
        const v = sets.str[i];
        some = test(r, `${k}:${v}`, () => `${keyOf(k)}:${strings.get(v)}`);
      }
      all = some;
    }
    match[s] = all ? 1 : 0;
  }
  return { match, note: matching.note('label') };
}

function matchNumeric(sets: LabelSetTable, strings: Strings, key: string, units: ReadonlyMap<string, string>, range: NumberRange): Uint8Array {
  const match = new Uint8Array(sets.count);
  const keyOf = (id: number) => strings.get(id);
  for (let s = 0; s < sets.count; s++) {
    for (let i = sets.start[s]; i < sets.start[s + 1]; i++) {
      if (sets.str[i] !== 0 || isEmptyLabel(sets, i)) continue;
      const k = keyOf(sets.key[i]);
      if (key !== '' && k !== key) continue;
      if (range.test(sets.num[i], units.get(k) ?? '')) {
        match[s] = 1;
        break;
      }
    }
  }
  return match;
}

/** pprof's NumLabelUnits: each numeric key's unit, and notes for keys seen with several units. */
export function numericLabelUnits(sets: LabelSetTable, strings: Strings): { units: Map<string, string>; notes: string[] } {
  const units = new Map<string, string>();
  const others = new Map<string, Set<string>>();
  const keys = new Set<string>();
  for (let i = 0; i < sets.key.length; i++) {
    if (sets.str[i] !== 0 || isEmptyLabel(sets, i)) continue;
    const key = strings.get(sets.key[i]);
    keys.add(key);
    const unit = sets.unit[i] === 0 ? '' : strings.get(sets.unit[i]);
    if (unit === '') continue;
    const want = units.get(key);
    if (want === undefined) units.set(key, unit);
    else if (want !== unit) others.set(key, (others.get(key) ?? new Set()).add(unit));
  }
  for (const key of keys) {
    if ((units.get(key) ?? '') === '') units.set(key, key === 'alignment' || key === 'request' ? 'bytes' : key);
  }
  const notes = [...others].map(([key, set]) => `label ${key} is in ${units.get(key)}, also seen in ${[...set].sort().join(', ')} (those values are compared as if in ${units.get(key)})`);
  return { units, notes };
}

// ---- numbers with units, as pprof's internal/measurement scales them ----

interface Unit {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly factor: number;
}

interface UnitType {
  readonly units: readonly Unit[];
  readonly defaultUnit: Unit;
}

const BYTE: Unit = { name: 'B', aliases: ['b', 'byte'], factor: 1 };
const SECOND: Unit = { name: 's', aliases: [], factor: 1e9 };
const GCU: Unit = { name: 'GCU', aliases: [], factor: 1 };
const UNIT_TYPES: readonly UnitType[] = [
  {
    units: [BYTE,
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 }],
    defaultUnit: BYTE,
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 }],
    defaultUnit: SECOND,
  },
  {
    units: [
      { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { name: 'GCU', aliases: ['gcu'], factor: 1 },
      { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 }],
    defaultUnit: GCU,
  },
];

const utf8 = new TextEncoder();

/** pprof's unit sniffing: lower case, one trailing "s" dropped from names over two bytes, then the aliases. */
function sniffUnit(type: UnitType, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (utf8.encode(u).length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return type.units.find((x) => x.aliases.includes(u));
}

/** `value` in `from` expressed in `to`: pprof's measurement.Scale (without its automatic scaling). */
function scale(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, from, to);
    return [-v, u];
  }
  for (const type of UNIT_TYPES) {
    const fromUnit = sniffUnit(type, from);
    if (!fromUnit) continue;
    const base = value * fromUnit.factor;
    const toUnit = sniffUnit(type, to) ?? type.defaultUnit;
    return [base / toUnit.factor, toUnit.name];
  }
  return ['count', 'sample', 'unit', 'minimum', 'auto'].includes(to) ? [value, ''] : [value, to];
}

interface NumberRange {
  test(value: number, unit: string): boolean;
}

/** pprof's parseTagFilterRange: the range `text` spells, or undefined when it is not one (then it is regexps). */
function parseRange(text: string): NumberRange | undefined {
  const found = [...text.matchAll(/([+-]?[0-9]+)([A-Za-z]+)?/g)].slice(0, 2);
  if (found.length === 0) return undefined;
  const number = (m: RegExpMatchArray) => {
    const n = Number(m[1]);
    if (!Number.isSafeInteger(n)) throw new FilterError(`tag filter ${JSON.stringify(text)}: ${m[1]} is too large a number`);
    return n;
  };
  const [low, unit] = scale(number(found[0]), found[0][2] ?? '', found[0][2] ?? '');
  const inUnit = (v: number, u: string, compare: (x: number) => boolean) => {
    const [x, xu] = scale(v, u, unit);
    return xu === unit && compare(x);
  };
  if (found.length === 1) {
    const m = found[0][0];
    if (text === m) return { test: (v, u) => inUnit(v, u, (x) => x === low) };
    if (text === `${m}:`) return { test: (v, u) => inUnit(v, u, (x) => x >= low) };
    if (text === `:${m}`) return { test: (v, u) => inUnit(v, u, (x) => x <= low) };
    return undefined;
  }
  if (text !== `${found[0][0]}:${found[1][0]}`) return undefined;
  const [high, highUnit] = scale(number(found[1]), found[1][2] ?? '', unit);
  if (highUnit !== unit) return undefined;
  return { test: (v, u) => inUnit(v, u, (x) => x >= low && x <= high) };
}
