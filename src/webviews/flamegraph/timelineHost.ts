// What a flame graph panel needs for its timeline strip (implemented by the editor's TimeRangeController), kept
// as an interface so the panel does not depend on how ranges are loaded.
import type * as vscode from 'vscode';
import type { TimelineView } from '../../shared/flamegraphProtocol';
import type { ProfileKey } from '../../shared/profileSelection';

export interface TimelineHost {
  /** The strip for these files; undefined when they do not come from a store. `signal`: the page no longer wants it. */
  timelineFor(key: ProfileKey, signal?: AbortSignal): Promise<TimelineView | undefined>;
  /** Load the profiles starting in the range (none: the whole timeline). */
  selectFromTimeline(range: { fromMs: number; toMs: number } | undefined): Promise<void>;
  /** The quick pick of "PerfLens: Select Time Range...". */
  pick(): Promise<void>;
  /** A range was applied: panels that showed `before` follow to `after`. */
  readonly onDidApply: vscode.Event<{ readonly before: string | undefined; readonly after: ProfileKey }>;
}
