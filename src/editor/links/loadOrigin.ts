// Where the loaded profiles came from, when a link or a URL loaded them from a remote source: what "Open in
// Pyroscope / Grafana / Parca" reopens there. Forgotten as soon as the session shows other files.
import * as vscode from 'vscode';
import type { ProfileSession } from '../profileSession';
import type { ConfiguredSource } from '../sources/sourceSettings';
import type { ProfileSelection } from '../../sources/links/selection';
import type { TimeRange } from '../../sources/types';

export interface LoadOrigin {
  readonly entry: ConfiguredSource;
  readonly selection: ProfileSelection;
  /** The window fetched (absolute), when the source is remote. */
  readonly range?: TimeRange;
  /** The backend's own profile type id (Pyroscope/Parca), as listProfileTypes named it. */
  readonly typeId?: string;
  /** The label selector the server was asked (FetchedProfile.selector), when every fetched profile had the same. */
  readonly selector?: string;
  /** The files the session was loaded from, to tell when it shows something else. */
  readonly files: readonly string[];
}

/** The context key menus use to offer "Open in …". */
export const OPEN_IN_CONTEXT = 'perflens.openInAvailable';

export class LoadOrigins implements vscode.Disposable {
  private origin: LoadOrigin | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: ProfileSession) {
    this.subscription = session.onDidChange(() => this.update());
  }

  /** The origin of what the session shows now, if it was loaded from a remote source by a link. */
  get current(): LoadOrigin | undefined {
    const sources = this.session.current?.profile.sources;
    const o = this.origin;
    return o && sources && sources.length === o.files.length && sources.every((f, i) => f === o.files[i]) ? o : undefined;
  }

  set(origin: LoadOrigin): void {
    this.origin = origin;
    this.update();
  }

  private update(): void {
    const o = this.current;
    void vscode.commands.executeCommand('setContext', OPEN_IN_CONTEXT, o !== undefined && o.entry.config.kind !== 'store' && o.entry.config.kind !== 'pprof-http');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
