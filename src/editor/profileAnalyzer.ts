// Runs profile analysis in a worker thread (dist/profile-worker.js) and answers with the WorkspaceProfile.
// One worker for the extension's lifetime; a crashed worker is replaced on the next request.
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { AnalyzeRequest, FromWorker, ToWorker } from '../shared/analyzeProtocol';
import type { FlameGraphBuffers, FlameGraphRequest, ProfileTotal, ProfileTotalsRequest } from '../shared/flamegraphProtocol';
import type { ReleaseDiffRequest } from '../core/workspace/buildReleaseDiffView';
import type { ReleaseDiffView } from '../shared/releaseDiffView';
import type { WorkspaceProfile } from '../shared/workspaceProfile';
import type { MemoryFigures, MemoryReply, MemoryRequest } from '../worker/workerMemory';

interface Pending {
  resolve(p: WorkspaceProfile | FlameGraphBuffers | ReleaseDiffView | readonly ProfileTotal[] | MemoryFigures): void;
  reject(e: Error): void;
  progress?: (message: string) => void;
}

export class ProfileAnalyzer implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerPath: string, private readonly log: vscode.LogOutputChannel) {}

  analyze(request: AnalyzeRequest, progress?: (message: string) => void, token?: vscode.CancellationToken): Promise<WorkspaceProfile> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkspaceProfile>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, progress });
      token?.onCancellationRequested(() => {
        // The worker cannot be interrupted mid-decode; a restart is the only prompt cancel.
        this.pending.delete(id);
        reject(new vscode.CancellationError());
        this.restart();
      });
      worker.postMessage({ id, kind: 'analyze', request } satisfies ToWorker);
    });
  }

  /** The flame graph's call tree of already analysed files (decoded files are cached in the worker). */
  flameGraph(request: FlameGraphRequest): Promise<FlameGraphBuffers> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<FlameGraphBuffers>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.postMessage({ id, kind: 'flameGraph', request } satisfies ToWorker);
    });
  }

  /** Both releases' profiles compared and mapped onto the workspace (with the diff flame graph's data). */
  releaseDiff(request: ReleaseDiffRequest, progress?: (message: string) => void): Promise<ReleaseDiffView> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ReleaseDiffView>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, progress });
      worker.postMessage({ id, kind: 'releaseDiff', request } satisfies ToWorker);
    });
  }

  /** Each file's total of one sample type (decoded in the worker, remembered per file there). */
  profileTotals(request: ProfileTotalsRequest): Promise<readonly ProfileTotal[]> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<readonly ProfileTotal[]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.postMessage({ id, kind: 'profileTotals', request } satisfies ToWorker);
    });
  }

  /** The worker's own heap and ArrayBuffers (answered between requests); undefined when no worker runs. */
  workerMemory(): Promise<MemoryFigures | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise<MemoryFigures>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.postMessage({ id, kind: 'memory' } satisfies MemoryRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.on('message', (m: FromWorker | MemoryReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') { p.progress?.(m.message); return; }
      this.pending.delete(m.id);
      if (m.kind === 'result') p.resolve(m.profile);
      else if (m.kind === 'flameGraph') p.resolve({ tree: m.tree, annotations: m.annotations });
      else if (m.kind === 'releaseDiff') p.resolve(m.view);
      else if (m.kind === 'profileTotals') p.resolve(m.totals);
      else if (m.kind === 'memory') p.resolve(m.memory);
      else p.reject(new Error(m.message));
    });
    worker.on('error', (e) => this.failAll(`the profile worker crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (code !== 0) this.failAll(`the profile worker exited with code ${code} (out of memory?)`);
    });
    this.worker = worker;
    return worker;
  }

  private failAll(message: string): void {
    this.log.error(message);
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }

  private restart(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  dispose(): void {
    this.failAll('PerfLens is shutting down');
    this.restart();
  }
}
