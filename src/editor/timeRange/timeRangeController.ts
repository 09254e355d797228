// The session-wide time range: "PerfLens: Select Time Range..." (presets, whole store, custom from–to, or the
// default: the newest version), a status bar item naming the range shown, and the flame graph's timeline (its
// data, and ranges dragged on it). A range reloads the loaded service and type from the store the files came
// from, merging only the profiles that start inside it; the heat, hovers and flame graph follow the session.
import * as vscode from 'vscode';
import { pickOne } from '../prompts';
import { isSourceError, type StoreSource } from '../../sources';
import type { StoreFile } from '../../sources/store/store-listing';
import type { TimelineView } from '../../shared/flamegraphProtocol';
import type { ProfileKey } from '../../shared/profileSelection';
import { readConfig } from '../config';
import type { LocalStores } from '../localStores';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import { fileSetKey, selectionKey } from '../profileSelection';
import type { ProfileSession } from '../profileSession';
import { storeFolder } from '../storeLoader';
import { askCustomRange } from './askRange';
import { CUSTOM_RANGE_DETAIL, CUSTOM_RANGE_LABEL, PRESETS, describeChoice, describeWindow, isRangeChoice, resolveRange, sameChoice, type RangeChoice } from './rangeChoice';
import { storeContextOf, type StoreContext } from './storeContext';
import { buildTimeline, spanOf, type TimelinePoint } from './timelineBars';

const STATE_KEY = 'perflens.timeRange';
const DEFAULT: RangeChoice = { kind: 'newestVersion' };

/** A range applied: what the session showed before (its selectionKey) and what it shows now. */
export interface RangeApplied {
  readonly before: string | undefined;
  readonly after: ProfileKey;
}

export class TimeRangeController implements vscode.Disposable {
  private choiceValue: RangeChoice = DEFAULT;
  /** The files (fileSetKey) the choice was applied to: another load resets the choice to the default. */
  private appliedTo: string | undefined;
  /** A range is being loaded: the session's changes meanwhile are its own. */
  private applying = false;
  private readonly item = vscode.window.createStatusBarItem('perflens.timeRange', vscode.StatusBarAlignment.Left, 49);
  private readonly applied = new vscode.EventEmitter<RangeApplied>();
  readonly onDidApply = this.applied.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: ProfileSession, private readonly analyzer: ProfileAnalyzer, private readonly stores: LocalStores,
    private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel,
  ) {
    const saved = state.get<{ choice: unknown; sources: string }>(STATE_KEY);
    if (saved && isRangeChoice(saved.choice)) {
      this.choiceValue = saved.choice;
      this.appliedTo = saved.sources;
    }
    this.item.name = 'PerfLens time range';
    this.item.command = 'perflens.selectTimeRange';
    this.subscriptions.push(session.onDidChange(() => this.sessionChanged()));
    this.sessionChanged();
  }

  get choice(): RangeChoice {
    return this.choiceValue;
  }

  /** The store, service and type the session's files come from; undefined when they are not from a store. */
  context(sources = this.session.current?.profile.sources ?? []): StoreContext | undefined {
    const p = this.session.current?.profile;
    const root = storeFolder();
    return storeContextOf(sources, root && p ? { root, service: p.service, type: p.type } : undefined);
  }

  /** Reload the session's service and type from its store, for this range. */
  async apply(choice: RangeChoice): Promise<void> {
    const current = this.session.current?.profile;
    const ctx = this.context();
    if (!current || !ctx) {
      throw new Error('time ranges apply to profiles from a local store; load the store ("PerfLens: Load Profiles from the Local Store") first, ' +
        'or pick the range when loading from a remote source ("PerfLens: Load Profiles from a Source...").');
    }
    const store = this.stores.at(ctx.root);
    const listed = await this.list(store, ctx, choice);
    const files = listed.map((f) => f.path);
    const versions = [...new Set(listed.map((f) => f.version))];
    const hints = { service: ctx.service === 'unknown' ? undefined : ctx.service, version: versions.length === 1 && versions[0] !== 'unknown' ? versions[0] : undefined };
    const labels = this.session.shown?.labels;
    const before = selectionKey({ sources: current.sources, type: current.type, labels, frames: this.session.shown?.frames });
    this.log.info(`time range ${describeChoice(choice)}: ${files.length} ${ctx.type} profile(s) of ${ctx.service} (${versions.join(', ')})`);
    const previous = { choice: this.choiceValue, appliedTo: this.appliedTo };
    this.choiceValue = choice;
    let loaded;
    this.applying = true;
    try {
      // A label filter shown (an endpoint's, a span's) stays on over the new range.
      loaded = await this.session.load({ sources: files, type: current.type, hints, fromStore: true, ...(labels ? { labels } : {}) });
    } catch (e) {
      // Cancelled or failed: the session still shows the files before, under their range.
      this.choiceValue = previous.choice;
      this.appliedTo = previous.appliedTo;
      throw e;
    } finally {
      this.applying = false;
    }
    // The files that decoded (a store's file that does not is left out, and reported).
    this.appliedTo = fileSetKey(loaded.profile.sources);
    this.sessionChanged();
    await this.state.update(STATE_KEY, { choice, sources: this.appliedTo });
    this.applied.fire({ before, after: { sources: [...loaded.profile.sources], type: loaded.profile.type, hints, fromStore: true, ...(labels ? { labels } : {}) } });
  }

  /** The store's files of the context's service and type in the range (listed, not read). */
  private async list(store: StoreSource, ctx: StoreContext, choice: RangeChoice): Promise<StoreFile[]> {
    const range = resolveRange(choice, Date.now());
    const listing = await store.listing();
    const known = listing.versions(ctx.service, { type: ctx.type });
    const newest = known[known.length - 1]?.version;
    const versions = choice.kind === 'newestVersion' && newest ? [newest] : undefined;
    try {
      return listing.files({ service: ctx.service, type: ctx.type, versions, range });
    } catch (e) {
      if (!isSourceError(e) || e.kind !== 'no-data' || !range) throw e;
      const first = Math.min(...known.map((v) => v.firstSeenMs ?? Infinity));
      const last = Math.max(...known.map((v) => v.lastSeenMs ?? -Infinity));
      const has = known.length > 0 ? ` The store has them from ${new Date(first).toISOString()} to ${new Date(last).toISOString()}.` : '';
      throw new Error(`no ${ctx.type} profiles of ${ctx.service} in ${describeWindow(range.fromMs, range.toMs)}.${has}`);
    }
  }

  /** "PerfLens: Select Time Range...": the presets, then a custom range as two times. */
  async pick(): Promise<void> {
    if (!this.context()) {
      void vscode.window.showInformationMessage('PerfLens: time ranges apply to profiles from a local store. Load the store first, or pick the range in "Load Profiles from a Source...".');
      return;
    }
    const current = this.choiceValue;
    const items: (vscode.QuickPickItem & { choice?: RangeChoice })[] = [
      ...PRESETS.map((p) => ({ label: p.label, choice: p.choice, description: sameChoice(p.choice, current) ? 'shown now' : undefined })),
      { label: CUSTOM_RANGE_LABEL, detail: CUSTOM_RANGE_DETAIL },
    ];
    const picked = await pickOne(items, { title: 'PerfLens: time range', placeHolder: `Shown now: ${this.label()}` });
    if (!picked) return;
    const choice = picked.choice ?? (await askCustomRange({ title: 'PerfLens: time range', from: 'now-1h', to: 'now' }));
    if (choice) await this.apply(choice);
  }

  /** A range dragged on the flame graph's timeline; none: the whole timeline (every version). */
  selectFromTimeline(range: { fromMs: number; toMs: number } | undefined): Promise<void> {
    return this.apply(range ? { kind: 'custom', fromMs: range.fromMs, toMs: range.toMs } : { kind: 'all' });
  }

  /** The range shown, in words, for the session's files. */
  label(): string {
    const versions = this.context()?.versions ?? [];
    return describeChoice(this.choiceValue, versions.length === 1 ? versions[0] : undefined);
  }

  /**
   * The timeline of a flame graph panel's files: every profile of their service and type in their store (all
   * versions, all time), each with its total of the panel's sample type (decoded in the worker, remembered there).
   */
  async timelineFor(key: ProfileKey, signal?: AbortSignal): Promise<TimelineView | undefined> {
    const ctx = this.context(key.sources);
    if (!ctx) return undefined;
    const started = Date.now();
    // Listed, then totalled in the worker as background work (a file that does not decode counts 0 and is reported).
    const all = await this.stores.at(ctx.root).listFiles({ service: ctx.service, type: ctx.type }, { signal });
    const totals = await this.analyzer.request('profileTotals', { files: all.map((f) => f.path), typeName: key.type, limits: readConfig().limits },
      { priority: 'background', lane: `timeline ${selectionKey(key)}`, signal });
    const points: TimelinePoint[] = all.map((f, i) => ({ timeMs: f.timeMs, durationMs: totals[i]?.durationMs ?? 0, version: f.version, total: totals[i]?.total ?? 0 }));
    const shown = new Set(key.sources);
    const selected = spanOf(points, (_p, i) => shown.has(all[i].path));
    const shownNow = this.session.shown;
    const isSession = shownNow !== undefined && selectionKey(shownNow) === selectionKey(key);
    const label = isSession ? this.label() : selected ? describeWindow(selected.fromMs, selected.toMs) : '';
    const unit = this.session.current?.profile.type === key.type ? this.session.current.profile.unit : '';
    this.log.info(`timeline of ${ctx.service} ${ctx.type}: ${all.length} profiles in ${Date.now() - started} ms`);
    return buildTimeline(points, { type: key.type, unit, label, selected });
  }

  private sessionChanged(): void {
    if (this.applying) return;
    const p = this.session.current?.profile;
    if (p && this.appliedTo !== undefined && fileSetKey(p.sources) !== this.appliedTo) {
      // Something else was loaded (another file, source or type folder): the range no longer describes it.
      this.choiceValue = DEFAULT;
      this.appliedTo = undefined;
      void this.state.update(STATE_KEY, undefined);
    }
    const ctx = p ? this.context() : undefined;
    if (!p || !ctx) { this.item.hide(); return; }
    const label = this.label();
    this.item.text = `$(history) ${label}`;
    const files = p.sources.length;
    this.item.tooltip = new vscode.MarkdownString().appendText(`PerfLens time range: ${label} — ${files} profile${files === 1 ? '' : 's'} of ${ctx.service} (${ctx.type}) merged.\nClick to choose another range.`);
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.applied.dispose();
    this.item.dispose();
  }
}
