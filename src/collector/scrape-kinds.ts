/**
 * What the collector can scrape from a net/http/pprof endpoint, and how each is taken:
 * - `cpu`: `/profile?seconds=N`, back to back (a Node service answers with wall time; stored as `wall`).
 * - `heap`: a snapshot of `/heap` every interval (in-use memory now, plus Go's allocations since start).
 *   `allocs` is accepted as the same thing: Go's two endpoints serve the same data.
 * - `mutex`, `block`: deltas over each interval (`/mutex?seconds=<interval>`), back to back, so every stored
 *   file counts only its own window and files can be summed.
 * - `goroutine`: a snapshot every interval.
 */
export type ScrapeKind = 'cpu' | 'heap' | 'mutex' | 'block' | 'goroutine';

export const SCRAPE_KINDS: readonly ScrapeKind[] = ['cpu', 'heap', 'mutex', 'block', 'goroutine'];
export const DEFAULT_SCRAPE_KINDS: readonly ScrapeKind[] = ['cpu', 'heap', 'mutex', 'block'];

/** The canonical type passed to PprofHttpSource for each kind. */
export const FETCH_TYPE: Readonly<Record<ScrapeKind, string>> = {
  cpu: 'cpu',
  heap: 'inuse_space',
  mutex: 'mutex_delay',
  block: 'block_delay',
  goroutine: 'goroutine',
};

/** Kinds taken as a window of time (back to back) rather than a snapshot. */
export function isWindowed(kind: ScrapeKind): boolean {
  return kind === 'cpu' || kind === 'mutex' || kind === 'block';
}

/** Parses `cpu,heap,mutex`; throws naming the bad entry. */
export function parseScrapeKinds(text: string): ScrapeKind[] {
  const out = new Set<ScrapeKind>();
  for (const raw of text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')) {
    const kind = raw === 'allocs' ? 'heap' : raw === 'profile' ? 'cpu' : raw;
    if (!(SCRAPE_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown profile type '${raw}' (use ${SCRAPE_KINDS.join(', ')}, or allocs)`);
    out.add(kind as ScrapeKind);
  }
  if (out.size === 0) throw new Error('no profile types given');
  return [...out];
}
