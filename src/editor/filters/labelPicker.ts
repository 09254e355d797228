// "PerfLens: Filter by Label...": a label (offered from the loaded samples with their share of the cost, or from
// the Pyroscope/Parca server the profiles came from), then one of its costliest values or a regular expression,
// then keep or drop — one matcher, added to the active filter. Every question goes through prompts.ts.
import * as vscode from 'vscode';
import { FilterError } from '../../core/query/filtersError';
import { compileLabelRegexp, formatLabelFilter, parseLabelFilter, type LabelMatcher, type LabelOp } from '../../core/query/labels';
import { readConfig } from '../config';
import { connectSource, type SourceContext } from '../sources/loadFromSource';
import type { LoadOrigins } from '../links/loadOrigin';
import { askText, pickOne } from '../prompts';
import { keyChoices, serverKeyChoices, summaryValues, unlistedNote, valueChoices, type ValueList } from './labelChoices';
import { SERVER_FILTERED_KINDS } from './filterController';

const TITLE = 'PerfLens: filter by label';
const TOP_VALUES = 20;

/** Where the picker reads labels from: the loaded samples, or the server the profiles were fetched from. */
interface LabelSource {
  readonly where: string;
  keys(): Promise<{ key: string; label: string; description?: string }[]>;
  values(key: string): Promise<ValueList>;
}

/** The matchers to add to the filter (one, or those typed), undefined when the user dismissed a question. */
export async function pickLabelMatchers(ctx: SourceContext, origins: LoadOrigins, current: readonly LabelMatcher[]): Promise<LabelMatcher[] | undefined> {
  const source = await labelSource(ctx, origins, current);
  const keys = await source.keys();
  type KeyItem = vscode.QuickPickItem & { key?: string; typed?: true };
  const items: KeyItem[] = [
    ...keys,
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(edit) Type a label filter...', description: 'e.g. region=~"eu-.*", pod!=canary', typed: true },
  ];
  if (keys.length === 0) items.unshift({ label: '', kind: vscode.QuickPickItemKind.Separator, description: `the ${source.where} carry no labels` });
  const picked = await pickOne(items, { title: TITLE, placeHolder: `Which label? (from the ${source.where})`, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.typed || picked.key === undefined) {
    const typed = await askTyped();
    const unknown = [...new Set((typed ?? []).map((m) => m.key))].filter((k) => !keys.some((x) => x.key === k));
    // Not an error: a key missing everywhere still means something ("" for =, everything for !=), but rarely what was meant.
    if (unknown.length > 0) void vscode.window.showWarningMessage(`PerfLens: no label ${unknown.map((k) => JSON.stringify(k)).join(', ')} in the ${source.where}; a missing label's value is "" (known: ${keys.slice(0, 8).map((k) => k.key).join(', ') || 'none'}).`);
    return typed;
  }
  return pickMatcher(source, picked.key);
}

async function pickMatcher(source: LabelSource, key: string): Promise<LabelMatcher[] | undefined> {
  const list = await source.values(key);
  type ValueItem = vscode.QuickPickItem & { value?: string; regex?: true };
  const note = unlistedNote(list);
  const items: ValueItem[] = [
    ...valueChoices(list),
    { label: '', kind: vscode.QuickPickItemKind.Separator, ...(note ? { description: note } : {}) },
    { label: '$(regex) Match a regular expression...', regex: true },
  ];
  const picked = await pickOne(items, { title: `${TITLE}: ${key}`, placeHolder: `Which value of ${key}?`, matchOnDescription: true });
  if (!picked) return undefined;
  let value: string;
  let ops: [LabelOp, string][];
  if (picked.regex || picked.value === undefined) {
    const pattern = await askText({
      title: `${TITLE}: ${key}`,
      prompt: `A regular expression (Go syntax) that the whole value of ${key} must match`,
      placeHolder: 'GET /api/.*',
      validateInput: (v) => (v === '' ? 'A regular expression is needed' : problem(() => compileLabelRegexp({ key, op: '=~', value: v }))),
    });
    if (pattern === undefined) return undefined;
    value = pattern;
    ops = [['=~', 'keep the samples whose value matches'], ['!~', 'drop the samples whose value matches']];
  } else {
    value = picked.value;
    ops = [['=', 'keep only these samples'], ['!=', 'drop these samples, keep the rest']];
  }
  const op = await pickOne(ops.map(([o, what]) => ({ label: formatLabelFilter([{ key, op: o, value }]).slice(1, -1), description: what, op: o })), { title: `${TITLE}: ${key}`, placeHolder: 'Keep or drop?' });
  return op ? [{ key, op: op.op, value }] : undefined;
}

async function askTyped(): Promise<LabelMatcher[] | undefined> {
  const text = await askText({
    title: TITLE,
    prompt: 'Label matchers, all of which must hold: key=value, key!=value, key=~regex, key!~regex (comma between them)',
    placeHolder: 'endpoint="POST /checkout", region=~"eu-.*"',
    validateInput: (v) => (v.trim() === '' ? 'A filter is needed' : problem(() => parseLabelFilter(v))),
  });
  return text === undefined ? undefined : parseLabelFilter(text);
}

/** The message of a FilterError `check` throws, undefined when it passes. */
function problem(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e.message;
    throw e;
  }
}

async function labelSource(ctx: SourceContext, origins: LoadOrigins, current: readonly LabelMatcher[]): Promise<LabelSource> {
  const shown = ctx.session.shown;
  if (!shown) throw new Error('no profile is loaded: load one first, then filter it by its labels');
  const origin = origins.current;
  if (origin && SERVER_FILTERED_KINDS.includes(origin.entry.config.kind) && origin.selection.service) {
    const source = await connectSource(ctx, origin.entry);
    const service = origin.selection.service;
    if (source.listLabelNames && source.listLabelValues) {
      const options = { type: origin.typeId ?? origin.selection.type, labels: current, range: origin.range };
      return {
        where: `${source.displayName} series of ${service}`,
        keys: async () => serverKeyChoices(await source.listLabelNames!(service, options)),
        values: async (key) => {
          const v = await source.listLabelValues!(service, key, { ...options, limit: TOP_VALUES });
          // Shares only when every value is listed (the listed ones' costs are then the whole).
          const total = v.count <= v.values.length ? v.values.reduce((sum, x) => sum + Math.abs(x.cost ?? 0), 0) : 0;
          return { values: v.values, valueCount: v.count, total };
        },
      };
    }
  }
  const summary = await ctx.analyzer.request('labelSummary', {
    sources: shown.sources, typeName: shown.type, limits: readConfig().limits, skipUnreadable: shown.fromStore, labels: shown.labels, topValues: TOP_VALUES,
  });
  return {
    where: 'loaded samples',
    keys: async () => keyChoices(summary, summary.type),
    values: async (key) => summaryValues(summary, key),
  };
}
