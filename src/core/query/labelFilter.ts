/**
 * A query's label conditions → which label sets pass, evaluated once per label set (never per row): the label
 * matchers (labels.ts, labelsMatch.ts) and pprof's -tagfocus / -tagignore (labelsTagFilter.ts), all of which must
 * hold.
 */
import type { ProfileModel } from '../model/types';
import { formatLabelMatcher } from './labels';
import { labelKeyIds, matchLabelSets } from './labelsMatch';
import { matchTagFilter } from './labelsTagFilter';
import type { ProfileQuery } from './types';

export interface LabelSetsPassing {
  /** 1 for every label set that passes; undefined when the query has no label condition (all pass). */
  readonly pass: Uint8Array | undefined;
  readonly notes: readonly string[];
}

export function labelSetsPassing(model: ProfileModel, query: ProfileQuery): LabelSetsPassing {
  const matchers = query.labels ?? [];
  const focus = query.tagFocus ?? '';
  const ignore = query.tagIgnore ?? '';
  if (matchers.length === 0 && focus === '' && ignore === '') return { pass: undefined, notes: [] };
  const { labelSets, strings } = model;
  const notes: string[] = [];
  const pass = new Uint8Array(labelSets.count).fill(1);
  if (matchers.length > 0) {
    const m = matchLabelSets(labelSets, strings, matchers);
    notes.push(...m.notes);
    for (let s = 0; s < pass.length; s++) pass[s] &= m.pass[s];
    for (const key of new Set(matchers.map((x) => x.key))) {
      if (labelKeyIds(labelSets, strings, key).size === 0) {
        const uses = matchers.filter((x) => x.key === key).map(formatLabelMatcher).join(', ');
        notes.push(`no sample has a label ${JSON.stringify(key)}: ${uses} ${matchers.some((x) => x.key === key && (x.op === '=' || x.op === '=~')) ? 'matches only samples without it' : 'keeps every sample'}`);
      }
    }
  }
  if (focus !== '') {
    const t = matchTagFilter('tagfocus', focus, labelSets, strings);
    notes.push(...t.notes);
    for (let s = 0; s < pass.length; s++) pass[s] &= t.match[s];
  }
  if (ignore !== '') {
    const t = matchTagFilter('tagignore', ignore, labelSets, strings);
    notes.push(...t.notes);
    for (let s = 0; s < pass.length; s++) pass[s] &= 1 - t.match[s];
  }
  return { pass, notes };
}
