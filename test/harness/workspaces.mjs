// Sample workspaces for the in-host and e2e tiers, assembled from the real fixtures (test/fixtures) so the
// program sources exist once in the repo: the Go shop module with its -trimpath CPU profile in the local store.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** A fixed timestamp for the store's file names (2026-11-24T10:00:00Z), so tests can check the time range shown. */
export const SHOP_PROFILE_MILLIS = Date.UTC(2026, 10, 24, 10, 0, 0);

/**
 * Writes the shop workspace into `dest`: Go sources at the root (module example.com/shop) and
 * .perflens/store/shop/v1/{cpu,alloc_space}/<millis>.pb.gz from the real Go profiles; and, for the release diff,
 * the checkout module in checkout/ with two releases' CPU profiles in .perflens/store/checkout/{v1,v2}/cpu/ (v2
 * makes applyTax slower: test/fixtures/diff/README.md).
 */
export function makeShopWorkspace(dest) {
  cpSync(join(fixtures, 'go/shop'), dest, { recursive: true });
  const store = join(dest, '.perflens/store/shop/v1');
  for (const [type, file] of [['cpu', 'cpu-trimpath.pb.gz'], ['alloc_space', 'heap.pb.gz']]) {
    mkdirSync(join(store, type), { recursive: true });
    cpSync(join(fixtures, 'go', file), join(store, type, `${SHOP_PROFILE_MILLIS}.pb.gz`));
  }
  cpSync(join(fixtures, 'diff/checkout'), join(dest, 'checkout'), { recursive: true });
  for (const [version, file, hour] of [['v1', 'v1-a.pb.gz', 0], ['v2', 'v2.pb.gz', 1]]) {
    const dir = join(dest, '.perflens/store/checkout', version, 'cpu');
    mkdirSync(dir, { recursive: true });
    cpSync(join(fixtures, 'diff', file), join(dir, `${SHOP_PROFILE_MILLIS + hour * 3_600_000}.pb.gz`));
  }
  return dest;
}

/**
 * The shop workspace as a git repository whose profile was taken on an older commit: commit "deployed" is what
 * ran when the profile was taken, and the next commit puts three comment lines at the top of pricing/prices.go,
 * so today's text is three lines below the profile's. `.vscode/settings.json` names the deployed commit
 * (`perflens.profileGitRef`): with git, PerfLens moves the heat down three lines; without git it cannot.
 * Returns the folder; the deployed commit is in `<folder>/.git` and in the settings.
 */
export function makeTrustWorkspace(dest) {
  makeShopWorkspace(dest);
  const git = (...args) => execFileSync('git', ['-c', 'user.name=PerfLens tests', '-c', 'user.email=tests@perflens.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dest, encoding: 'utf8' }).trim();
  writeFileSync(join(dest, '.gitignore'), '.perflens/\n.vscode/\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'deployed');
  const deployed = git('rev-parse', 'HEAD');
  const prices = join(dest, 'pricing/prices.go');
  writeFileSync(prices, `// Added after the deploy:\n// three lines above everything,\n// so the profile's line numbers are stale.\n${readFileSync(prices, 'utf8')}`);
  git('commit', '-q', '-am', 'today');
  mkdirSync(join(dest, '.vscode'), { recursive: true });
  writeFileSync(join(dest, '.vscode/settings.json'), JSON.stringify({ 'perflens.profileGitRef': deployed }, null, 2));
  return dest;
}
