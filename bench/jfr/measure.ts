/**
 * One PerfLens measurement in a fresh process (run by run.ts, bundled with esbuild): reads JFR recordings
 * (gunzipped first when gzip, outside the timing, as Pyroscope's converter is timed), converts them all `reps`
 * times and prints one JSON line {bytes, minMs, medianMs, minCpuMs, cpuNanos, maxRssKB}: wall and CPU time of one
 * conversion of every file, and the total of their CPU profiles.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readJfr } from '../../src/core/readers/jfr/readJfr';

const [repsText, ...files] = process.argv.slice(2);
const reps = Number(repsText);
const recordings = files.map((file) => {
  const bytes = new Uint8Array(readFileSync(file));
  return { file, bytes: bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes };
});
const times: number[] = [];
const cpuTimes: number[] = [];
let cpuNanos = 0;
for (let i = 0; i < reps; i++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  cpuNanos = 0;
  for (const { file, bytes } of recordings) {
    const cpu = readJfr(bytes, file, { sampleRate: 100 }).find((p) => p.defaultSampleType === 'cpu');
    if (cpu) for (let s = 0; s < cpu.samples.count; s++) cpuNanos += cpu.samples.values[s * 2 + 1];
  }
  const cpuUsed = process.cpuUsage(cpuStart);
  cpuTimes.push((cpuUsed.user + cpuUsed.system) / 1000);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const bytes = recordings.reduce((n, r) => n + r.bytes.length, 0);
process.stdout.write(`${JSON.stringify({ bytes, minMs: times[0], medianMs: times[Math.floor(reps / 2)], minCpuMs: cpuTimes[0], cpuNanos, maxRssKB: process.resourceUsage().maxRSS })}\n`);
