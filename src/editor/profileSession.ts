// The profile the editor shows — the one owner of "the loaded profile": which files were loaded, which sample type is
// selected, and the symbolicated result indexed for the editor features (per file, per function). Every loader (the
// store, files, remote sources, a time range, a type switch) goes through load(); a newer load supersedes one still
// running. Every view listens to onDidChange.
import * as vscode from 'vscode';
import type { ProfileKey, ProfileSelection } from '../shared/profileSelection';
import type { FileCost, FunctionCost, WorkspaceProfile } from '../shared/workspaceProfile';
import { functionKey } from '../core/diff/functionKey';
import { isFrameFilterActive } from '../core/query/filters';
import { NO_FILTER, sameViewFilter, type ViewFilter } from '../core/query/viewFilter';
import { analysisRequest } from './analysisRequest';
import { nextTask, type ProfileAnalyzer } from './profileAnalyzer';

export interface LoadedProfile {
  readonly profile: WorkspaceProfile;
  readonly byPath: ReadonlyMap<string, FileCost>;
  /** Indices into profile.functions of the functions mapped to each file. */
  readonly functionsByPath: ReadonlyMap<string, readonly number[]>;
}

/** Other profile files the user can switch to (another kind of profile of the same service version). */
export interface ProfileAlternative {
  readonly label: string;
  readonly detail: string;
  /** The files, and the sample type to show of them (default: the label). */
  readonly selection: ProfileSelection;
}

export interface LoadOptions {
  /** Progress in the status bar instead of a notification: a load the user did not ask for (the store on start-up). */
  readonly quiet?: boolean;
  /** Cancels the load (as the notification's Cancel does): the profile shown before stays. */
  readonly token?: vscode.CancellationToken;
}

/** Per-function totals of a second kind of profile of the same version (allocations beside CPU), for code lenses. */
export interface CompanionProfile {
  readonly type: string;
  readonly unit: string;
  readonly durationMs: number;
  /** functionKey(name, profileFile) → cum: matched across builds by name and the file's last two segments. */
  readonly byFunction: { get(key: string): number | undefined };
}

/**
 * The cum of a function of `functions` by functionKey, found by its name first: the profile's functions (10^4–10^5)
 * are grouped by name once, and only same-named ones have their file's tail compared — no key made per function on
 * the extension host.
 */
function cumByFunctionKey(functions: readonly FunctionCost[]): CompanionProfile['byFunction'] {
  let byName: Map<string, FunctionCost[]> | undefined;
  return {
    get(key) {
      if (!byName) {
        byName = new Map();
        for (const f of functions) {
          const same = byName.get(f.name);
          if (same) same.push(f);
          else byName.set(f.name, [f]);
        }
      }
      const cut = key.indexOf('\u0000');
      const same = byName.get(cut < 0 ? key : key.slice(0, cut));
      if (!same) return undefined;
      // The last of the matching ones, as a map of every function's key kept it.
      for (let i = same.length - 1; i >= 0; i--) if (functionKey(same[i].name, same[i].profileFile) === key) return same[i].cum;
      return undefined;
    },
  };
}

const TIME_TYPES = /^(cpu|wall|samples|sample)$/;

export class ProfileSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LoadedProfile | undefined>();
  readonly onDidChange = this.changed.event;
  private loaded: LoadedProfile | undefined;
  /** What is shown: the files merged (those that decoded), the sample type, what their source said of them. */
  private shownSelection: ProfileKey | undefined;
  private alternativeList: readonly ProfileAlternative[] = [];
  private companionProfile: CompanionProfile | undefined;
  private generation = 0;
  /** Stops the shown profile's function-details request when another load starts or the session is cleared. */
  private detailsAbort: AbortController | undefined;
  /**
   * Stops the load in progress when a newer one starts or the session is cleared. The worker's lanes stop a request
   * it has not answered yet; this stops one whose answer is being unpacked, in tasks a newer load can run between.
   */
  private loadAbort: AbortController | undefined;
  private readonly companionChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCompanion = this.companionChanged.event;
  /** The filter every load applies unless its selection says otherwise (what the status bar shows). */
  private activeFilter: ViewFilter = NO_FILTER;
  private readonly filterChanged = new vscode.EventEmitter<{ readonly before: ProfileKey | undefined; readonly after: ProfileKey | undefined }>();
  /** The filter changed: what was shown before and what is shown now (the flame graph panel of the one follows). */
  readonly onDidChangeFilter = this.filterChanged.event;

  constructor(private readonly analyzer: ProfileAnalyzer, private readonly log: vscode.LogOutputChannel) {}

  get current(): LoadedProfile | undefined {
    return this.loaded;
  }

  /** The selection shown now, undefined when nothing is loaded. */
  get shown(): ProfileKey | undefined {
    return this.loaded && this.shownSelection;
  }

  /** The active filter: label matchers (those the server applied included) and frame filters. */
  get filter(): ViewFilter {
    return this.activeFilter;
  }

  /** The filter the next load applies (a filter restored with the workspace, before anything is loaded). */
  setFilter(filter: ViewFilter): void {
    this.activeFilter = filter;
  }

  get companion(): CompanionProfile | undefined {
    return this.companionProfile;
  }

  /** Profile kinds not in the loaded files (set by the source that loaded them). */
  get alternatives(): readonly ProfileAlternative[] {
    return this.alternativeList.filter((a) => !this.loaded?.profile.sampleTypes.some((t) => t.type === typeOf(a)));
  }

  setAlternatives(list: readonly ProfileAlternative[]): void {
    this.alternativeList = list;
  }

  async loadAlternative(a: ProfileAlternative): Promise<void> {
    // The files the user leaves stay one pick away.
    const before = this.shown;
    const back = before ? [{ label: before.type, detail: 'the profiles loaded before', selection: before }] : [];
    // A store folder is named after a sample type of its files (alloc_space of a heap profile): show that one.
    await this.load({ ...a.selection, type: typeOf(a) });
    this.alternativeList = [...this.alternativeList.filter((x) => x !== a), ...back.filter((b) => !this.alternativeList.some((x) => x.label === b.label))];
  }

  fileCost(uri: vscode.Uri): FileCost | undefined {
    return uri.scheme === 'file' ? this.loaded?.byPath.get(uri.fsPath) : undefined;
  }

  functionsIn(uri: vscode.Uri): FunctionCost[] {
    const l = this.loaded;
    if (!l || uri.scheme !== 'file') return [];
    return (l.functionsByPath.get(uri.fsPath) ?? []).map((i) => l.profile.functions[i]);
  }

  /**
   * Load (merge) these profile files; keeps the selected type when the selection names none and the new profile has
   * it, and the active filter where the selection names none (labels the server applied are not applied again).
   * A load started meanwhile supersedes this one (it then rejects with vscode.CancellationError); one that fails
   * leaves what was shown, and its filter, as they were.
   */
  async load(selected: ProfileSelection, options: LoadOptions = {}): Promise<LoadedProfile> {
    const { sources } = selected;
    const typeName = selected.type ?? this.shownSelection?.type;
    const frames = selected.frames ?? this.activeFilter.frames;
    const selection: ProfileSelection = {
      ...selected,
      labels: selected.labels ?? (selected.fetchedWith ? [] : this.activeFilter.labels),
      frames: isFrameFilterActive(frames) ? frames : undefined,
    };
    const label = sources.length === 1 ? vscode.workspace.asRelativePath(sources[0]) : `${sources.length} profiles`;
    this.loadAbort?.abort();
    const superseded = new AbortController();
    this.loadAbort = superseded;
    return vscode.window.withProgress(
      { location: options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: `PerfLens: loading ${label}`, cancellable: !options.quiet },
      async (progress, token) => {
        const started = Date.now();
        const cancel = new vscode.CancellationTokenSource();
        const subscriptions = [token.onCancellationRequested(() => cancel.cancel()), options.token?.onCancellationRequested(() => cancel.cancel())];
        if (options.token?.isCancellationRequested) cancel.cancel();
        const wanted = () => !superseded.signal.aborted && !cancel.token.isCancellationRequested;
        let profile: WorkspaceProfile;
        // The profile's function details are asked for after it; they stop when another profile is shown or it is cleared.
        const detailsAbort = new AbortController();
        try {
          // A newer load of the session supersedes this one: the worker stops it at its next step.
          const request = analysisRequest({ ...selection, type: typeName });
          profile = await this.analyzer.analyzeWithDetails(request, {
            token: cancel.token, signal: superseded.signal, onProgress: (message) => progress.report({ message }), lane: 'session',
          }, { lane: 'session-details', signal: detailsAbort.signal });
          // Indexing the rows and every view redrawing is the next task: the rows' unpacking was this one.
          await nextTask();
          if (!wanted()) throw new vscode.CancellationError();
        } catch (e) {
          detailsAbort.abort();
          throw e;
        } finally {
          for (const s of subscriptions) s?.dispose();
          cancel.dispose();
        }
        this.detailsAbort?.abort();
        this.detailsAbort = detailsAbort;
        const before = this.shown;
        this.shownSelection = {
          sources: profile.sources, type: profile.type, hints: selection.hints, fromStore: selection.fromStore, labels: selection.labels,
          ...(selection.fetchedWith?.length ? { fetchedWith: selection.fetchedWith } : {}), ...(selection.frames ? { frames: selection.frames } : {}),
        };
        const filter: ViewFilter = { labels: [...(selection.fetchedWith ?? []), ...(selection.labels ?? [])], ...(selection.frames ? { frames: selection.frames } : {}) };
        const refiltered = !sameViewFilter(filter, this.activeFilter);
        this.activeFilter = filter;
        this.loaded = index(profile);
        this.log.info(`loaded ${label}: ${profile.type} (${profile.unit}), ${profile.files.length} workspace files, ` +
          `${profile.functions.length} functions in ${Date.now() - started} ms`);
        for (const note of profile.notes) this.log.info(note);
        this.changed.fire(this.loaded);
        if (refiltered) this.filterChanged.fire({ before, after: this.shownSelection });
        void this.loadCompanion(++this.generation, profile.type);
        return this.loaded;
      },
    );
  }

  /** Re-run the analysis (after a settings change: path rules, git ref). */
  async reload(): Promise<void> {
    if (this.shown) await this.load(this.shown);
  }

  async selectType(typeName: string): Promise<void> {
    if (this.shown) await this.load({ ...this.shown, type: typeName });
  }

  /**
   * In the background, the other kind of profile of the same version (allocations for a CPU profile, CPU for the
   * rest), so a code lens can say both: `cpu 12.3% · alloc 340 MB`. Nothing is shown when there is none.
   */
  private async loadCompanion(generation: number, shownType: string): Promise<void> {
    const wanted = TIME_TYPES.test(shownType) ? (a: ProfileAlternative) => /alloc_space|inuse_space/.test(typeOf(a))
      : (a: ProfileAlternative) => TIME_TYPES.test(typeOf(a));
    const alt = this.alternatives.find(wanted);
    let companion: CompanionProfile | undefined;
    if (alt) {
      try {
        // Nobody waits for it: it gives way to what the user asks meanwhile. Of the same samples and frames.
        const { labels, frames } = this.shownSelection ?? {};
        const p = await this.analyzer.analyze(analysisRequest({ ...alt.selection, type: typeOf(alt), labels, frames }), { priority: 'background', lane: 'companion' });
        companion = { type: p.type, unit: p.unit, durationMs: p.durationMs, byFunction: cumByFunctionKey(p.functions) };
      } catch (e) {
        this.log.warn(`companion profile ${alt.label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (generation !== this.generation) return;
    this.companionProfile = companion;
    this.companionChanged.fire();
  }

  clear(): void {
    this.loadAbort?.abort();
    this.detailsAbort?.abort();
    this.generation++;
    this.companionProfile = undefined;
    this.loaded = undefined;
    this.shownSelection = undefined;
    this.alternativeList = [];
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
    this.companionChanged.dispose();
    this.filterChanged.dispose();
  }
}

/** The sample type an alternative shows: its selection's, else its label (a store folder named after a type). */
function typeOf(a: ProfileAlternative): string {
  return a.selection.type ?? a.label;
}

function index(profile: WorkspaceProfile): LoadedProfile {
  const byPath = new Map(profile.files.map((f) => [f.path, f]));
  const functionsByPath = new Map<string, number[]>();
  profile.functions.forEach((fn, i) => {
    if (!fn.path) return;
    const list = functionsByPath.get(fn.path) ?? [];
    list.push(i);
    functionsByPath.set(fn.path, list);
  });
  return { profile, byPath, functionsByPath };
}
