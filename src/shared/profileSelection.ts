// What a view shows: a set of profile files merged, and one sample type of them. The one name for it from the
// loaders (store, files, remote sources, time range) through the session and the flame graph panels to the worker's
// requests; its one string key is selectionKey (src/editor/profileSelection.ts).
import type { FrameFilter } from '../core/query/filters';
import type { LabelMatcher } from '../core/query/labels';

/** What a source says about its files, used when their labels are silent (the store's <service>/<version> folders). */
export interface ProfileHints {
  readonly service?: string;
  readonly version?: string;
}

export interface ProfileSelection {
  /** Absolute paths of the profile files merged. */
  readonly sources: readonly string[];
  /** The sample type shown (`cpu`, `alloc_space`...); the profile's default when absent. */
  readonly type?: string;
  readonly hints?: ProfileHints;
  /** The files come from a store: one that does not decode is skipped (and reported once) rather than failing the load. */
  readonly fromStore?: boolean;
  /**
   * Only the samples whose labels pass these matchers (core/query/labels.ts): a link's label selector, a span's or
   * a trace's id (core/query/spans.ts). Applied in the worker to every view of the selection; none: every sample.
   */
  readonly labels?: readonly LabelMatcher[];
  /**
   * The label matchers the server applied when the files were fetched (Pyroscope, Parca): every sample passed them,
   * though the merged profiles no longer carry those labels, so they are shown, never applied again.
   */
  readonly fetchedWith?: readonly LabelMatcher[];
  /** Frame filters and presets (core/query/filters.ts), applied in the worker to every view; none: every frame. */
  readonly frames?: FrameFilter;
}

/** A selection whose sample type is settled: what the session or a flame graph panel shows. */
export type ProfileKey = ProfileSelection & { readonly type: string };
