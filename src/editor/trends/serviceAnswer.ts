// An answer of the profile worker about the shown service (its trends, its memory growth), asked again in the
// background after every load — later than the load's own views — and cancelled when a newer one is asked.
import * as vscode from 'vscode';
import type { ProfileSession } from '../profileSession';

export abstract class ServiceAnswer<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly askingChanged = new vscode.EventEmitter<boolean>();
  /** An ask started (true) or its answer came in (false): a view says what it waits for meanwhile. */
  readonly onDidChangeAsking = this.askingChanged.event;
  private loaded: T | undefined;
  private pending: AbortController | undefined;
  private inFlight: AbortController | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(session: ProfileSession, protected readonly log: vscode.LogOutputChannel, private readonly what: string) {
    this.subscription = session.onDidChange(() => setImmediate(() => void this.refresh()));
  }

  get current(): T | undefined {
    return this.loaded;
  }

  /** Whether an ask is on its way (its answer not yet in). */
  get asking(): boolean {
    return this.inFlight !== undefined;
  }

  /** Asks again (after a load, or when the user refreshes). */
  async refresh(): Promise<void> {
    this.pending?.abort();
    const abort = (this.pending = this.inFlight = new AbortController());
    this.askingChanged.fire(true);
    try {
      const answer = await this.ask(abort.signal);
      if (!abort.signal.aborted) this.set(answer);
    } catch (e) {
      if (abort.signal.aborted || e instanceof vscode.CancellationError) return;
      this.log.warn(`${this.what}: ${e instanceof Error ? e.message : String(e)}`);
      this.set(undefined);
    } finally {
      if (this.inFlight === abort) {
        this.inFlight = undefined;
        this.askingChanged.fire(false);
      }
    }
  }

  /** The worker's answer for the shown service; undefined when there is nothing to ask (no store behind it). */
  protected abstract ask(signal: AbortSignal): Promise<T | undefined>;

  private set(answer: T | undefined): void {
    this.loaded = answer;
    this.changed.fire(answer);
  }

  dispose(): void {
    this.pending?.abort();
    this.subscription.dispose();
    this.changed.dispose();
    this.askingChanged.dispose();
  }
}
