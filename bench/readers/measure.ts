/**
 * One measurement in a fresh process: read one profile file with PerfLens's readers (bytes → Profiles) or with
 * speedscope's own importer (bytes → speedscope's profile model), and print the time and the process's peak RSS.
 *
 *   node --import tsx bench/readers/measure.ts perflens|speedscope|baseline <file>
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readProfiles } from '../../src/core/readers';
import { importWithSpeedscope } from './speedscopeImporter';

const [tool, file] = process.argv.slice(2);

async function main(): Promise<void> {
  if (tool === 'baseline') {
    // The process with its modules loaded and speedscope's bundle evaluated, nothing read.
    await importWithSpeedscope('empty.txt', new TextEncoder().encode('a 1\n'));
    readProfiles(new TextEncoder().encode('a 1\n'), 'empty');
    report(0, 0);
    return;
  }
  const bytes = readFileSync(file);
  if (tool === 'speedscope') await importWithSpeedscope('warm-up.txt', new TextEncoder().encode('a 1\n'));
  else readProfiles(new TextEncoder().encode('a 1\n'), 'warm-up');
  const start = performance.now();
  let samples = 0;
  if (tool === 'perflens') {
    for (const p of readProfiles(bytes, basename(file))) samples += p.samples.count;
  } else if (tool === 'speedscope') {
    samples = (await importWithSpeedscope(basename(file), bytes)).length;
  } else {
    throw new Error(`unknown tool ${tool}`);
  }
  report(performance.now() - start, samples);
}

function report(ms: number, samples: number): void {
  process.stdout.write(`${JSON.stringify({ ms, samples, maxRssKB: process.resourceUsage().maxRSS })}\n`);
}

void main();
