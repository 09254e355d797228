// The speedscope comparison's figures: medians over the runs of one profile (what speedscope-results.json keeps
// per row) and the table quoted in the top-level README's Performance section.
import type { PerfLensRun } from './speedscopePerfLens';
import type { SpeedscopeRun, SpeedscopeView } from './speedscopePage';

export const VIEWS: readonly SpeedscopeView[] = ['time-ordered', 'left-heavy'];

export interface Row {
  readonly profile: string;
  readonly bytes: number;
  readonly samples?: number;
  readonly perflens: ReturnType<typeof perflensSummary>;
  readonly speedscope: Record<SpeedscopeView, ReturnType<typeof speedscopeSummary>>;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

export function perflensSummary(runs: readonly PerfLensRun[]) {
  const ok = runs.filter((r) => r.ok);
  if (ok.length === 0) return { failures: runs.map((r) => (r.ok ? '' : r.failure)) };
  const of = (f: (r: (typeof ok)[number]) => number) => median(ok.map(f));
  return {
    runs: ok.length,
    firstRenderMs: Math.round(of((r) => r.worker.workerMs + r.pageMs)),
    workerMs: Math.round(of((r) => r.worker.workerMs)),
    pageMs: Math.round(of((r) => r.pageMs)),
    pageReportedMs: Math.round(of((r) => r.pageReportedMs)),
    treeMB: mb(ok[0].worker.treeBytes + ok[0].worker.annotationsBytes),
    // Kept while the flame graph is open: the worker's cache (heap + ArrayBuffers) and the page's.
    workerMemoryMB: mb(of((r) => r.worker.workerHeapBytes + r.worker.workerBuffersBytes)),
    pageMemoryMB: mb(of((r) => r.loaded.heapBytes + r.loaded.buffersBytes)),
    memoryMB: mb(of((r) => r.worker.workerHeapBytes + r.worker.workerBuffersBytes + r.loaded.heapBytes + r.loaded.buffersBytes)),
    // Peak RSS growth: the worker process's over its idle self, plus the tab's renderer over its idle self.
    peakGrowthMB: mb(of((r) => r.worker.peakRssGrowthBytes + r.processes.rendererPeakBytes - r.processes.rendererIdleBytes)),
    workerPeakGrowthMB: mb(of((r) => r.worker.peakRssGrowthBytes)),
    tabPeakGrowthMB: mb(of((r) => r.processes.rendererPeakBytes - r.processes.rendererIdleBytes)),
  };
}

export function speedscopeSummary(runs: readonly SpeedscopeRun[]) {
  const ok = runs.filter((r) => r.ok);
  const failed = runs.filter((r) => !r.ok);
  const failures = failed.map((r) => `${r.failure} after ${Math.round(r.afterMs / 1000)} s` +
    (r.processes ? `, its peak RSS ${(r.processes.rendererPeakBytes / 1e9).toFixed(1)} GB` : '') +
    (r.browserLog.length ? ` (${r.browserLog[0]})` : ''));
  const died = failed[0] && {
    afterS: Math.round(failed[0].afterMs / 1000),
    outOfMemory: failed[0].browserLog.some((l) => /\bOOM\b|out of memory/i.test(l)),
    peakRssMB: failed[0].processes ? mb(failed[0].processes.rendererPeakBytes) : undefined,
    failure: failed[0].failure,
  };
  if (ok.length === 0) return { failures, died };
  const of = (f: (r: (typeof ok)[number]) => number) => median(ok.map(f));
  return {
    runs: ok.length,
    ...(failures.length ? { failures } : {}),
    firstRenderMs: Math.round(of((r) => r.firstPaintMs)),
    importMs: Math.round(of((r) => r.importMs ?? NaN)),
    memoryMB: mb(of((r) => r.loaded.heapBytes + r.loaded.buffersBytes)),
    heapMB: mb(of((r) => r.loaded.heapBytes)),
    peakGrowthMB: mb(of((r) => r.processes!.rendererPeakBytes - r.processes!.rendererIdleBytes)),
    gpuProcessPeakMB: mb(of((r) => r.processes!.gpuPeakBytes)),
  };
}

const time = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const size = (mb: number) => (mb >= 1000 ? `${(mb / 1000).toFixed(2)} GB` : mb >= 10 ? `${Math.round(mb)} MB` : `${mb.toFixed(1)} MB`);

function label(r: Row): string {
  if (r.samples === undefined) return `${r.profile.replace(/ \(.*\)$/, '')}, ${(r.bytes / 1e3).toFixed(1)} KB gzipped`;
  return `generated, ${(r.bytes / 1e6).toFixed(1)} MB (${Math.round(r.samples / 1e3)}k samples)`;
}

/** The README's table: one row per profile; speedscope's cells give Time Order / Left Heavy. */
export function readmeTable(rows: readonly Row[]): string {
  const lines = [
    '| profile | PerfLens: first render | speedscope: first render | PerfLens: memory (peak growth) | speedscope: memory (peak growth) |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const p = r.perflens;
    const views = VIEWS.map((v) => r.speedscope[v]);
    const sTime = views.map((s) => ('runs' in s ? time(s.firstRenderMs!) : s.died?.outOfMemory ? `out of memory after ${s.died.afterS} s` : s.failures[0])).join(' / ');
    const sMemory = views.map((s) => ('runs' in s ? `${size(s.memoryMB!)} (${size(s.peakGrowthMB!)})` : s.died?.peakRssMB ? `died at ${size(s.died.peakRssMB)} RSS` : '—')).join(' / ');
    const pTime = 'runs' in p ? time(p.firstRenderMs!) : p.failures[0];
    const pMemory = 'runs' in p ? `${size(p.memoryMB!)} (${size(p.peakGrowthMB!)})` : '—';
    lines.push(`| ${label(r)} | ${pTime} | ${sTime} | ${pMemory} | ${sMemory} |`);
  }
  return lines.join('\n');
}
