// Line drift against a real git repository made in a temp folder: the profile was taken at commit A, the working
// tree is at commit B (lines inserted and deleted above and inside the hot function, file renamed), and the editor
// holds an unsaved buffer with more edits.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { coverageReport } from '../../../src/core/symbolicate/coverage';
import { DriftTranslator } from '../../../src/core/symbolicate/drift';
import { Git, isSafeRevision } from '../../../src/core/symbolicate/git';
import { lineCostsOf as lineCosts } from './line-costs-of';
import { translateLine } from '../../../src/core/symbolicate/line-translation';
import { makeTempDir, openDiskWorkspace, writeTree } from './workspace-helpers';

const commitA = `package pricing

// Hot computes a checksum.
func Hot(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x * x
	}
	checkSorted(xs)
	return total
}

func checkSorted(xs []int) {}

func Cold() int { return 1 }
`;

// Commit B: three lines above Hot, "total := 0" edited, "checkSorted(xs)" deleted, a line added inside the loop,
// and the file renamed pricing.go → prices.go.
const commitB = `package pricing

import "fmt"

var _ = fmt.Sprint

// Hot computes a checksum.
func Hot(xs []int) int {
	total := 1
	for _, x := range xs {
		if x < 0 { continue }
		total += x * x
	}
	return total
}

func checkSorted(xs []int) {}

func Cold() int { return 1 }
`;

// Unsaved buffer on top of B: two lines at the very top, the new loop guard reformatted, the return line edited.
const buffer = `// Code generated for the test.
// Another line.
${commitB.replace('if x < 0 { continue }', 'if x < 0 {\n\t\t\tcontinue\n\t\t}').replace('\treturn total\n', '\treturn total // unsaved edit\n')}`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

const lineOfText = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

let temp: ReturnType<typeof makeTempDir>;
let repo: string;
let shaA: string;

before(() => {
  temp = makeTempDir('drift');
  repo = join(temp.dir, 'shop');
  writeTree(repo, { 'go.mod': 'module example.com/shop\n', 'pricing/pricing.go': commitA, 'main.go': 'package main\n\nfunc main() {}\n' });
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'A');
  shaA = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'mv', 'pricing/pricing.go', 'pricing/prices.go');
  writeFileSync(join(repo, 'pricing/prices.go'), commitB);
  git(repo, 'commit', '-q', '-am', 'B');
});
after(() => temp.dispose());

describe('line drift from the profiled commit to the current text', () => {
  it('follows the rename and maps unchanged lines exactly; edited lines are changed, deleted lines gone', async () => {
    const drift = await DriftTranslator.open(new Git({ cwd: repo, enabled: true }), shaA.slice(0, 10));
    assert.ok(!('error' in drift), 'error' in drift ? drift.error : '');
    assert.equal(drift.pathAtRef('pricing/prices.go'), 'pricing/pricing.go');

    const current = readFileSync(join(repo, 'pricing/prices.go'), 'utf8');
    const file = await drift.fileDrift('pricing/prices.go', current);
    assert.equal(file.status, 'modified');
    assert.equal(file.renamed, true);

    const hot = translateLine(file, lineOfText(commitA, 'total += x * x'));
    assert.equal(hot.state, 'unchanged');
    assert.equal(current.split('\n')[hot.line! - 1], '\t\ttotal += x * x');
    assert.equal(translateLine(file, lineOfText(commitA, 'total := 0')).state, 'changed');
    assert.equal(translateLine(file, lineOfText(commitA, 'checkSorted(xs)')).state, 'deleted');
    assert.equal(translateLine(file, lineOfText(commitA, 'return total')).state, 'unchanged');
    const cold = translateLine(file, lineOfText(commitA, 'func Cold'));
    assert.equal(current.split('\n')[cold.line! - 1], 'func Cold() int { return 1 }');
  });

  it('continues into the unsaved buffer, and composing equals diffing the commit against the buffer directly', async () => {
    const drift = await DriftTranslator.open(new Git({ cwd: repo, enabled: true }), shaA);
    assert.ok(!('error' in drift));
    const current = readFileSync(join(repo, 'pricing/prices.go'), 'utf8');
    const composed = await drift.fileDrift('pricing/prices.go', current, buffer);
    const bufferLines = buffer.split('\n');
    const aLines = commitA.split('\n');
    for (let line = 1; line <= aLines.length; line++) {
      const t = translateLine(composed, line);
      if (t.state === 'unchanged') assert.equal(bufferLines[t.line! - 1], aLines[line - 1], `A line ${line}`);
    }
    const hot = translateLine(composed, lineOfText(commitA, 'total += x * x'));
    assert.equal(hot.state, 'unchanged');
    assert.equal(hot.line, lineOfText(buffer, 'total += x * x'));
    // The return line is unchanged in B but edited in the buffer: changed, shown at its replacement.
    const edited = translateLine(composed, lineOfText(commitA, 'return total'));
    assert.equal(edited.state, 'changed');
    assert.equal(edited.line, lineOfText(buffer, 'return total // unsaved edit'));
    assert.equal(translateLine(composed, lineOfText(commitA, 'checkSorted(xs)')).state, 'deleted');
  });

  it('end to end: the profile path from the build resolves through the rename, and cost lands on the same code', async () => {
    const drift = await DriftTranslator.open(new Git({ cwd: repo, enabled: true }), shaA);
    assert.ok(!('error' in drift));
    const ws = await openDiskWorkspace(repo);
    const resolver = ws.resolver({ renames: drift.renames.map((r) => ({ root: 0, ...r })) });
    const resolved = resolver.resolve('example.com/shop/pricing/pricing.go', 'example.com/shop/pricing.Hot');
    assert.deepEqual(resolved.file, { root: 0, path: 'pricing/prices.go' });
    assert.equal(resolved.renamedFrom, 'pricing/pricing.go');

    // A tiny profile at commit A: 50 on the hot line, 15 on "total := 0", 10 on the deleted line, 5 in Cold.
    const frameLines = [lineOfText(commitA, 'total += x * x'), lineOfText(commitA, 'total := 0'), lineOfText(commitA, 'checkSorted(xs)'), lineOfText(commitA, 'func Cold')];
    const samples = [50, 15, 10, 5].map((value, i) => ({ value, frames: [i] }));
    const current = readFileSync(join(repo, 'pricing/prices.go'), 'utf8');
    const file = await drift.fileDrift(resolved.file!.path, current, undefined, resolved.renamedFrom);
    const translated = frameLines.map((l) => translateLine(file, l));
    const table = lineCosts(samples, (f) => (translated[f].line ? { file: 'pricing/prices.go', line: translated[f].line! } : undefined));
    const lines = table.files.get('pricing/prices.go')!;
    assert.equal(lines.get(lineOfText(current, 'total += x * x'))?.flat, 50);
    assert.equal(lines.get(lineOfText(current, 'func Cold'))?.flat, 5);
    assert.equal(translated[1].state, 'changed');
    const report = coverageReport(frameLines.map((_, i) => ({ path: 'pricing/pricing.go', class: 'app' as const, cost: samples[i].value, lineDeleted: translated[i].state === 'deleted' })));
    assert.equal(report.costs.unmapped, 10);
    assert.equal(report.topUnmapped[0].reason, 'the line was deleted since the profiled commit');
  });

  it('says so when the commit is not in the repository', async () => {
    const drift = await DriftTranslator.open(new Git({ cwd: repo, enabled: true }), '0123456789abcdef0123456789abcdef01234567');
    assert.ok('error' in drift);
    assert.match(drift.error, /not in this repository/);
  });
});

describe('git is contained', () => {
  it('does not start any process when disabled (untrusted workspace)', async () => {
    const marker = join(temp.dir, 'git-was-run');
    const fakeGit = join(temp.dir, 'fake-git.sh');
    writeFileSync(fakeGit, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(fakeGit, 0o755);
    const disabled = new Git({ cwd: repo, enabled: false, gitPath: fakeGit });
    const result = await DriftTranslator.open(disabled, shaA);
    assert.ok('error' in result && /disabled/.test(result.error));
    await assert.rejects(disabled.show(shaA, 'main.go'), /disabled/);
    assert.equal(existsSync(marker), false);
    // The same fake binary does run when enabled: the check above is meaningful.
    await new Git({ cwd: repo, enabled: true, gitPath: fakeGit }).resolveCommit(shaA);
    assert.equal(existsSync(marker), true);
  });

  it('never passes something that looks like an option as a revision', async () => {
    for (const bad of ['--output=/tmp/x', '-p', 'a..b', 'HEAD;rm -rf /', '']) assert.equal(isSafeRevision(bad), false, bad);
    for (const good of ['HEAD', 'v1.2.3', shaA, 'release/2024-01', 'HEAD~2']) assert.equal(isSafeRevision(good), true, good);
    assert.equal(await new Git({ cwd: repo, enabled: true }).resolveCommit('--output=/tmp/x'), undefined);
  });

  it('gives up after its timeout', async () => {
    const slowGit = join(temp.dir, 'slow-git.sh');
    writeFileSync(slowGit, '#!/bin/sh\nsleep 5\n');
    chmodSync(slowGit, 0o755);
    await assert.rejects(new Git({ cwd: repo, enabled: true, gitPath: slowGit, timeoutMs: 200 }).renamesSince('HEAD'), /timed out/);
  });
});
