// What the extension-host bench's two halves say to each other: the orchestrator (host.ts, outside VS Code) writes
// the control file into the workspace and serves HTTP on 127.0.0.1; the in-host driver (hostInHost.ts, inside the
// extension host) reads it, drives the extension as a user would, and reports each phase: first its process id
// (`/pid`, so the orchestrator can read the process's peak memory), then `/phase` at each phase's end.
import type { HostWorkspace } from './hostWorkspace';

export const HOST_CONTROL_FILE = 'perflens-host-bench.json';

export interface HostControl extends Pick<HostWorkspace, 'hotFile' | 'hotLine' | 'panels' | 'ranges'> {
  readonly url: string;
  readonly service: string;
  /** When set, a CPU profile of the extension host's main thread over each phase is written there (.cpuprofile). */
  readonly profileDir?: string;
}

/** The extension host's event loop over a phase (perf_hooks.monitorEventLoopDelay, 10 ms resolution), ms. */
export interface EventLoopDelay {
  readonly max: number;
  readonly p99: number;
  readonly p50: number;
  readonly mean: number;
  /** How many samples the histogram took (its resolution's ticks). */
  readonly samples: number;
}

/** The extension host's main-thread garbage collection over a phase (node:perf_hooks 'gc' entries), ms. */
export interface GcPauses {
  readonly count: number;
  readonly totalMs: number;
  readonly maxMs: number;
  /** Of them, the full (mark-compact) collections. */
  readonly major: number;
  readonly majorMs: number;
}

export interface Phase {
  readonly name: string;
  readonly ms: number;
  /** CPU time of the extension host process over the phase (every thread: its main thread and the profile worker). */
  readonly cpuMs: number;
  readonly eventLoop: EventLoopDelay;
  readonly gc: GcPauses;
  /** The main thread's heap at the phase's end: as left (`usedMB`) and what is still reachable after a full collection. */
  readonly heap: { readonly usedMB: number; readonly retainedMB: number };
  /** At the phase's end: the process's resident memory, and how long `spawn` of a trivial command held the main thread. */
  /** `spawn` from the extension host at the phase's end, its RSS then, and the profile worker process's RSS. */
  readonly forking: { readonly rssMB: number; readonly workerRssMB: number; readonly spawnMs: number };
}

/**
 * One stall of the extension host's main thread: a 10 ms timer that fired more than 50 ms late. Times are the
 * monotonic clock in µs (process.hrtime), the clock of V8's CPU profiles, so a stall can be matched with the samples
 * the profiler took in it.
 */
export interface Stall {
  readonly phase: string;
  /** When the timer last fired on time, and when it fired late. */
  readonly fromUs: number;
  readonly toUs: number;
}

export interface HostResult {
  readonly phases: readonly Phase[];
  readonly stalls: readonly Stall[];
  /** Epoch ms at which the open file's heat was first drawn (the orchestrator knows when the window was up). */
  readonly heatAt: number;
  /** CPU time of the extension host process from its start to the heat drawn (its own start-up included). */
  readonly heatCpuMs: number;
  /** CPU time of the extension host process from "Show Flame Graph" to the graph drawn (the big profile alone). */
  readonly firstFlameGraphCpuMs: number;
  /** From the "Show Flame Graph" command to the page's first report of drawing, for the big profile alone. */
  readonly firstFlameGraphMs: number;
  readonly flameGraphMs: readonly number[];
  readonly rangeMs: readonly { readonly range: string; readonly ms: number; readonly files: number }[];
  readonly errors: readonly string[];
}
