// Version labels → git, in a real repository made in a temp folder: tags (annotated and lightweight), full and
// short SHAs, `git describe` strings; then "the version deployed from this branch" and "the previous release".
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commitsOnBranch, mapVersionsToGit } from '../../../src/sources/git/git-versions';
import { deployedFromBranch, previousRelease } from '../../../src/sources/git/release-picks';
import { GitDisabledError, type GitRunOptions } from '../../../src/sources/git/run-git';
import type { VersionInfo } from '../../../src/sources/types';
import { DEADLINE_MS } from '../../harness/wait';

describe('version labels → git', () => {
  let repo: string;
  let git: GitRunOptions;
  const commits: Record<string, string> = {};
  const run = (...args: string[]) => execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
  const commit = (name: string) => {
    writeFileSync(join(repo, 'main.go'), `package main // ${name}\n`);
    run('add', 'main.go');
    run('commit', '-q', '-m', name);
    commits[name] = run('rev-parse', 'HEAD');
  };

  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'perflens-git-'));
    run('init', '-q', '-b', 'main');
    commit('one');
    run('tag', '-a', 'v1.0.0', '-m', 'release 1.0.0');
    commit('two');
    run('tag', 'v1.1.0');
    commit('three');
    run('checkout', '-q', '-b', 'experiment', commits.one);
    commit('side');
    run('checkout', '-q', 'main');
    git = { cwd: repo, enabled: true, timeoutMs: DEADLINE_MS };
  });

  after(() => rmSync(repo, { recursive: true, force: true }));

  it('maps tags (with or without v), full and short SHAs, and describe strings; unknown labels map to nothing', async () => {
    const describe3 = `v1.1.0-1-g${commits.three.slice(0, 7)}`;
    const got = await mapVersionsToGit(['v1.0.0', '1.1.0', commits.three, commits.two.slice(0, 8), describe3, 'main-' + commits.side.slice(0, 9), 'deadbeefcafe', '--output=/tmp/x'], git);
    assert.deepEqual(got, [
      { version: 'v1.0.0', commit: commits.one, tags: ['v1.0.0'], matchedBy: 'tag' },
      { version: '1.1.0', commit: commits.two, tags: ['v1.1.0'], matchedBy: 'tag' },
      { version: commits.three, commit: commits.three, tags: [], matchedBy: 'commit' },
      { version: commits.two.slice(0, 8), commit: commits.two, tags: ['v1.1.0'], matchedBy: 'commit' },
      { version: describe3, commit: commits.three, tags: [], matchedBy: 'commit' },
      { version: 'main-' + commits.side.slice(0, 9), commit: commits.side, tags: [], matchedBy: 'commit' },
      { version: 'deadbeefcafe', tags: [] },
      { version: '--output=/tmp/x', tags: [] },
    ]);
  });

  it('finds the version deployed from this branch and the release before it', async () => {
    const versions: VersionInfo[] = [
      { version: 'v1.0.0', firstSeenMs: 1000, lastSeenMs: 2000 },
      { version: commits.side.slice(0, 7), firstSeenMs: 2500, lastSeenMs: 2600 },
      { version: 'v1.1.0', firstSeenMs: 3000, lastSeenMs: 4000 },
      { version: commits.three.slice(0, 12), firstSeenMs: 5000, lastSeenMs: 6000 },
    ];
    const matches = await mapVersionsToGit(versions.map((v) => v.version), git);
    const main = await commitsOnBranch(git, 'main');
    assert.deepEqual(main, [commits.three, commits.two, commits.one]);
    assert.equal(deployedFromBranch(versions, matches, main)?.version, commits.three.slice(0, 12));
    const experiment = await commitsOnBranch(git, 'experiment');
    assert.equal(deployedFromBranch(versions, matches, experiment)?.version, commits.side.slice(0, 7));

    const current = commits.three.slice(0, 12);
    assert.equal(previousRelease(versions, matches, current)?.version, 'v1.1.0');
    assert.equal(previousRelease(versions, matches, 'v1.1.0')?.version, commits.side.slice(0, 7), 'by time alone, the side branch build came before');
    assert.equal(previousRelease(versions, matches, 'v1.1.0', main)?.version, 'v1.0.0', 'on the branch, only its ancestors count');
    assert.equal(previousRelease(versions, matches, 'v1.0.0', main), undefined);
  });

  it('runs no git at all when disabled (untrusted workspace)', async () => {
    await assert.rejects(mapVersionsToGit(['v1.0.0'], { ...git, enabled: false }), GitDisabledError);
    await assert.rejects(commitsOnBranch({ ...git, enabled: false }), GitDisabledError);
  });

  it('fails clearly outside a repository and refuses option-like refs', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'perflens-nogit-'));
    try {
      await assert.rejects(mapVersionsToGit(['v1'], { cwd: plain, enabled: true, timeoutMs: DEADLINE_MS }), /git for-each-ref: .*not a git repository/i);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    await assert.rejects(commitsOnBranch(git, '--all'), /not a git revision/);
  });
});
