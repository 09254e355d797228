// A collapsed-stacks profile big enough for work in several steps: 144,000 distinct stacks 8 frames deep (three
// chunks of call edges; about a second of decoding and building on one thread).
import { writeFileSync } from 'node:fs';

/** Writes it to `file`; returns its number of stacks. */
export function writeBigProfile(file: string): number {
  const lines: string[] = [];
  for (let a = 0; a < 60; a++) {
    for (let b = 0; b < 60; b++) {
      for (let c = 0; c < 40; c++) lines.push(`main;serve;route_${a % 7};handle_${a};parse_${b};encode_${c};write_${(a + b) % 11};syscall_${c % 5} ${1 + ((a + b + c) % 9)}`);
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return lines.length;
}
