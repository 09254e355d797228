// The input of distinct-functions.bench.ts: a profile whose every function has its own name and its own file path
// (2·n strings), a tenth of them naming files of a generated workspace, and that workspace written to disk.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProtoWriter } from '../../src/core/profile/protoWriter';
import { seededRandom } from '../profile/generate';

const utf8 = new TextEncoder();
const LINES_PER_FILE = 60;

/**
 * The profile: function f (1..n) has location f (one line) and one sample of value f % 97 + 1 whose stack is f and
 * its callers f - 7, f - 14... (`depth` frames; 1 = the limits test's shape, each function a leaf of its own).
 */
export function distinctFunctionsProfile(n: number, files: readonly string[], depth = 3, seed = 3): Uint8Array {
  const rnd = seededRandom(seed);
  const strings: string[] = ['', 'cpu', 'nanoseconds'];
  const out = new ProtoWriter(1 << 24);
  const m = new ProtoWriter(64);
  const inner = new ProtoWriter(32);
  const message = (field: number) => out.bytesField(field, m.bytes());
  m.length = 0;
  m.uintField(1, 1);
  m.uintField(2, 2);
  message(1);
  for (let f = 1; f <= n; f++) {
    const r = rnd();
    let file: string;
    if (r < 0.1) file = `/build/d${f}/${files[Math.floor(rnd() * files.length)]}`;
    else if (r < 0.3) file = `github.com/dep${f % 500}/lib@v1.${f % 7}.0/pkg/f${f}.go`;
    else if (r < 0.45) file = `/app/node_modules/pkg${f % 300}/lib/m${f}.js`;
    else if (r < 0.55) file = `/usr/local/go/src/net/http/f${f}.go`;
    else file = `/srv/other/mod${f % 997}/file${f}.go`;
    const name = strings.push(`pkg${f % 997}.Func${f}`) - 1;
    const filename = strings.push(file) - 1;
    m.length = 0;
    m.uintField(1, f);
    m.uintField(2, name);
    m.uintField(4, filename);
    message(5);
    inner.length = 0;
    inner.uintField(1, f);
    inner.uintField(2, 1 + (f % LINES_PER_FILE));
    m.length = 0;
    m.uintField(1, f);
    m.bytesField(4, inner.bytes());
    message(4);
  }
  const scratch = new ProtoWriter(64);
  const stack: number[] = [];
  for (let f = 1; f <= n; f++) {
    stack.length = 0;
    for (let d = 0; d < depth && f - d * 7 >= 1; d++) stack.push(f - d * 7);
    m.length = 0;
    m.packedField(1, stack, false, scratch);
    m.packedField(2, [1 + (f % 97)], false, scratch);
    message(2);
  }
  for (const s of strings) out.bytesField(6, utf8.encode(s));
  return out.bytes();
}

export function writeWorkspace(dir: string, files: readonly string[]): void {
  const text = Array.from({ length: LINES_PER_FILE }, (_, i) => `line ${i + 1}`).join('\n');
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}
