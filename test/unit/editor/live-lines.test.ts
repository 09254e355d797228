import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLineMap } from '../../../src/core/symbolicate/line-diff';
import { LiveLines, lineEditOf, type TextChange } from '../../../src/editor/heat/liveLines';

/** A tiny editor: applies VS Code-style changes to text and feeds them to LiveLines, like the heat controller. */
function edit(text: string, live: LiveLines, c: Omit<TextChange, 'startLineLength'>): string {
  const lines = text.split('\n');
  const before = lines.slice(0, c.startLine).join('\n') + (c.startLine > 0 ? '\n' : '') + lines[c.startLine].slice(0, c.startCharacter);
  const after = lines[c.endLine].slice(c.endCharacter) + (c.endLine < lines.length - 1 ? '\n' : '') + lines.slice(c.endLine + 1).join('\n');
  live.applyEdits([lineEditOf({ ...c, startLineLength: lines[c.startLine].length })]);
  return before + c.text + after;
}

const source = ['package main', '', 'func hot() {', '\tfor i := 0; i < n; i++ {', '\t\tsum += i', '\t}', '}', ''].join('\n');
const profile = [
  { line: 4, flat: 10, cum: 50, changed: false }, // the loop header
  { line: 5, flat: 40, cum: 40, changed: false }, // the loop body
];

describe('live lines: heat follows the code while the user types', () => {
  it('typing Enter above a hot line moves its mark down with the code', () => {
    const live = new LiveLines(source.split('\n').length);
    let text = edit(source, live, { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 0, text: '\n\n' });
    const placed = live.place(profile);
    assert.deepEqual(placed.map((p) => [p.line, p.changed]), [[5, false], [6, false]]);
    assert.equal(text.split('\n')[6], '\t\tsum += i');
    // Deleting those lines again brings the marks back.
    text = edit(text, live, { startLine: 1, startCharacter: 0, endLine: 3, endCharacter: 0, text: '' });
    assert.deepEqual(live.place(profile).map((p) => p.line), [3, 4]);
    assert.equal(text, source);
  });

  it('Enter at the end of a hot line keeps that line unchanged; typing inside it flags it', () => {
    const live = new LiveLines(source.split('\n').length);
    const lines = source.split('\n');
    edit(source, live, { startLine: 3, startCharacter: lines[3].length, endLine: 3, endCharacter: lines[3].length, text: '\n\t\t' });
    assert.deepEqual(live.place(profile).map((p) => [p.line, p.changed]), [[3, false], [5, false]]);
    const live2 = new LiveLines(lines.length);
    edit(source, live2, { startLine: 4, startCharacter: 2, endLine: 4, endCharacter: 5, text: 'total' });
    assert.deepEqual(live2.place(profile).map((p) => [p.line, p.changed]), [[3, false], [4, true]]);
  });

  it('a deleted hot line loses its mark instead of landing on other code', () => {
    const live = new LiveLines(source.split('\n').length);
    edit(source, live, { startLine: 4, startCharacter: 0, endLine: 5, endCharacter: 0, text: '' });
    assert.deepEqual(live.place(profile).map((p) => p.line), [3]);
  });

  it('starts from an unsaved buffer that already differs from the file on disk', () => {
    const buffer = source.replace('package main\n', 'package main\n\n// a comment added before the profile was loaded\n');
    const live = new LiveLines(buffer.split('\n').length, diffLineMap(source, buffer));
    assert.deepEqual(live.place(profile).map((p) => p.line), [5, 6]);
    assert.equal(buffer.split('\n')[6], '\t\tsum += i');
    assert.equal(live.committedLineAt(6), 5);
    assert.equal(live.committedLineAt(2), undefined);
  });
});
