// What a label filter's picker offers, from either place labels come from — the loaded profiles' samples (the
// worker's labelSummary) or a Pyroscope/Parca server (LabelNames/LabelValues) — as plain rows: each key with its
// share of the cost and how many values it has, each value with its share; a key with 10^5 values is its top values
// and a count, never 10^5 rows. No vscode here: the rows are tested as they are.
import { formatPercent } from '../../core/format/units';
import type { LabelSummary } from '../../core/query/labelsSummary';

export interface ChoiceRow {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
}

export interface KeyChoice extends ChoiceRow {
  readonly key: string;
}

export interface ValueChoice extends ChoiceRow {
  readonly value: string;
}

/** The values of one key: the listed ones and how many there are in all. */
export interface ValueList {
  readonly values: readonly { readonly value: string; readonly cost?: number; readonly count?: number }[];
  readonly valueCount: number;
  /** The selection's total, for shares; 0 when costs are unknown. */
  readonly total: number;
}

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/** The keys of the loaded samples, most cost first. */
export function keyChoices(summary: LabelSummary, typeName: string): KeyChoice[] {
  return summary.keys.map((k) => ({
    key: k.key,
    label: k.key,
    description: `${plural(k.valueCount, 'value')}${summary.total > 0 ? ` · on ${formatPercent(k.cost / summary.total)} of ${typeName}` : ''}`,
  }));
}

/** A server's label names (no costs: the server lists names only). */
export function serverKeyChoices(names: readonly string[]): KeyChoice[] {
  return names.map((key) => ({ key, label: key }));
}

/** A key's values as the loaded samples have them. */
export function summaryValues(summary: LabelSummary, key: string): ValueList {
  const k = summary.keys.find((x) => x.key === key);
  return { values: k?.values ?? [], valueCount: k?.valueCount ?? 0, total: summary.total };
}

/** The listed values, most cost first, each with its share and sample count when known. */
export function valueChoices(list: ValueList): ValueChoice[] {
  return list.values.map((v) => {
    const parts: string[] = [];
    if (v.cost !== undefined && list.total > 0) parts.push(formatPercent(Math.abs(v.cost) / list.total));
    if (v.count) parts.push(plural(Math.round(v.count), 'sample'));
    return { value: v.value, label: v.value === '' ? '(empty)' : v.value, description: parts.join(' · ') || undefined };
  });
}

/** What to say under the values when some are not listed: "showing the top 20 of 104,233 values". */
export function unlistedNote(list: ValueList): string | undefined {
  const hidden = list.valueCount - list.values.length;
  return hidden > 0 ? `showing the top ${number(list.values.length)} of ${plural(list.valueCount, 'value')}: match the others with a regular expression` : undefined;
}
