// The extension host's end of the profile worker (dist/profile-worker.js, a child process): one typed request method
// over the worker's IPC channel (src/rpc), with VS Code's cancellation tokens. One worker for the extension's
// lifetime; a crashed worker is replaced on the next request, and one still busy with a cancelled request after a
// deadline is replaced at once.
import * as vscode from 'vscode';
import { isCancelled } from '../rpc/cancelled';
import type { RequestOptions } from '../rpc/endpoint';
import type { ParamsOf, RequestKind, ResultOf } from '../rpc/protocol';
import { forkWorker } from '../rpc/forkWorker';
import { WorkerClient } from '../rpc/workerClient';
import type { AnalyzeRequest } from '../shared/analyzeProtocol';
import type { MemoryFigures, ProfileWorkerVocabulary, WorkerHostVocabulary } from '../shared/workerProtocol';
import type { WorkspaceProfile } from '../shared/workspaceProfile';
import { FunctionDetailsRequest } from './functionDetailsRequest';
import { holdDetails, unpackWorkspaceProfile, type FunctionDetailsHolder } from './unpackProfile';

type Worker_ = ProfileWorkerVocabulary;

export interface AnalyzerRequestOptions extends RequestOptions {
  /** Cancels the request (as `signal` does): it rejects with vscode.CancellationError, and the worker stops at its next step. */
  readonly token?: vscode.CancellationToken;
}

/**
 * The worker's V8 heap: a young generation of ~8 MB (semi-spaces of 3 MB; V8's default grows up to 48 MB on a large
 * machine). The worker's bulk is typed arrays outside the heap, so short-lived objects are few and a small nursery
 * costs no measurable time, while it keeps ~30 MB less resident at the peak of loading a 90 MB profile.
 */
const WORKER_V8_FLAGS = ['--max-semi-space-size=3'];

/** A cancelled request still running this long keeps the worker from everything else: the worker is replaced. */
const CANCEL_DEADLINE_MS = 15_000;

export class ProfileAnalyzer implements vscode.Disposable {
  private readonly client: WorkerClient<WorkerHostVocabulary, Worker_>;
  private readonly badFiles = new vscode.EventEmitter<{ readonly file: string; readonly reason: string }>();
  /** A profile file the worker could not decode (told once per file version). */
  readonly onDidReportBadFile = this.badFiles.event;

  constructor(workerPath: string, private readonly log: vscode.LogOutputChannel) {
    this.client = new WorkerClient(() => forkWorker(workerPath, WORKER_V8_FLAGS), {
      name: 'profile worker',
      log: (line) => log.warn(line),
      cancelDeadlineMs: CANCEL_DEADLINE_MS,
      events: {
        badFile: (bad) => {
          log.warn(`${bad.file}: ${bad.reason}; skipped`);
          this.badFiles.fire(bad);
        },
      },
    });
  }

  /** Asks the worker; a cancelled request rejects with vscode.CancellationError. */
  async request<K extends RequestKind<Worker_>>(kind: K, params: ParamsOf<Worker_, K>, options: AnalyzerRequestOptions = {}): Promise<ResultOf<Worker_, K>> {
    const { token, signal, ...rest } = options;
    const abort = new AbortController();
    const listener = token?.onCancellationRequested(() => abort.abort());
    const onAbort = () => abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (token?.isCancellationRequested || signal?.aborted) abort.abort();
    try {
      return await this.client.request(kind, params, { ...rest, signal: abort.signal });
    } catch (e) {
      if (isCancelled(e)) throw new vscode.CancellationError();
      throw e;
    } finally {
      listener?.dispose();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The analysis of a selection, unpacked for the editor, without function details (the flame graph, the companion need none). */
  async analyze(request: AnalyzeRequest, options: AnalyzerRequestOptions = {}): Promise<WorkspaceProfile> {
    const packed = await this.request('analyze', request, options);
    const between = taskWhileWanted(options);
    await between();
    return unpackWorkspaceProfile(packed, undefined, between);
  }

  /**
   * The analysis as the session shows it: answered as soon as the heat can be drawn, its functions' callers, callees
   * and span names asked for at once, as background work, and filled in when they come (`functionDetails()` resolves
   * then, and calling it raises their request to a user's: a hover waits; it never rejects). A request that ends
   * without them while the profile is shown is asked again by the next `functionDetails()`, once
   * (functionDetailsRequest.ts); `detailOptions.signal` says the profile is no longer shown.
   */
  async analyzeWithDetails(request: AnalyzeRequest, options: AnalyzerRequestOptions, detailOptions: AnalyzerRequestOptions): Promise<WorkspaceProfile> {
    const packed = await this.request('analyze', request, options);
    const between = taskWhileWanted(options);
    await between();
    const holder = { callers: packed.callers, callees: packed.callees } as FunctionDetailsHolder;
    const profile = await unpackWorkspaceProfile(packed, holder, between);
    if (profile.functions.length === 0) return profile;
    const details = new FunctionDetailsRequest((ask) => this.request('functionDetails', request, { ...detailOptions, ...ask }), (answer) => holdDetails(holder, answer), {
      shownUntil: detailOptions.signal,
      failed: (e, again) => {
        const why = e instanceof vscode.CancellationError ? 'cancelled' : e instanceof Error ? e.message : String(e);
        this.log.warn(`function details: ${why}${again ? '; asked again when a hover needs them' : ''}`);
      },
    });
    return { ...profile, functionDetails: () => details.wait() };
  }

  /** The worker process's heap, buffers and RSS; undefined when no worker runs (none is started for it). */
  workerMemory(): Promise<MemoryFigures | undefined> {
    return this.client.running ? this.request('memory', {}) : Promise.resolve(undefined);
  }

  dispose(): void {
    this.client.dispose();
    this.badFiles.dispose();
  }
}

/**
 * Resolves in a task of its own: the message's arrival (its structured clone read), each slice of the function rows
 * unpacked (10^4–10^5 objects) and the views' redraw are tasks of the extension host's main thread, not one long one.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The next task, then a CancellationError if the request was cancelled meanwhile: once the worker has answered, only
 * this stops unpacking an answer nobody wants any more (a newer load started while its rows were unpacked).
 */
function taskWhileWanted(options: AnalyzerRequestOptions): () => Promise<void> {
  return async () => {
    await nextTask();
    if (options.token?.isCancellationRequested || options.signal?.aborted) throw new vscode.CancellationError();
  };
}
