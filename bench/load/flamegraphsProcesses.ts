// Memory of the processes the load bench starts, from /proc (Linux): resident set size now (VmRSS) and the peak
// since the last reset (VmHWM, reset by writing 5 to /proc/<pid>/clear_refs), and the Chromium processes under
// the browser the bench launched (renderers: `--type=renderer`). Other Chromiums on the machine are not counted.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const MB = 1024; // /proc reports kB

function statusField(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / MB) : 0;
  } catch {
    return 0; // the process is gone
  }
}

export const rssMB = (pid: number) => statusField(pid, 'VmRSS');
export const peakRssMB = (pid: number) => statusField(pid, 'VmHWM');

/** Start a new peak window for this process (needs the process to be ours). */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // older kernels or a process that is gone: the peak then covers the process's whole life
  }
}

/** CPU time of a process so far (user + system, every thread), ms; 0 when it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat(5)) in clock ticks of 10 ms (CLK_TCK is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** The profile worker processes (dist/profile-worker.js) under `host`. */
export function profileWorkers(host: number): number[] {
  return descendants(host).filter((p) => p.cmdline.includes('profile-worker')).map((p) => p.pid);
}

/** The extension host and its profile worker process(es): the memory PerfLens adds to a window is their sum. */
export function hostAndWorkers(host: number): number[] {
  return [host, ...profileWorkers(host)];
}

export const sumOf = (pids: readonly number[], figure: (pid: number) => number) => pids.reduce((sum, pid) => sum + figure(pid), 0);

/** Every process under `root` (not `root` itself), with its command line. */
export function descendants(root: number): { pid: number; cmdline: string }[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // comm may contain spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while listing
    }
  }
  const out: { pid: number; cmdline: string }[] = [];
  const wanted = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (wanted.has(ppid) && !wanted.has(pid)) {
        wanted.add(pid);
        grew = true;
        let cmdline = '';
        try {
          cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          // exited
        }
        out.push({ pid, cmdline });
      }
    }
  }
  return out;
}

export interface ChromiumMemory {
  readonly totalMB: number;
  readonly renderers: number;
  readonly renderersMB: number;
  readonly largestRendererMB: number;
}

/** RSS of the browser and everything under it; RSS counts shared pages in every process, so the sum over-counts. */
export function chromiumMemory(browserPid: number): ChromiumMemory {
  const all = [{ pid: browserPid, cmdline: '' }, ...descendants(browserPid)];
  const rss = all.map((p) => ({ ...p, rss: rssMB(p.pid) }));
  const renderers = rss.filter((p) => p.cmdline.includes('--type=renderer'));
  return {
    totalMB: rss.reduce((s, p) => s + p.rss, 0),
    renderers: renderers.length,
    renderersMB: renderers.reduce((s, p) => s + p.rss, 0),
    largestRendererMB: Math.max(0, ...renderers.map((p) => p.rss)),
  };
}
