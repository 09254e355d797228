import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLineMap } from '../../../src/core/symbolicate/line-diff';
import { seededRandom as random } from '../../../bench/profile/generate';
import { composeLineMaps, identityLineMap, lineMapForEdit, mapLine, type LineMap } from '../../../src/core/symbolicate/line-map';

interface Line {
  text: string;
  origin?: number; // index in the original text when untouched
}

/** Random edit script over unique lines; remembers which original lines survived untouched. */
function edit(lines: Line[], rnd: () => number, edits: number, tag: string): Line[] {
  const out = lines.map((l) => ({ ...l }));
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const op = rnd();
    if (op < 0.35) out.splice(at, 0, { text: `inserted ${tag} ${e}` });
    else if (op < 0.7 && at < out.length) out.splice(at, 1);
    else if (at < out.length) out[at] = { text: `modified ${tag} ${e}` };
  }
  return out;
}

const text = (lines: Line[]) => lines.map((l) => l.text).join('\n');

function checkAgainstTruth(map: LineMap, original: Line[], edited: Line[]) {
  const survivors = new Map<number, number>(); // original index → new 1-based line
  edited.forEach((l, i) => l.origin !== undefined && survivors.set(l.origin, i + 1));
  let lastNew = 0;
  for (let i = 0; i < original.length; i++) {
    const m = mapLine(map, i + 1);
    const survivor = survivors.get(i);
    if (survivor !== undefined) {
      assert.deepEqual(m, { kind: 'unchanged', line: survivor }, `line ${i + 1} "${original[i].text}"`);
      assert.ok(survivor > lastNew, 'unchanged lines keep their order');
      lastNew = survivor;
    } else assert.notEqual(m.kind, 'unchanged', `line ${i + 1} "${original[i].text}" was edited or removed`);
  }
}

describe('line maps from diffs', () => {
  it('maps every untouched line exactly and never calls an edited line unchanged (random edit scripts)', () => {
    const rnd = random(42);
    for (let round = 0; round < 200; round++) {
      const original: Line[] = Array.from({ length: 1 + Math.floor(rnd() * 60) }, (_, i) => ({ text: `line ${i}`, origin: i }));
      const edited = edit(original, rnd, Math.floor(rnd() * 12), `r${round}`);
      for (const strategy of ['interned', 'diffLines'] as const) {
        checkAgainstTruth(diffLineMap(text(original), text(edited), { strategy }), original, edited);
      }
    }
  });

  it('composes: commit → disk → buffer keeps exactly the lines untouched by both steps; deleted stays deleted', () => {
    const rnd = random(7);
    for (let round = 0; round < 200; round++) {
      const a: Line[] = Array.from({ length: 1 + Math.floor(rnd() * 50) }, (_, i) => ({ text: `a${i}`, origin: i }));
      const b = edit(a, rnd, Math.floor(rnd() * 8), `b${round}`);
      const c = edit(b, rnd, Math.floor(rnd() * 8), `c${round}`);
      const composed = composeLineMaps(diffLineMap(text(a), text(b)), diffLineMap(text(b), text(c)));
      checkAgainstTruth(composed, a, c);
      const first = diffLineMap(text(a), text(b));
      for (let line = 1; line <= a.length; line++) {
        if (mapLine(first, line).kind === 'deleted') assert.equal(mapLine(composed, line).kind, 'deleted');
      }
    }
  });

  it('follows editor edits one keystroke at a time', () => {
    const lines = ['a', 'b', 'c', 'd', 'e'];
    // Type a newline in the middle of "b" (b → b1, b2), then delete "d", then type inside "e".
    let map = identityLineMap(5);
    map = composeLineMaps(map, lineMapForEdit(5, 2, 2, 2)); // a b1 b2 c d e
    map = composeLineMaps(map, lineMapForEdit(6, 5, 5, 0)); // a b1 b2 c e
    map = composeLineMaps(map, lineMapForEdit(5, 5, 5, 1)); // a b1 b2 c e'
    assert.deepEqual(lines.map((_, i) => mapLine(map, i + 1)), [
      { kind: 'unchanged', line: 1 },
      { kind: 'changed', line: 2 },
      { kind: 'unchanged', line: 4 },
      { kind: 'deleted' },
      { kind: 'changed', line: 5 },
    ]);
  });

  it('ignores CR before LF, counts lines like an editor, and rejects lines the old text never had', () => {
    const map = diffLineMap('a\r\nb\r\nc\r\n', 'a\nb\nc\n');
    assert.equal(map.changed.length, 0);
    assert.equal(map.oldLineCount, 4);
    assert.deepEqual(mapLine(map, 3), { kind: 'unchanged', line: 3 });
    assert.deepEqual(mapLine(map, 5), { kind: 'out-of-range' });
    assert.deepEqual(mapLine(map, 0), { kind: 'out-of-range' });
  });

  it('is plain data: survives a JSON round trip (worker messages, persisted state)', () => {
    const map = diffLineMap('x\ny\nz', 'w\nx\nY\nz');
    const copy = JSON.parse(JSON.stringify(map)) as LineMap;
    for (let line = 1; line <= 3; line++) assert.deepEqual(mapLine(copy, line), mapLine(map, line));
    assert.deepEqual(mapLine(copy, 2), { kind: 'changed', line: 3 });
  });

  it('refuses to compose maps of different texts', () => {
    assert.throws(() => composeLineMaps(identityLineMap(3), identityLineMap(4)), /cannot compose/);
  });
});
