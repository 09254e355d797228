// Hotspots "Group by…": the label Hotspots splits its rows by (kept per workspace), and the groups of the profile
// shown — asked of the profile worker once per loaded profile and key, for the session's selection and filter, so
// the groups always say what the view shows: each value's (the costliest 20, then "other", then no value) total
// and costliest functions in its samples.
import * as vscode from 'vscode';
import type { HotspotGroups } from '../../shared/workerProtocol';
import { analysisRequest } from '../analysisRequest';
import type { ProfileAnalyzer } from '../profileAnalyzer';
import type { LoadedProfile, ProfileSession } from '../profileSession';

const STATE_KEY = 'perflens.hotspotsGroupBy';
/** Functions listed per group. */
export const FUNCTIONS_PER_GROUP = 20;

export class HotspotGrouping implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The key changed, or the groups of the profile shown arrived. */
  readonly onDidChange = this.changed.event;
  private current: { readonly loaded: LoadedProfile; readonly key: string; groups?: HotspotGroups; error?: string } | undefined;
  private groupKey: string | undefined;

  constructor(private readonly session: ProfileSession, private readonly analyzer: ProfileAnalyzer, private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {
    const saved = state.get<unknown>(STATE_KEY);
    this.groupKey = typeof saved === 'string' && saved !== '' ? saved : undefined;
  }

  /** The label Hotspots is grouped by; undefined: not grouped. */
  get key(): string | undefined {
    return this.groupKey;
  }

  async setKey(key: string | undefined): Promise<void> {
    if (key === this.groupKey) return;
    this.groupKey = key;
    this.current = undefined;
    await this.state.update(STATE_KEY, key);
    this.changed.fire();
  }

  /**
   * The groups of `loaded` by the key: undefined while they are asked for (once; onDidChange fires when they come);
   * an error message when the worker could not make them.
   */
  groupsOf(loaded: LoadedProfile): HotspotGroups | { readonly error: string } | undefined {
    const key = this.groupKey;
    if (key === undefined) return undefined;
    if (this.current?.loaded === loaded && this.current.key === key) return this.current.groups ?? (this.current.error !== undefined ? { error: this.current.error } : undefined);
    const shown = this.session.shown;
    if (!shown) return undefined;
    const asked = { loaded, key } as NonNullable<HotspotGrouping['current']>;
    this.current = asked;
    const analysis = analysisRequest(shown);
    void this.analyzer.request('hotspotGroups', {
      sources: shown.sources, typeName: loaded.profile.type, limits: analysis.limits, skipUnreadable: shown.fromStore, analysis: { ...analysis, typeName: loaded.profile.type },
      labels: shown.labels, frames: shown.frames, groupBy: key, top: FUNCTIONS_PER_GROUP,
    }).then((groups) => { asked.groups = groups; }, (e: unknown) => {
      asked.error = e instanceof Error ? e.message : String(e);
      this.log.warn(`Hotspots grouped by ${key}: ${asked.error}`);
    }).finally(() => {
      if (this.current === asked) this.changed.fire();
    });
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
