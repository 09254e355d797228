// The editor's language-model tool answers, on a loaded profile as the worker hands it to the editor: ranked and
// bounded, untrusted names clipped, and a function's callers and callees named.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionDetailAnswer, lineCostsAnswer, topFunctionsAnswer } from '../../../src/editor/agents/profileAnswers';
import type { FunctionCost, WorkspaceProfile } from '../../../src/shared/workspaceProfile';

const fn = (name: string, flat: number, cum: number, extra: Partial<FunctionCost> = {}): FunctionCost => ({ name, profileFile: `/src/${name}.go`, class: 'app', firstLine: 3, flat, cum, callers: [], callees: [], ...extra });
const functions = [
  fn('main.main', 0, 100, { callees: [{ fn: 1, value: 70 }, { fn: 2, value: 30 }] }),
  fn('main.search', 70, 70, { callers: [{ fn: 0, value: 70 }], path: '/ws/search.go' }),
  fn(`main.${'x'.repeat(1000)}`, 30, 30, { callers: [{ fn: 0, value: 30 }] }),
];
const profile: WorkspaceProfile = {
  sources: ['/store/cpu.pb.gz'], sampleTypes: [{ type: 'cpu', unit: 'nanoseconds' }], typeIndex: 0, type: 'cpu', unit: 'nanoseconds', total: 100,
  startMs: 0, durationMs: 0, sampleCount: 3, service: 'shop', version: 'v1',
  files: [{ path: '/ws/search.go', relativePath: 'search.go', flat: 70, cum: 70, lines: [{ line: 3, flat: 10, cum: 10, changed: false }, { line: 7, flat: 60, cum: 60, changed: true }] }],
  functions, coverage: { app: 1, dependency: 0, runtime: 0, unmapped: 0 }, unmapped: [], notes: [],
};

describe('language-model tool answers', () => {
  it('top functions by self and by total, with names clipped and the limit bounded', () => {
    const bySelf = topFunctionsAnswer(profile, 2);
    assert.match(bySelf.text, /1\. main\.search \(app, \/ws\/search\.go\): self 70 ns \(70\.00%\)/);
    assert.match(bySelf.text, /2\. main\.x{10}.*…/);
    assert.ok(!bySelf.text.includes('x'.repeat(400)), 'a 1000-character name is clipped');
    assert.match(topFunctionsAnswer(profile, undefined, 'total').text, /1\. main\.main/);
    assert.match(topFunctionsAnswer(profile, 5000).text, /limit 5000 capped at 100/);
  });

  it('line costs of a workspace file, in line order, with changed lines marked', () => {
    const a = lineCostsAnswer(profile, 'search.go', (_, line) => (line === 7 ? '\tfor i := range items { // hot' : undefined));
    assert.match(a.text, /3: total 10 ns \(10\.00%\)[^\n]*\n7: total 60 ns \(60\.00%\), self 60 ns \[changed since profiled\]  for i := range items/);
    assert.match(lineCostsAnswer(profile, 'other.go', () => undefined).text, /other\.go: no cost in the loaded profile\. Costliest files: search\.go/);
  });

  it('function detail names callers and callees, and offers near names', () => {
    assert.match(functionDetailAnswer(profile, 'main.main').text, /Calls: main\.search 70 ns \(70\.00%\); main\.x+…? 30 ns/);
    assert.match(functionDetailAnswer(profile, 'main.search').text, /Called by: main\.main 70 ns/);
    assert.match(functionDetailAnswer(profile, 'search').text, /No function named "search".*Did you mean: main\.search/);
  });
});
