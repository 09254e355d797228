// The commits behind a regression, on a real git repository in a temp folder: perflens diff/check name the commit
// that changed the regressed function's lines (and its callers get it through the regressed functions they call),
// not an unrelated commit in the same range nor one after the head; refs that are not in git are said so, and the
// diff is still shown.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stackProfileBytes } from '../core/helpers/stackProfile';
import { runCliCaptured } from '../cli/helpers/runCliInProcess';
import { DEFAULT_PROFILE_LIMITS } from '../../../src/core/profile/limits';
import { buildReleaseDiffView } from '../../../src/core/workspace/buildReleaseDiffView';
import { viewCommits } from '../../../src/core/diff/commitsOfView';
import { regressedOfView } from '../../../src/core/diff/commitsRegressed';
import { withCommits } from '../../../src/core/diff/commitsInView';
import { readModel } from '../../../src/core/model/readModel';

const SEARCH_V1 = `package main

import "regexp"

func search(q string, items []string) []string {
	m := regexp.MustCompile(q)
	var hits []string
	for _, it := range items {
		if m.MatchString(it) {
			hits = append(hits, it)
		}
	}
	return hits
}
`;
const SEARCH_V2 = `package main

import "regexp"

func search(q string, items []string) []string {
	var hits []string
	for _, it := range items {
		if matches(q, it) {
			hits = append(hits, it)
		}
	}
	return hits
}

func matches(q, it string) bool {
	return regexp.MustCompile(q).MatchString(it)
}
`;
const REPORT = (sum: string) => `package main

func report(xs []int) int {
	${sum} := 0
	for _, x := range xs {
		${sum} += x
	}
	return ${sum}
}
`;
const MAIN = 'package main\n\nfunc main() {\n\tsearch("a", nil)\n\treport(nil)\n}\n';

describe('perflens diff/check: the commits behind a regression', () => {
  let dir: string;
  let repo: string;
  const hashes: Record<string, string> = {};
  const files: Record<string, string> = {};
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Dana Lee', GIT_AUTHOR_EMAIL: 'dana@example.com', GIT_COMMITTER_NAME: 'CI', GIT_COMMITTER_EMAIL: 'ci@example.com', GIT_AUTHOR_DATE: `2026-03-0${Object.keys(hashes).length + 1}T10:00:00Z` } }).trim();
  const commit = (name: string, message: string, write: Record<string, string>) => {
    for (const [path, text] of Object.entries(write)) writeFileSync(join(repo, path), text);
    git('add', '-A');
    git('commit', '-q', '-m', message);
    hashes[name] = git('rev-parse', 'HEAD');
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perflens-commits-'));
    repo = join(dir, 'shop');
    mkdirSync(repo);
    git('init', '-q');
    commit('c1', 'shop: search and report', { 'search.go': SEARCH_V1, 'report.go': REPORT('s'), 'main.go': MAIN });
    git('tag', 'v1');
    commit('c2', 'report: name the sum', { 'report.go': REPORT('sum') });
    commit('c3', 'search: match each item with matches()', { 'search.go': SEARCH_V2 });
    git('tag', 'v2');
    commit('c4', 'search: say what it does', { 'search.go': `// search finds items.\n// It is slow.\n${SEARCH_V2}` });

    // Profiles built in another folder (/build/shop), lines as at each version.
    const side = (version: string, samples: { stack: string[]; n: number }[]) => stackProfileBytes({
      types: [['samples', 'count'], ['cpu', 'nanoseconds']],
      periodType: ['cpu', 'nanoseconds'],
      samples: samples.map((s) => ({ stack: s.stack, values: [s.n, s.n * 1e7], labels: { version } })),
    });
    const compileAt = 'regexp.MustCompile@/usr/lib/go/src/regexp/regexp.go:309';
    const mainAt = (line: number) => `main.main@/build/shop/main.go:${line}`;
    const profiles = {
      v1: side('v1', [
        { stack: [compileAt, 'main.search@/build/shop/search.go:6', mainAt(4)], n: 20 },
        { stack: ['main.search@/build/shop/search.go:9', mainAt(4)], n: 400 },
        { stack: ['main.report@/build/shop/report.go:6', mainAt(5)], n: 400 },
      ]),
      v2: side('v2', [
        { stack: [compileAt, 'main.matches@/build/shop/search.go:16', 'main.search@/build/shop/search.go:8', mainAt(4)], n: 900 },
        { stack: ['main.matches@/build/shop/search.go:16', 'main.search@/build/shop/search.go:8', mainAt(4)], n: 300 },
        { stack: ['main.report@/build/shop/report.go:6', mainAt(5)], n: 400 },
      ]),
      'build-1': side('build-1', [{ stack: ['main.search@/build/shop/search.go:9', mainAt(4)], n: 400 }, { stack: ['main.report@/build/shop/report.go:6', mainAt(5)], n: 400 }]),
      'build-2': side('build-2', [{ stack: ['main.search@/build/shop/search.go:9', mainAt(4)], n: 800 }, { stack: ['main.report@/build/shop/report.go:6', mainAt(5)], n: 400 }]),
    };
    for (const [name, bytes] of Object.entries(profiles)) {
      files[name] = join(dir, `${name}.pb`);
      writeFileSync(files[name], bytes);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const diffJson = async (...extra: string[]) => {
    const r = await runCliCaptured(['diff', '--base', files.v1, '--head', files.v2, '--root', repo, '--json', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const rowOf = (out: { functions: { function: string }[] }, name: string) => out.functions.find((f) => f.function === name) as unknown as { significant: boolean; delta: number; commits: { hash: string; author: string; date: string; subject: string; functions: string[] }[] };

  it('the regressed function names the commit that changed its lines — full hash, author, date, subject — from the refs its profiles name', async () => {
    const out = await diffJson();
    assert.deepEqual({ base: out.commits.base, head: out.commits.head, baseCommit: out.commits.baseCommit, headCommit: out.commits.headCommit }, { base: 'v1', head: 'v2', baseCommit: hashes.c1, headCommit: hashes.c3 });
    const matches = rowOf(out, 'main.matches');
    assert.equal(matches.significant, true);
    assert.deepEqual(matches.commits, [{ hash: hashes.c3, author: 'Dana Lee', date: '2026-03-03T10:00:00+00:00', subject: 'search: match each item with matches()', functions: ['main.matches'] }]);
  });

  it('a caller gets the commit through its own changed lines and the regressed functions it calls; code outside the repository and unrelated rows get none', async () => {
    const out = await diffJson();
    const search = rowOf(out, 'main.search');
    assert.equal(search.significant, true);
    assert.deepEqual(search.commits.map((c) => [c.hash, c.functions.sort()]), [[hashes.c3, ['main.matches', 'main.search']]]);
    const compile = rowOf(out, 'regexp.MustCompile');
    assert.equal(compile.significant, true);
    assert.deepEqual(compile.commits, [], 'regexp is not in the repository and calls no regressed function of it');
    const report = rowOf(out, 'main.report');
    assert.ok(report.delta < 0);
    assert.deepEqual(report.commits, [], 'the unrelated report commit is never named');
    assert.ok(!JSON.stringify(out).includes(hashes.c2) && !JSON.stringify(out).includes(hashes.c4));
  });

  it('--head-ref past the profiled commit: the lines are carried over the later edit and the same commit is named', async () => {
    const out = await diffJson('--head-ref', 'HEAD');
    assert.equal(out.commits.headCommit, hashes.c4);
    assert.deepEqual(rowOf(out, 'main.matches').commits.map((c) => c.hash), [hashes.c3]);
  });

  it('text output lists the commits under each regression', async () => {
    const r = await runCliCaptured(['diff', '--base', files.v1, '--head', files.v2, '--root', repo]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Commits: v1\.\.v2 \([0-9a-f]{12}\.\.[0-9a-f]{12}\)$/m);
    assert.match(r.stdout, new RegExp(`main\\.matches \\[new\\]\\n(.*\\n)*?\\s+commit ${hashes.c3.slice(0, 12)} 2026-03-03 Dana Lee: search: match each item with matches\\(\\) \\(main\\.matches\\)`));
  });

  it('perflens check prints the commits under each offender, and --json has them', async () => {
    const r = await runCliCaptured(['check', '--base', files.v1, '--head', files.v2, '--root', repo, '--max-regression', '5']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`main\\.matches.*\\n\\s+commit ${hashes.c3.slice(0, 12)}`));
    const j = await runCliCaptured(['check', '--base', files.v1, '--head', files.v2, '--root', repo, '--max-regression', '5', '--json']);
    const offender = JSON.parse(j.stdout).offenders.find((o: { function: string }) => o.function === 'main.matches');
    assert.equal(offender.commits[0].hash, hashes.c3);
  });

  it('a base ref git no longer has (a force-pushed branch): says so, and still shows the diff', async () => {
    const out = await diffJson('--base-ref', 'feature/gone');
    assert.equal(out.commits.baseCommit, null);
    assert.match(out.commits.notes.join('\n'), /base "feature\/gone" is not a commit or tag of this repository \(not a git ref, or a force-pushed branch/);
    assert.equal(rowOf(out, 'main.matches').significant, true);
    assert.deepEqual(rowOf(out, 'main.matches').commits, []);
    const text = await runCliCaptured(['diff', '--base', files.v1, '--head', files.v2, '--root', repo, '--base-ref', 'feature/gone']);
    assert.match(text.stdout, /Commits: not looked up\n\s+commits not looked up: base "feature\/gone"/);
    assert.match(text.stdout, /Regressions[^\n]*\n(.*\n)*.*main\.matches/);
  });

  it('versions that are not git refs: says so', async () => {
    const r = await runCliCaptured(['diff', '--base', files['build-1'], '--head', files['build-2'], '--root', repo, '--json']);
    const out = JSON.parse(r.stdout);
    assert.match(out.commits.notes[0], /base "build-1" and head "build-2" are not a commit or tag of this repository/);
    assert.ok(out.functions.length > 0);
  });

  describe('the editor\'s release diff (the profile worker\'s view)', () => {
    // The diff first, its commits as a follow-up (the worker's diffCommits), put into the view as the editor does.
    const view = async (allowGit: boolean, base = 'v1', head = 'v2') => {
      const roots = [{ name: 'shop', path: repo }];
      const shown = await buildReleaseDiffView({
        base: { label: base, sources: [files[base]] }, head: { label: head, sources: [files[head]] },
        roots, pathMappings: [], allowGit, limits: DEFAULT_PROFILE_LIMITS,
      });
      assert.equal(shown.commitsPending, true, 'the diff is shown before its commits are looked up');
      assert.equal(shown.commits, undefined);
      const found = await viewCommits({ roots, regressed: regressedOfView(shown.functions, roots), base: readModel([files[base]]), head: readModel([files[head]]), gitEnabled: allowGit });
      return withCommits(shown, found);
    };

    it('names the same commits under each significant regression, with the files they changed as workspace paths', async () => {
      const v = await view(true);
      assert.deepEqual(v.commits, { base: 'v1', head: 'v2', notes: [] });
      const matches = v.functions.find((f) => f.function === 'main.matches')!;
      assert.deepEqual(matches.commits, [{ hash: hashes.c3, author: 'Dana Lee', date: '2026-03-03T10:00:00+00:00', subject: 'search: match each item with matches()', functions: ['main.matches'], paths: [join(repo, 'search.go')] }]);
      assert.equal(matches.path, join(repo, 'search.go'));
      assert.deepEqual(v.functions.find((f) => f.function === 'main.report')!.commits, undefined, 'an improvement is not looked up');
    });

    it('in an untrusted workspace no git runs and the view says why no commit is named; versions that are not refs are said so', async () => {
      const untrusted = await view(false);
      assert.match(untrusted.commits!.notes[0], /git is off in an untrusted workspace/);
      assert.deepEqual(untrusted.functions.find((f) => f.function === 'main.matches')!.commits, []);
      const builds = await view(true, 'build-1', 'build-2');
      assert.match(builds.commits!.notes[0], /base "build-1" and head "build-2" are not a commit or tag of this repository/);
      assert.ok(builds.functions.find((f) => f.function === 'main.search')!.significant, 'the diff is still there');
    });
  });
});
