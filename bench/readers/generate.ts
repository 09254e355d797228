/**
 * Seeded generators of profile files in the text formats, for the readers' benchmark and tests: speedscope JSON
 * (sampled, several profiles, or evented) and collapsed stacks, with Go-like frames ~30 deep over a few thousand
 * functions, so stacks are mostly distinct (the hard case for memory).
 */

import { seededRandom } from '../profile/generate';

export interface GeneratedOptions {
  readonly seed?: number;
  readonly functions?: number;
  readonly maxDepth?: number;
}

/** A random stack: root first, frame indices into `functions`, sharing prefixes often (as real call trees do). */
function stacks(rand: () => number, functions: number, maxDepth: number): () => number[] {
  const roots = Array.from({ length: 8 }, () => Math.floor(rand() * functions));
  return () => {
    const depth = 3 + Math.floor(rand() * (maxDepth - 3));
    const out = [roots[Math.floor(rand() * roots.length)]];
    let f = out[0];
    for (let d = 1; d < depth; d++) {
      // Mostly a few callees per function, sometimes any function.
      f = rand() < 0.85 ? (f * 31 + 7 + Math.floor(rand() * 4)) % functions : Math.floor(rand() * functions);
      out.push(f);
    }
    return out;
  };
}

function frameName(i: number): { name: string; file: string; line: number } {
  return { name: `github.com/acme/shop/pkg${i % 97}.(*Handler${i % 13}).Serve${i}`, file: `/src/shop/pkg${i % 97}/handler${i % 13}.go`, line: 10 + (i % 400) };
}

/**
 * A sampled speedscope file of about `targetBytes`, in `profiles` profiles (threads), weights in milliseconds.
 * Written as chunks (no one giant string).
 */
export function speedscopeSampled(targetBytes: number, options: GeneratedOptions & { profiles?: number } = {}): Buffer {
  const rand = seededRandom(options.seed ?? 1);
  const functions = options.functions ?? 5000;
  const next = stacks(rand, functions, options.maxDepth ?? 30);
  const chunks: string[] = [];
  let size = 0;
  const push = (s: string) => {
    chunks.push(s);
    size += s.length;
  };
  const frames = Array.from({ length: functions }, (_, i) => JSON.stringify(frameName(i))).join(',');
  push(`{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[${frames}]},"profiles":[`);
  const nProfiles = options.profiles ?? 2;
  const perProfile = targetBytes / nProfiles;
  for (let p = 0; p < nProfiles; p++) {
    const start = size;
    const weights: number[] = [];
    push(`${p ? ',' : ''}{"type":"sampled","name":"thread ${p + 1}","unit":"milliseconds","startValue":0,"endValue":0,"samples":[`);
    let first = true;
    while (size - start < perProfile * 0.8) {
      const s = `${first ? '' : ','}[${next().join(',')}]`;
      first = false;
      push(s);
      weights.push(1 + Math.floor(rand() * 20) / 2);
    }
    push(`],"weights":[${weights.join(',')}]}`);
  }
  push(`],"name":"generated","activeProfileIndex":0,"exporter":"perflens bench"}`);
  return Buffer.from(chunks.join(''));
}

/** An evented speedscope file: nested open/close events over `events` events, times in microseconds. */
export function speedscopeEvented(events: number, options: GeneratedOptions = {}): Buffer {
  const rand = seededRandom(options.seed ?? 2);
  const functions = options.functions ?? 500;
  const frames = Array.from({ length: functions }, (_, i) => JSON.stringify(frameName(i))).join(',');
  const out: string[] = [];
  const open: number[] = [];
  let at = 0;
  for (let e = 0; e < events; e++) {
    at += Math.floor(rand() * 50);
    if (open.length === 0 || (open.length < (options.maxDepth ?? 30) && rand() < 0.55 && e < events - 64)) {
      const f = Math.floor(rand() * functions);
      open.push(f);
      out.push(`{"type":"O","frame":${f},"at":${at}}`);
    } else {
      out.push(`{"type":"C","frame":${open.pop()},"at":${at}}`);
    }
  }
  while (open.length > 0) out.push(`{"type":"C","frame":${open.pop()},"at":${(at += 5)}}`);
  return Buffer.from(`{"$schema":"https://www.speedscope.app/file-format-schema.json","shared":{"frames":[${frames}]},"profiles":[` +
    `{"type":"evented","name":"main","unit":"microseconds","startValue":0,"endValue":${at},"events":[${out.join(',')}]}]}`);
}

/** Collapsed stacks of about `targetBytes`: one line per random stack with a count. */
export function collapsed(targetBytes: number, options: GeneratedOptions = {}): Buffer {
  const rand = seededRandom(options.seed ?? 3);
  const functions = options.functions ?? 5000;
  const next = stacks(rand, functions, options.maxDepth ?? 30);
  const names = Array.from({ length: functions }, (_, i) => {
    const f = frameName(i);
    return `${f.name.replace(/;/g, ':')} (${f.file}:${f.line})`;
  });
  const lines: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const line = `${next().map((f) => names[f]).join(';')} ${1 + Math.floor(rand() * 50)}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''));
}
