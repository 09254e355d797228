// The load bench's in-host driver: runs inside the extension host (bundled by flamegraphs.ts and started as VS Code's
// extensionTestsPath), opens the ten flame graph panels the way the user would — load the files into the session,
// "Show Flame Graph" — waits for each page to draw, checks the tree it was sent, switches through the tabs, closes
// them all, and repeats; at each step it asks the orchestrator for the processes' memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import {
  CONTROL_FILE, type Control, type ExtensionMemory, type InHostResult, type Measurement, type PanelInfo, type PanelOpen,
  type Responsiveness, type Snapshot, type TabSwitch,
} from './flamegraphsProtocol';
import type { PanelPlan } from './flamegraphsWorkspace';

interface Api {
  readonly session: { readonly current?: unknown; load(selection: { sources: readonly string[]; type: string; hints: object; fromStore: boolean }, options: { quiet: boolean }): Promise<unknown> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;
const keyOf = (k: { sources: readonly string[]; type: string }) => JSON.stringify([[...k.sources].sort(), k.type]);
const panels = async () => (await vscode.commands.executeCommand<PanelInfo[]>('perflens.flameGraph.describePanels')) ?? [];

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const control = JSON.parse(readFileSync(join(folder, CONTROL_FILE), 'utf8')) as Control;
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(control.url + path, { method: 'POST', body: JSON.stringify(body) });
    return (await res.json()) as T;
  };
  const log = (line: string) => post('/log', { line });
  // A full collection of the extension host's main heap before each memory figure, so the figure is what is kept.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  const measurements: Measurement[] = [];
  // The extension host's event loop all along: how late a 50 ms timer fires, per phase (a long synchronous task on
  // the main thread — a decode, a big message — shows here; hovers and commands wait that long).
  const lateness = new Map<string, number[]>();
  let phase = 'start-up';
  const setPhase = async (name: string) => {
    phase = name;
    await post('/phase', { name });
  };
  let expected = performance.now() + 50;
  const lagTimer = setInterval(() => {
    const now = performance.now();
    const list = lateness.get(phase) ?? [];
    list.push(Math.max(0, now - expected));
    lateness.set(phase, list);
    expected = now + 50;
  }, 50);
  const opens: PanelOpen[] = [];
  const tabSwitches: TabSwitch[] = [];
  const errors: string[] = [];

  const responsiveness = async (): Promise<Responsiveness> => {
    const uri = vscode.Uri.file(control.hoverFile);
    const at = new vscode.Position(control.hoverLine - 1, 4);
    const hover: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      hover.push(performance.now() - t);
    }
    const delay: number[] = [];
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      const t = performance.now();
      await sleep(20);
      delay.push(Math.max(0, performance.now() - t - 20));
    }
    return { hoverMs: { median: round(median(hover)), max: round(Math.max(...hover)) }, eventLoopDelayMs: { median: round(median(delay)), max: round(Math.max(...delay)) } };
  };

  const measure = async (label: string, withResponsiveness: boolean): Promise<void> => {
    await sleep(3000);
    gc();
    const memory = await vscode.commands.executeCommand<ExtensionMemory>('perflens.flameGraph.describeMemory').then((m) => m, () => undefined);
    const snapshot = await post<Snapshot>('/snapshot', { label, pid: process.pid });
    const m: Measurement = { label, snapshot, memory, openPanels: (await panels()).length, responsiveness: withResponsiveness ? await responsiveness() : undefined };
    measurements.push(m);
    await log(`${label}: extension host ${snapshot.extensionHostMB} MB (peak ${snapshot.extensionHostPeakMB}), renderers ${snapshot.chromium.renderersMB} MB` +
      `${memory ? `, host heap ${memory.host.heapUsedMB} MB + buffers ${memory.host.arrayBuffersMB} MB, worker heap ${memory.worker?.heapUsedMB} MB + buffers ${memory.worker?.arrayBuffersMB} MB (the trees kept for pages shown again among them)` : ''}` +
      `${m.responsiveness ? `, hover ${m.responsiveness.hoverMs.median} ms` : ''}`);
  };

  /** Polls until the panel of `plan` reports a draw after `rendersBefore` draws, with the tree it was sent. */
  const drawn = async (plan: PanelPlan, rendersBefore: number, timeoutMs = 900_000): Promise<PanelInfo> => {
    const key = keyOf(plan);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const p = (await panels()).find((x) => keyOf(x.key) === key);
      if (p && (p.renders ?? 0) > rendersBefore && p.sent && p.rendered) return p;
      if (Date.now() > until) throw new Error(`the ${plan.type} panel of ${plan.sources.length} file(s) did not draw in ${timeoutMs / 1000} s: ${JSON.stringify(p)}`);
      await sleep(100);
    }
  };

  try {
    const api = await vscode.extensions.getExtension<Api>('perflens.perflens')!.activate();
    // The extension loads the store's newest profile by itself on start-up: let it finish first.
    for (let i = 0; i < 600 && !api.session.current; i++) await sleep(500);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setPhase('idle');
    await measure('idle (no panel)', true);

    for (let cycle = 1; cycle <= control.cycles; cycle++) {
      await setPhase(`cycle ${cycle}: opening`);
      for (const plan of control.panels) {
        const started = Date.now();
        await api.session.load({ sources: plan.sources, type: plan.type, hints: { service: control.service, version: control.version }, fromStore: true }, { quiet: true });
        await vscode.commands.executeCommand('perflens.showFlameGraph');
        const p = await drawn(plan, 0);
        const open: PanelOpen = {
          cycle, type: plan.type, files: plan.sources.length, ms: Date.now() - started, nodes: p.sent!.nodes, total: p.sent!.total,
          expectedTotal: plan.expectedTotal, framesDrawn: p.rendered!.frames, bytes: p.sent!.bytes, pageTimes: p.pageTimes,
        };
        opens.push(open);
        if (open.total !== open.expectedTotal) errors.push(`cycle ${cycle}, ${plan.type} of ${plan.sources.length} file(s): the tree's total is ${open.total}, the files' ${open.expectedTotal}`);
        await log(`cycle ${cycle}: ${plan.type} of ${plan.sources.length} file(s) drawn in ${open.ms} ms, ${open.nodes} nodes, ${(open.bytes / 1e6).toFixed(1)} MB sent, total ${open.total === open.expectedTotal ? 'exact' : 'WRONG'}`);
      }
      await setPhase(`cycle ${cycle}: ten open`);
      const open = await panels();
      if (open.length !== control.panels.length) errors.push(`cycle ${cycle}: ${open.length} panels open, expected ${control.panels.length}`);
      for (const plan of control.panels) {
        const p = open.find((x) => keyOf(x.key) === keyOf(plan));
        if (!p) errors.push(`cycle ${cycle}: no panel for ${plan.type} of ${plan.sources.length} file(s) after opening all`);
        else if (p.sent?.total !== plan.expectedTotal) errors.push(`cycle ${cycle}: ${plan.type} of ${plan.sources.length} file(s) holds total ${p.sent?.total}, expected ${plan.expectedTotal}`);
      }
      await measure(`cycle ${cycle}: ten panels open`, true);

      // Every tab once: the hidden page was dropped, so switching to it builds the page again from the host's data.
      await setPhase(`cycle ${cycle}: switching tabs`);
      for (let i = 0; i < control.panels.length; i++) {
        const before = new Map((await panels()).map((x) => [keyOf(x.key), x.renders ?? 0]));
        const started = Date.now();
        await vscode.commands.executeCommand('workbench.action.previousEditor');
        const until = Date.now() + 900_000;
        for (;;) {
          const visible = (await panels()).find((x) => x.visible && (x.renders ?? 0) > (before.get(keyOf(x.key)) ?? 0));
          if (visible) {
            tabSwitches.push({ cycle, ms: Date.now() - started, pageTimes: visible.pageTimes });
            break;
          }
          if (Date.now() > until) throw new Error(`cycle ${cycle}: switching tabs, no panel drew again in 900 s`);
          await sleep(50);
        }
      }
      await log(`cycle ${cycle}: tab switches ${tabSwitches.slice(-control.panels.length).map((t) => `${t.ms} (${t.pageTimes?.readyToPosted}+${t.pageTimes?.postedToRendered})`).join(', ')} ms`);
      await measure(`cycle ${cycle}: after switching through the tabs`, false);

      await setPhase(`cycle ${cycle}: closed`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (let i = 0; i < 100 && (await panels()).length > 0; i++) await sleep(100);
      await sleep(5000);
      await measure(`cycle ${cycle}: all closed`, true);
    }
    // The profile worker lets its decoded profiles go after a minute without requests.
    await setPhase('idle again');
    await sleep(70_000);
    await measure('70 s after closing', true);
  } catch (e) {
    errors.push(e instanceof Error ? e.stack ?? e.message : String(e));
  } finally {
    clearInterval(lagTimer);
    const eventLoopLateMs = Object.fromEntries([...lateness].map(([name, xs]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return [name, { p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? 0), over250ms: sorted.filter((x) => x > 250).length }];
    }));
    await post('/done', { measurements, opens, tabSwitches, errors, eventLoopLateMs } satisfies InHostResult);
  }
}
