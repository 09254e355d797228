// Sample workspaces for the in-host and e2e tiers, assembled from the real fixtures (test/fixtures) so the
// program sources exist once in the repo: the Go shop module with its -trimpath CPU profile in the local store.
import { cpSync, mkdirSync } from 'node:fs';
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
