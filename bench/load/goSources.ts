// Go sources for the generated profiles' functions (bench/profile/generate.ts and heapProfile.ts name function f
// `github.com/acme/service/pkg<f % 97>.(*Type<f % 1013>).Method<f>` in file<f % files>.go, starting at line
// 10 + (f * 37) % 2000): a module github.com/acme/service with the first functions' files, each function at the line
// the profile names, so the editor has heat, hovers and lenses to show.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes go.mod and `count` files (file0.go … ); returns the first file and a line inside its function (1-based). */
export function writeGoSources(folder: string, count: number): { hotFile: string; hotLine: number } {
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(folder, rel)), { recursive: true });
    writeFileSync(join(folder, rel), text);
  };
  write('go.mod', 'module github.com/acme/service\n\ngo 1.22\n');
  for (let f = 0; f < count; f++) {
    const start = 10 + ((f * 37) % 2000);
    const lines = [`package pkg${f % 97}`, ''];
    while (lines.length < start - 1) lines.push('//');
    lines.push(`func (t *Type${f % 1013}) Method${f}() {`);
    for (let k = 0; k < 70; k++) lines.push(`\t_ = make([]byte, ${k + 1})`);
    lines.push('}', '');
    // Function f is in file f (f < the number of files), so function 0's file is file0.go.
    write(`pkg${f % 97}/file${f}.go`, lines.join('\n'));
  }
  return { hotFile: join(folder, 'pkg0', 'file0.go'), hotLine: 12 };
}
