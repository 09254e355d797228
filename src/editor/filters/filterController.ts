// The filter on what the editor shows — label matchers and frame filters — as one state: applied by loading the
// session's profiles again under it (Pyroscope and Parca are asked again with the label selector, so only matching
// samples are fetched; everything else is filtered in the profile worker), kept per workspace and read back (and
// checked) when the window reloads. A filter that fails (keeps no sample, a bad pattern) leaves the view and the
// filter as they were and says why.
import * as vscode from 'vscode';
import { formatLabelMatcher, type LabelMatcher } from '../../core/query/labels';
import { formatViewFilter, isViewFilterActive, NO_FILTER, parseViewFilter, sameViewFilter, type ViewFilter, type ViewFilterText } from '../../core/query/viewFilter';
import type { LoadOrigins } from '../links/loadOrigin';
import { loadSelection } from '../links/loadSelection';
import type { ProfileSession } from '../profileSession';
import type { SourceContext } from '../sources/loadFromSource';

const STATE_KEY = 'perflens.filter';

/** Sources that select samples by labels on the server. */
export const SERVER_FILTERED_KINDS: readonly string[] = ['pyroscope', 'parca'];

export class FilterController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewFilter>();
  /** The active filter changed (applied, cleared, or set by a link). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: SourceContext, private readonly origins: LoadOrigins, private readonly state: vscode.Memento) {
    this.subscription = ctx.session.onDidChangeFilter(() => this.saved());
  }

  get session(): ProfileSession {
    return this.ctx.session;
  }

  get filter(): ViewFilter {
    return this.session.filter;
  }

  /** The filter kept for this workspace, checked as it is read (a bad one is dropped and logged); set on the session. */
  restore(): ViewFilter {
    const text = this.state.get<Partial<ViewFilterText>>(STATE_KEY);
    if (!text || typeof text !== 'object') return NO_FILTER;
    try {
      const filter = parseViewFilter({ labels: typeof text.labels === 'string' ? text.labels : '', frames: typeof text.frames === 'string' ? text.frames : '' });
      this.session.setFilter(filter);
      return filter;
    } catch (e) {
      this.ctx.log.warn(`the saved filter is dropped: ${e instanceof Error ? e.message : String(e)}`);
      void this.state.update(STATE_KEY, undefined);
      return NO_FILTER;
    }
  }

  /**
   * Shows the profiles under `filter`. With nothing loaded it is kept for the next load. Rejects (and changes
   * nothing) when the filter keeps no sample or cannot be applied.
   */
  async apply(filter: ViewFilter): Promise<void> {
    if (sameViewFilter(filter, this.filter)) return;
    const shown = this.session.shown;
    if (!shown) {
      this.session.setFilter(filter);
      this.saved();
      return;
    }
    const origin = this.origins.current;
    const fetchedWith = shown.fetchedWith ?? [];
    const sameLabels = formatViewFilter({ labels: filter.labels }).labels === formatViewFilter({ labels: this.filter.labels }).labels;
    if (origin && SERVER_FILTERED_KINDS.includes(origin.entry.config.kind) && !sameLabels) {
      // Asked of the server again, over the same window (a relative one stays as the link wrote it).
      const before = this.session.filter;
      this.session.setFilter({ labels: before.labels, frames: filter.frames ?? {} });
      const range = origin.range && origin.selection.from === undefined ? { from: String(origin.range.fromMs), to: String(origin.range.toMs) } : {};
      try {
        await loadSelection(this.ctx, origin.entry, { ...origin.selection, ...range, labels: filter.labels });
      } catch (e) {
        this.session.setFilter(before);
        throw e;
      }
      return;
    }
    // Fetched with a label selector earlier (the window was reloaded since): those samples are all there is.
    const kept = new Set(fetchedWith.map(formatLabelMatcher));
    const dropped = fetchedWith.filter((m) => !filter.labels.some((x) => formatLabelMatcher(x) === formatLabelMatcher(m)));
    if (dropped.length > 0) {
      throw new Error(`the profiles were fetched with only the samples of ${dropped.map(formatLabelMatcher).join(', ')}: load them again from the source ("PerfLens: Load Profiles from a Source...") to widen the filter`);
    }
    const labels: LabelMatcher[] = filter.labels.filter((m) => !kept.has(formatLabelMatcher(m)));
    await this.session.load({ ...shown, labels, frames: filter.frames ?? {}, ...(fetchedWith.length > 0 ? { fetchedWith } : {}) });
  }

  /** No filter: every sample and frame. */
  clear(): Promise<void> {
    return this.apply(NO_FILTER);
  }

  get active(): boolean {
    return isViewFilterActive(this.filter);
  }

  private saved(): void {
    const f = this.filter;
    void this.state.update(STATE_KEY, isViewFilterActive(f) ? formatViewFilter(f) : undefined);
    this.changed.fire(f);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
