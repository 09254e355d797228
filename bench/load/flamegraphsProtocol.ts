// What the load bench's two halves say to each other: the orchestrator (flamegraphs.ts, outside VS Code) writes the
// control file into the workspace and serves HTTP on 127.0.0.1; the in-host driver (flamegraphsInHost.ts, inside
// the extension host) reads the file, drives the extension, and asks the orchestrator for /proc snapshots.
import type { ChromiumMemory } from './flamegraphsProcesses';
import type { PanelPlan } from './flamegraphsWorkspace';

export const CONTROL_FILE = 'perflens-load-control.json';

export interface Control {
  readonly url: string;
  readonly service: string;
  readonly version: string;
  readonly panels: readonly PanelPlan[];
  readonly hoverFile: string;
  readonly hoverLine: number;
  /** Open ten, switch through their tabs, close them: this many times. */
  readonly cycles: number;
}

/** POST /snapshot: the orchestrator's view of the processes at this moment. */
export interface Snapshot {
  readonly extensionHostMB: number;
  /** Peak RSS of the extension host since the previous phase began. */
  readonly extensionHostPeakMB: number;
  readonly serverMB: number;
  readonly chromium: ChromiumMemory;
  /** The workbench page's main thread: requestAnimationFrame round trips from the orchestrator, ms. */
  readonly workbenchFrameMs: { readonly median: number; readonly max: number };
}

/** The extension's internal perflens.flameGraph.describeMemory. */
export interface ExtensionMemory {
  readonly host: { readonly heapUsedMB: number; readonly heapTotalMB: number; readonly arrayBuffersMB: number };
  readonly worker?: { readonly heapUsedMB: number; readonly heapTotalMB: number; readonly arrayBuffersMB: number };
}

/** One entry of perflens.flameGraph.describePanels. */
export interface PanelInfo {
  readonly key: { readonly sources: readonly string[]; readonly type: string };
  readonly title: string;
  readonly visible: boolean;
  readonly rendered?: { readonly frames: number; readonly view: string; readonly zoom: string };
  readonly renders?: number;
  readonly sent?: { readonly nodes: number; readonly total: number; readonly bytes: number };
  readonly pageTimes?: PageTimes;
}

/** A page's (re)load, ms: its 'ready' to the data posted by the host, and the data posted to the page's 'rendered'. */
export interface PageTimes {
  readonly readyToPosted: number;
  readonly postedToRendered: number;
}

export interface Responsiveness {
  /** vscode.executeHoverProvider on a function with cost: workbench → extension host → PerfLens hover → back. */
  readonly hoverMs: { readonly median: number; readonly max: number };
  /** Extension host event loop: extra delay of 20 ms timers over 2 s. */
  readonly eventLoopDelayMs: { readonly median: number; readonly max: number };
}

export interface Measurement {
  readonly label: string;
  readonly snapshot: Snapshot;
  readonly memory?: ExtensionMemory;
  readonly openPanels: number;
  readonly responsiveness?: Responsiveness;
}

export interface PanelOpen {
  readonly cycle: number;
  readonly type: string;
  readonly files: number;
  /** From the command to the page's first "rendered" report. */
  readonly ms: number;
  readonly nodes: number;
  readonly total: number;
  readonly expectedTotal: number;
  readonly framesDrawn: number;
  readonly bytes: number;
  readonly pageTimes?: PageTimes;
}

export interface TabSwitch {
  readonly cycle: number;
  /** From the command to the page's 'rendered'. */
  readonly ms: number;
  readonly pageTimes?: PageTimes;
}

export interface InHostResult {
  readonly measurements: readonly Measurement[];
  readonly opens: readonly PanelOpen[];
  /** Switching to each open panel's tab (the page is rebuilt: panels do not keep hidden pages alive). */
  readonly tabSwitches: readonly TabSwitch[];
  readonly errors: readonly string[];
  /** Per phase: how late the extension host's 50 ms timer fired (p50, p99, max, ms) and how often by over 250 ms. */
  readonly eventLoopLateMs: Readonly<Record<string, { p50: number; p99: number; max: number; over250ms: number }>>;
}
