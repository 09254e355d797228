/**
 * Evaluates label filters once per label set (never per sample): a model interns each distinct set of labels
 * once, rows point at it, and a row passes when its label set does. Each distinct value is tested once per
 * matcher, regular expressions within the bounds of filtersRegexp.ts.
 */
import type { Strings } from '../aggregate/mergedStrings';
import type { LabelSetTable } from '../model/types';
import type { Profile } from '../profile/model';
import { BoundedMatching, type FilterRegexp } from './filtersRegexp';
import { compileLabelRegexp, formatLabelMatcher, isRegexOp, type LabelMatcher } from './labels';

export interface LabelSetMatch {
  /** 1 for each label set that passes every matcher. */
  readonly pass: Uint8Array;
  /** How many label sets pass. */
  readonly passing: number;
  /** Things the person should know (values too long to match). */
  readonly notes: readonly string[];
}

/**
 * Which label sets pass all the matchers (all pass when there are none). Throws FilterError on a bad regexp.
 * @param budget matching work allowed per regexp, in steps (default: grows with the values tested, see filtersRegexp.ts)
 */
export function matchLabelSets(sets: LabelSetTable, strings: Strings, matchers: readonly LabelMatcher[], budget?: number): LabelSetMatch {
  const pass = new Uint8Array(sets.count).fill(1);
  const notes: string[] = [];
  for (const m of matchers) {
    const note = applyMatcher(sets, strings, m, pass, budget);
    if (note) notes.push(note);
  }
  let passing = 0;
  for (let s = 0; s < sets.count; s++) passing += pass[s];
  return { pass, passing, notes };
}

/** Clears `pass` for the sets that fail `m`; returns a note when some values could not be matched. */
function applyMatcher(sets: LabelSetTable, strings: Strings, m: LabelMatcher, pass: Uint8Array, budget: number | undefined): string | undefined {
  const keyIds = labelKeyIds(sets, strings, m.key);
  const rx = isRegexOp(m.op) ? compileLabelRegexp(m) : undefined;
  const valueText = (i: number) => (sets.str[i] !== 0 ? strings.get(sets.str[i]) : String(sets.num[i]));

  // Each distinct value once: string values by id, numeric ones by number.
  const byString = new Map<number, boolean>();
  const byNumber = new Map<number, boolean>();
  let matching: BoundedMatching | undefined;
  if (rx) {
    let characters = 0;
    for (let i = 0; i < sets.key.length; i++) if (keyIds.has(sets.key[i]) && !isEmptyLabel(sets, i)) characters += valueText(i).length;
    matching = new BoundedMatching(`label filter ${formatLabelMatcher(m)}`, characters, budget);
  }
  const test = (text: string): boolean => (rx ? testWhole(matching!, rx, text) : text === m.value);
  const emptyPasses = test('');

  for (let s = 0; s < sets.count; s++) {
    if (!pass[s]) continue;
    let found = false;
    let positive = false;
    for (let i = sets.start[s]; i < sets.start[s + 1] && !positive; i++) {
      if (!keyIds.has(sets.key[i]) || isEmptyLabel(sets, i)) continue;
      found = true;
      const cache = sets.str[i] !== 0 ? byString : byNumber;
      const id = sets.str[i] !== 0 ? sets.str[i] : sets.num[i];
      let d = cache.get(id);
      if (d === undefined) {
        d = test(valueText(i));
        cache.set(id, d);
      }
      positive = d;
    }
    if (!found) positive = emptyPasses;
    const negated = m.op === '!=' || m.op === '!~';
    if (positive === negated) pass[s] = 0;
  }
  return matching?.note('label value');
}

/** `^(?s:…)$` is in the pattern, so a find is a whole-value match; a value over the work bound does not match. */
function testWhole(matching: BoundedMatching, rx: FilterRegexp, text: string): boolean {
  return matching.test(rx, text) ?? false;
}

/**
 * A label with neither a string, a number nor a unit says nothing: pprof drops it when it reads a profile, and so
 * does every label filter here.
 */
export function isEmptyLabel(sets: LabelSetTable, i: number): boolean {
  return sets.str[i] === 0 && sets.num[i] === 0 && sets.unit[i] === 0;
}

/** A decoded profile's labels as label sets, set s being sample s's labels (a profile does not intern them). */
export function sampleLabelSets(p: Profile): LabelSetTable {
  return { count: p.samples.count, start: p.samples.labelStart, key: p.labels.key, str: p.labels.str, num: p.labels.num, unit: p.labels.numUnit };
}

/** The string ids used as label keys that spell `key` (a merged table has one; a plain one may have several). */
export function labelKeyIds(sets: LabelSetTable, strings: Strings, key: string): Set<number> {
  const seen = new Map<number, boolean>();
  const ids = new Set<number>();
  for (let i = 0; i < sets.key.length; i++) {
    const id = sets.key[i];
    if (seen.has(id)) continue;
    const same = strings.get(id) === key;
    seen.set(id, same);
    if (same) ids.add(id);
  }
  return ids;
}
