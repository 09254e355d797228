/**
 * One measurement in a fresh process: read one profile file with PerfLens's readers (bytes → Profiles) or with
 * speedscope's own importer (bytes → speedscope's profile model), and print one JSON line: the read's CPU time
 * (user + system of every thread of the process, garbage collector included), its wall time, the samples read,
 * the process's peak RSS and V8's heap limit.
 *
 *   node --import tsx bench/readers/measure.ts perflens|speedscope <file>
 *   node --import tsx bench/readers/measure.ts baseline perflens|speedscope
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { readProfiles } from '../../src/core/readers';
import { importWithSpeedscope } from './speedscopeImporter';

const [tool, file] = process.argv.slice(2);

async function main(): Promise<void> {
  if (tool === 'baseline') {
    // The process as the tool's runs have it just before reading (modules loaded, speedscope's bundle evaluated
    // for speedscope), with nothing read.
    if (file === 'speedscope') await importWithSpeedscope('empty.txt', new TextEncoder().encode('a 1\n'));
    else readProfiles(new TextEncoder().encode('a 1\n'), 'empty');
    report(0, 0, 0);
    return;
  }
  const bytes = readFileSync(file);
  if (tool === 'speedscope') await importWithSpeedscope('warm-up.txt', new TextEncoder().encode('a 1\n'));
  else readProfiles(new TextEncoder().encode('a 1\n'), 'warm-up');
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let samples = 0;
  if (tool === 'perflens') {
    for (const p of readProfiles(bytes, basename(file))) samples += p.samples.count;
  } else if (tool === 'speedscope') {
    samples = (await importWithSpeedscope(basename(file), bytes)).length;
  } else {
    throw new Error(`unknown tool ${tool}`);
  }
  const cpu = process.cpuUsage(cpuStart);
  report(performance.now() - start, (cpu.user + cpu.system) / 1000, samples);
}

function report(ms: number, cpuMs: number, samples: number): void {
  const heapLimitMB = getHeapStatistics().heap_size_limit / 2 ** 20;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, samples, maxRssKB: process.resourceUsage().maxRSS, heapLimitMB })}\n`);
}

void main();
