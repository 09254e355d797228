// Load on the collector's ingest endpoint: N concurrent pushers (default 50) POST distinct CPU profiles to one
// `perflens collect --ingest` server on loopback for S seconds (default 60), retrying after a 503 as SDKs do.
// Then every upload the server accepted (HTTP 200) must be in the store, decode, and carry its exact CPU total;
// nothing else may be there. Prints the figures as JSON (and writes bench/load/results.json with --save).
//   node --import tsx bench/load/ingest-load.ts [--pushers 50] [--seconds 60] [--save]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listStoreFiles } from '../../src/collector/retention';
import { readProfileFile } from '../../src/core/profile/parse';
import { cpuProfile, cpuTotal } from '../../test/unit/reliability/helpers/storeProfiles';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PUSHERS = arg('pushers', 50);
const SECONDS = arg('seconds', 60);
const FIRST_S = Date.UTC(2026, 0, 1) / 1000;

function post(url: string, body: Uint8Array): Promise<number> {
  return new Promise((ok) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', () => ok(-1));
    req.end(body);
  });
}

async function main(): Promise<void> {
  const store = mkdtempSync(join(tmpdir(), 'perflens-load-'));
  const server = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'ingestServerChild.ts'), store], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffered = '';
  let onLine: () => void = () => {};
  server.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    onLine();
  });
  const nextLine = () => new Promise<string>((ok) => {
    const check = () => { if (lines.length) ok(lines.shift()!); else onLine = check; };
    check();
  });
  const { url } = JSON.parse(await nextLine()) as { url: string };

  // Each pusher's n-th upload: service load-<p>, time FIRST_S + n s, profile number n (its CPU total is known).
  const accepted = new Map<string, number>(); // `${service}/${timeMs}` → cpu total
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  const pusher = async (p: number) => {
    for (let n = 0; Date.now() < deadline; ) {
      const body = cpuProfile(n);
      const query = `name=load-${p}%7Bversion%3Dv1%2Cpusher%3D${p}%7D&from=${FIRST_S + n}&until=${FIRST_S + n + 10}&format=pprof`;
      const start = performance.now();
      const status = await post(`${url}/ingest?${query}`, body);
      latencies.push(performance.now() - start);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) {
        accepted.set(`load-${p}/${(FIRST_S + n) * 1000}`, cpuTotal(n));
        n++;
      } else {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 30)); // back off, then retry the same upload
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: PUSHERS }, (_, p) => pusher(p)));
  const elapsedS = (performance.now() - started) / 1000;
  server.kill('SIGTERM');
  const serverFigures = JSON.parse(await nextLine()) as { stored: number; rejected: Record<string, number>; maxRssKB: number };

  // Every accepted upload is in the store with its exact total; nothing else is.
  const files = await listStoreFiles(store);
  const missing: string[] = [];
  const wrong: string[] = [];
  const found = new Set<string>();
  for (const f of files) {
    const key = `${f.service}/${f.timeMs}`;
    found.add(key);
    const p = readProfileFile(f.path);
    const cpu = p.sampleTypes.findIndex((t) => t.type === 'cpu');
    let total = 0;
    for (let s = 0; s < p.samples.count; s++) total += p.samples.values[s * p.sampleTypes.length + cpu];
    if (accepted.get(key) !== total) wrong.push(`${key}: ${total} != ${accepted.get(key)}`);
  }
  for (const key of accepted.keys()) if (!found.has(key)) missing.push(key);
  latencies.sort((a, b) => a - b);
  const result = {
    pushers: PUSHERS, seconds: Math.round(elapsedS), accepted: accepted.size, storedFiles: files.length, serverStored: serverFigures.stored,
    uploadsPerSecond: Math.round(accepted.size / elapsedS), statuses, missing: missing.length, wrong: wrong.length,
    latencyMs: { p50: Math.round(latencies[Math.floor(latencies.length / 2)]), p99: Math.round(latencies[Math.floor(latencies.length * 0.99)]) },
    serverPeakRssMB: Math.round(serverFigures.maxRssKB / 1024),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (process.argv.includes('--save')) writeFileSync(resolve(__dirname, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  rmSync(store, { recursive: true, force: true });
  if (missing.length || wrong.length || files.length !== accepted.size) {
    process.stderr.write(`DATA LOSS: ${[...missing.slice(0, 5), ...wrong.slice(0, 5)].join('; ')}\n`);
    process.exit(1);
  }
}

void main();
