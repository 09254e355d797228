// What ran on the extension host's main thread in each stall over 50 ms of a `bench/load/host.ts --profile-host DIR`
// run: the CPU profile's samples inside the stall's times, each given to PerfLens's own code (the innermost of its
// frames, through the bundle's source map), VS Code's (its innermost frame), Node's, garbage collection (with the code
// that ran just before it: what allocated), native code outside JS ("(program)"), the event loop waiting ("(idle)",
// so a timer that should have run did not get a core), or no samples at all (the thread not running: a gap longer than
// the sampling interval whose two sides differ; the same frame on both sides is one long native call, fork in spawn).
//   node --import tsx bench/load/stalls.ts DIR [--json | --summary [--as-json]]   (--summary: per phase, the stalls' time by who
//   ran, PerfLens's own code by function — from the four heaviest shares of each stall)
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Stall } from './hostProtocol';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Our bundles: dist/extension.js (and the profile worker's, should it ever run on the main thread). */
const OURS = /\/dist\/(extension|profile-worker)\.js$/;
const maps = new Map<string, TraceMap | undefined>();

function mapOf(url: string): TraceMap | undefined {
  if (!maps.has(url)) {
    const file = `${url.startsWith('file:') ? fileURLToPath(url) : url}.map`;
    maps.set(url, existsSync(file) ? new TraceMap(readFileSync(file, 'utf8')) : undefined);
  }
  return maps.get(url);
}

function ourFrame(f: CallFrame): string {
  const map = mapOf(f.url);
  const at = map ? originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber }) : undefined;
  const where = at?.source ? `${at.source.replace(/^(\.\.\/)+/, '')}:${at.line}` : `${basename(f.url)}:${f.lineNumber + 1}`;
  return `${f.functionName || '(anonymous)'} (${where})`;
}

const otherFrame = (f: CallFrame) => {
  const file = f.url.replace(/^.*\/(out|lib|extensions)\//, '$1/');
  return `${f.functionName || '(anonymous)'} (${file}:${f.lineNumber + 1})`;
};

/** Who a sample's time goes to: a category and a name within it. */
function attribute(node: ProfileNode, parent: Map<number, ProfileNode>): { who: string; what: string } {
  const leaf = node.callFrame;
  if (leaf.functionName === '(garbage collector)') return { who: 'GC', what: '(garbage collector)' };
  if (leaf.functionName === '(idle)') return { who: 'idle', what: '(idle: the event loop waiting, yet its timer late)' };
  if (leaf.functionName === '(program)') return { who: 'native', what: '(program: native code outside JS)' };
  const leafName = leaf.url ? otherFrame(leaf) : leaf.functionName || '(native)';
  let firstVSCode: CallFrame | undefined;
  for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
    const f = n.callFrame;
    if (OURS.test(f.url)) {
      const ours = ourFrame(f);
      return { who: 'PerfLens', what: n === node ? ours : `${ours} → ${leafName}` };
    }
    if (!firstVSCode && f.url && !f.url.startsWith('node:') && !f.url.includes('/perflens-hostload-')) firstVSCode = f;
  }
  if (firstVSCode) return { who: 'VS Code', what: firstVSCode === leaf ? otherFrame(leaf) : `${otherFrame(firstVSCode)} → ${leafName}` };
  return { who: leaf.url.startsWith('node:') || !leaf.url ? 'Node' : 'bench driver', what: leafName };
}

interface Share {
  readonly who: string;
  readonly what: string;
  ms: number;
}

interface StallReport {
  readonly phase: string;
  readonly ms: number;
  readonly byWho: Record<string, number>;
  readonly top: readonly Share[];
  /** How many samples the profiler took in the stall. */
  readonly samples: number;
}

export function analyse(dir: string): StallReport[] {
  const { phases, stalls } = JSON.parse(readFileSync(join(dir, 'stalls.json'), 'utf8')) as { phases: string[]; stalls: Stall[] };
  const reports: StallReport[] = [];
  phases.forEach((phase, i) => {
    const file = join(dir, `${i + 1}.cpuprofile`);
    if (!existsSync(file)) return;
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, ProfileNode>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
    // Each sample stands for the time from it to the next one.
    const times: number[] = [];
    let t = profile.startTime;
    for (const d of profile.timeDeltas) times.push((t += d));
    // The sampling interval: a longer gap between two samples means the thread ran no JS the profiler could see —
    // one native call (the same frame on both sides: fork in spawn, a synchronous read) or not running at all.
    const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
    const gapUs = 4 * (deltas[Math.floor(deltas.length / 2)] ?? 500);
    for (const stall of stalls.filter((s) => s.phase === phase)) {
      const shares = new Map<string, Share>();
      const add = (a: { who: string; what: string }, ms: number) => {
        const key = `${a.who}\0${a.what}`;
        const share = shares.get(key) ?? { ...a, ms: 0 };
        share.ms += ms;
        shares.set(key, share);
      };
      let before: { who: string; what: string } | undefined;
      for (let s = 0; s < profile.samples.length; s++) {
        const at = times[s];
        const next = times[s + 1] ?? profile.endTime;
        let a = attribute(byId.get(profile.samples[s])!, parent);
        if (a.who === 'GC' && before) a = { who: 'GC', what: `GC after ${before.who}: ${before.what}` };
        if (a.who !== 'idle' && a.who !== 'native' && a.who !== 'GC') before = a;
        const from = Math.max(at, stall.fromUs);
        const to = Math.min(next, stall.toUs);
        if (to <= from) continue;
        const oneCall = profile.samples[s] === profile.samples[s + 1];
        const seen = Math.min(to, oneCall ? to : at + gapUs);
        if (seen > from) add(a, (seen - from) / 1000);
        if (to > seen) add({ who: 'unscheduled', what: '(no samples: the thread was not running — waiting for a core)' }, (to - Math.max(seen, from)) / 1000);
      }
      const all = [...shares.values()].sort((x, y) => y.ms - x.ms);
      const byWho: Record<string, number> = {};
      for (const x of all) byWho[x.who] = Math.round((byWho[x.who] ?? 0) + x.ms);
      const samples = times.filter((t) => t >= stall.fromUs && t < stall.toUs).length;
      reports.push({ phase, ms: Math.round((stall.toUs - stall.fromUs) / 1000), samples, byWho, top: all.slice(0, 4).map((x) => ({ ...x, ms: Math.round(x.ms) })) });
    }
  });
  return reports;
}

/** Per phase: its stalls' count and time, that time by who ran, and PerfLens's own functions (and the collections right after them). */
export function summarise(reports: readonly StallReport[]) {
  return [...new Set(reports.map((r) => r.phase))].map((phase) => {
    const list = reports.filter((r) => r.phase === phase);
    const byWho: Record<string, number> = {};
    for (const r of list) for (const [w, ms] of Object.entries(r.byWho)) byWho[w] = (byWho[w] ?? 0) + ms;
    const ours: Record<string, number> = {};
    for (const r of list) for (const t of r.top) if (t.who === 'PerfLens' || (t.who === 'GC' && t.what.includes('PerfLens'))) ours[t.what] = (ours[t.what] ?? 0) + t.ms;
    return {
      phase, stalls: list.length, longestMs: Math.max(...list.map((r) => r.ms)), totalMs: list.reduce((a, r) => a + r.ms, 0),
      byWho: Object.fromEntries(Object.entries(byWho).sort((a, b) => b[1] - a[1])),
      perfLens: Object.fromEntries(Object.entries(ours).sort((a, b) => b[1] - a[1]).slice(0, 6)),
    };
  });
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node --import tsx bench/load/stalls.ts DIR [--json | --summary [--as-json]]');
  const reports = analyse(dir);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(reports, null, 2));
  } else if (process.argv.includes('--summary')) {
    const phases = summarise(reports);
    if (process.argv.includes('--as-json')) console.log(JSON.stringify(phases, null, 2));
    for (const p of process.argv.includes('--as-json') ? [] : phases) {
      console.log(`${p.phase}: ${p.stalls} stalls over 50 ms, longest ${p.longestMs} ms, in all ${p.totalMs} ms — ${Object.entries(p.byWho).map(([w, ms]) => `${w} ${ms}`).join(', ')}`);
      for (const [what, ms] of Object.entries(p.perfLens)) console.log(`    ${ms} ms  ${what}`);
    }
  } else {
    for (const r of reports) {
      console.log(`${r.ms} ms (${r.samples} samples) — ${r.phase}: ${Object.entries(r.byWho).map(([w, ms]) => `${w} ${ms} ms`).join(', ')}`);
      for (const s of r.top) console.log(`    ${s.ms} ms  ${s.who}: ${s.what}`);
    }
  }
}
