/**
 * Overhead of continuous profiling at the collector's default settings (10 s CPU captures back to back, heap
 * snapshot and mutex/block windows every 30 s) on the sample service of examples/shop, release v1, driven by
 * its own load generator. Runs alternate without and with the collector (fresh service process each run) and
 * report, side by side:
 *   - throughput (requests/s) of the service;
 *   - the service's CPU time per request (from /proc/<pid>/stat): the CPU cost profiling adds inside it;
 *   - the collector's own CPU use (it runs in this process) as a share of one core.
 *
 *   node --import tsx bench/collector/overhead.ts [--seconds 30] [--rounds 3]
 * Writes bench/collector/results.json and results.md.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Collector } from '../../src/collector/collector';
import { DEFAULT_CPU_SECONDS, DEFAULT_INTERVAL_MS } from '../../src/collector/config';
import { DEFAULT_SCRAPE_KINDS } from '../../src/collector/scrape-kinds';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '4' } } });
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface RunResult { mode: 'off' | 'on'; rps: number; requests: number; serviceCpuMsPerRequest: number; collectorCpuShare: number; profilesStored: number }

function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((ok, fail) => execFile(cmd, args, { ...options, timeout: 600_000, maxBuffer: 1 << 20 }, (err, out, stderr) => (err ? fail(new Error(`${cmd} failed: ${stderr || err.message}`)) : ok(out))));
}

async function buildShop(work: string): Promise<string> {
  const src = join(work, 'src');
  cpSync(resolve(__dirname, '../../examples/shop'), src, { recursive: true });
  const binary = join(work, 'shop');
  await run('go', ['build', '-trimpath', '-o', binary, '.'], {
    cwd: src,
    env: { ...process.env, GOPATH: join(work, 'gopath'), GOCACHE: join(work, 'gocache'), GOENV: 'off', GOFLAGS: '-buildvcs=false', GOPROXY: 'off', CGO_ENABLED: '0' },
  });
  return binary;
}

function startShop(binary: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(binary, ['-addr', '127.0.0.1:0', '-release', 'v1', '-exit-with-stdin'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTEN (\S+)/.exec(out);
      if (m) ok({ child, address: m[1] });
    });
    child.once('exit', (code) => fail(new Error(`shop exited with ${code}`)));
  });
}

function cpuTicks(pid: number): number {
  // Fields after the command name (which is in parentheses): utime is the 14th field, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function measure(binary: string, mode: 'off' | 'on', store: string): Promise<RunResult> {
  const { child, address } = await startShop(binary);
  try {
    // Warm up (JIT-free Go, but connection pools and heap growth settle).
    await run(binary, ['-load', `http://${address}`, '-duration', '2s', '-concurrency', String(CONCURRENCY)]);
    let stored = 0;
    const collector = mode === 'on'
      ? new Collector({
          store,
          targets: [{ url: `http://${address}`, service: 'shop', version: { kind: 'fixed', version: 'v1' }, kinds: [...DEFAULT_SCRAPE_KINDS], cpuSeconds: DEFAULT_CPU_SECONDS, intervalMs: DEFAULT_INTERVAL_MS }],
        }, { onStored: () => stored++ })
      : undefined;
    const collecting = collector?.run();
    const ticks0 = cpuTicks(child.pid!);
    const self0 = process.cpuUsage();
    const wall0 = Date.now();
    const out = await run(binary, ['-load', `http://${address}`, '-duration', `${SECONDS}s`, '-concurrency', String(CONCURRENCY)]);
    const ticks = cpuTicks(child.pid!) - ticks0;
    const self = process.cpuUsage(self0);
    const wallMs = Date.now() - wall0;
    await collector?.stop();
    await collecting;
    const load = JSON.parse(out) as { requests: number; rps: number };
    return {
      mode,
      rps: load.rps,
      requests: load.requests,
      serviceCpuMsPerRequest: (ticks * 1000) / CLOCK_TICKS / load.requests,
      collectorCpuShare: mode === 'on' ? (self.user + self.system) / 1000 / wallMs : 0,
      profilesStored: stored,
    };
  } finally {
    child.stdin!.end();
    child.kill();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (on: number, off: number) => ((on - off) / off) * 100;

/** [off, on] of each round (runs are pushed in rounds of two). */
function pairs(results: readonly RunResult[]): [RunResult, RunResult][] {
  const out: [RunResult, RunResult][] = [];
  for (let i = 0; i + 1 < results.length; i += 2) {
    const a = results[i];
    const b = results[i + 1];
    out.push(a.mode === 'off' ? [a, b] : [b, a]);
  }
  return out;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'perflens-bench-collector-'));
  try {
    const binary = await buildShop(work);
    const results: RunResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of (r % 2 === 0 ? ['off', 'on'] : ['on', 'off']) as ('off' | 'on')[]) {
        const result = await measure(binary, mode, join(work, 'store'));
        results.push(result);
        console.log(`round ${r + 1} ${mode.padEnd(3)}  ${result.rps.toFixed(1)} req/s  ${result.serviceCpuMsPerRequest.toFixed(3)} ms CPU/req  collector ${(result.collectorCpuShare * 100).toFixed(2)}% of a core  ${result.profilesStored} profiles`);
      }
    }
    const of = (mode: 'off' | 'on', k: keyof RunResult) => median(results.filter((x) => x.mode === mode).map((x) => x[k] as number));
    const summary = {
      settings: { cpuSeconds: DEFAULT_CPU_SECONDS, intervalMs: DEFAULT_INTERVAL_MS, types: DEFAULT_SCRAPE_KINDS, loadSeconds: SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY },
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version, go: (await run('go', ['version'])).trim() },
      rps: { off: of('off', 'rps'), on: of('on', 'rps'), changePercent: pct(of('on', 'rps'), of('off', 'rps')) },
      serviceCpuMsPerRequest: { off: of('off', 'serviceCpuMsPerRequest'), on: of('on', 'serviceCpuMsPerRequest'), changePercent: pct(of('on', 'serviceCpuMsPerRequest'), of('off', 'serviceCpuMsPerRequest')) },
      collectorCpuShareOfOneCorePercent: of('on', 'collectorCpuShare') * 100,
      // Each round's on/off pair ran back to back: their ratio cancels slow drifts in machine load.
      pairedMedianChangePercent: {
        rps: median(pairs(results).map(([off, on]) => pct(on.rps, off.rps))),
        serviceCpuMsPerRequest: median(pairs(results).map(([off, on]) => pct(on.serviceCpuMsPerRequest, off.serviceCpuMsPerRequest))),
      },
      runs: results,
    };
    const md = `# Collector overhead (bench/collector/overhead.ts)

Sample service examples/shop (release v1) under its own load generator (${CONCURRENCY} clients, ${SECONDS} s per run,
${ROUNDS} rounds alternating without/with the collector; medians). Collector defaults: ${DEFAULT_CPU_SECONDS} s CPU
captures back to back, ${DEFAULT_SCRAPE_KINDS.join(', ')}, interval ${DEFAULT_INTERVAL_MS / 1000} s. Machine: ${summary.machine.cpus} CPUs, ${summary.machine.node}, ${summary.machine.go}.

| | without collector | with collector | change |
| --- | ---: | ---: | ---: |
| throughput (req/s) | ${summary.rps.off.toFixed(1)} | ${summary.rps.on.toFixed(1)} | ${summary.rps.changePercent.toFixed(2)}% |
| service CPU per request (ms) | ${summary.serviceCpuMsPerRequest.off.toFixed(3)} | ${summary.serviceCpuMsPerRequest.on.toFixed(3)} | ${summary.serviceCpuMsPerRequest.changePercent.toFixed(2)}% |
| collector CPU (share of one core) | – | ${summary.collectorCpuShareOfOneCorePercent.toFixed(2)}% | |

Median of each round's paired change: throughput ${summary.pairedMedianChangePercent.rps.toFixed(2)}%, service CPU per
request ${summary.pairedMedianChangePercent.serviceCpuMsPerRequest.toFixed(2)}%. Throughput on a shared 2-core machine is noisy (other work
competes with the service and its load generator); CPU per request is the steadier overhead figure.
`;
    writeFileSync(resolve(__dirname, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(resolve(__dirname, 'results.md'), md);
    console.log(`\n${md}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
