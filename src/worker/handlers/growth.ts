// growth: a service's allocation sites ranked by steady growth of retained memory over the local store's last
// in-use snapshots, or a remote source's buckets of merged snapshots (core/trends/growth.ts), churn apart, each placed on the workspace through the newest
// snapshot's mapping. Snapshots are read one per step, so the user's requests go first, and kept reduced to their
// sites (WorkerState.snapshotCache): asking again reads only new files and the newest.
import { join } from 'node:path';
import { buildModel } from '../../core/model/buildModel';
import { parsePathRule, type PathRule } from '../../core/symbolicate/path-rules';
import { mapToWorkspace } from '../../core/symbolicate/workspaceMapping';
import { parseSiteKey } from '../../core/trends/allocationSites';
import { memoryGrowth, type SiteGrowth } from '../../core/trends/growth';
import { siteLocations } from '../../core/trends/siteLocations';
import { bucketGrowthHistory, storeGrowthHistory, type GrowthHistory } from '../../sources/growthHistory';
import { LocalStore } from '../../sources/store/local-store';
import type { GrowthSiteView, GrowthView } from '../../shared/growthProtocol';
import type { WorkerHandler } from './handler';

/** Most growing sites sent to the editor (leaks come first). */
const MAX_SITES = 50;

export const growth: WorkerHandler<'growth'> = async (request, job, state) => {
  const warnings: string[] = [];
  let history: GrowthHistory;
  let service: string;
  if (request.remote) {
    service = request.remote.service;
    job.progress(`reading ${service}'s merged heap snapshots`);
    const buckets = request.remote.buckets.map((b) => ({ ...b, bytes: new Uint8Array(b.bytes) }));
    history = bucketGrowthHistory(buckets, request.remote.widthMs, request.type, (m) => warnings.push(m), request.limits);
    history = { ...history, notes: request.remote.notes };
  } else {
    service = request.service;
    const store = new LocalStore(request.root, { maxProfilesPerFetch: Number.MAX_SAFE_INTEGER, onWarning: (m) => warnings.push(m) });
    job.progress(`reading ${service}'s heap snapshots`);
    history = await storeGrowthHistory(store, {
      service, type: request.type, range: request.range,
      last: request.snapshots, limits: request.limits,
    }, (m) => warnings.push(m), job.step, state.snapshotCache(request.root));
  }
  await job.step();
  const result = memoryGrowth(history.snapshots);
  const shown = [...result.sites.slice(0, MAX_SITES), ...result.churn];
  const keys = new Set(shown.map((s) => history.index.keys[s.key]));
  let located = new Map<string, { root: number; path: string; line: number }>();
  if (history.last && request.roots.length > 0 && keys.size > 0) {
    job.progress('placing the sites in the workspace');
    const roots = request.roots.map((r) => ({ name: r.name, location: r.path }));
    const rules: PathRule[] = [];
    for (const m of request.pathMappings) {
      const parsed = parsePathRule(m, roots);
      if (!('error' in parsed)) rules.push(parsed.rule);
    }
    const model = buildModel([history.last]);
    located = siteLocations(model, await mapToWorkspace(model, { roots, rules, gitEnabled: request.allowGit }), keys);
  }
  const view = (s: SiteGrowth): GrowthSiteView => {
    const key = history.index.keys[s.key];
    const site = parseSiteKey(key);
    const at = located.get(key);
    return {
      function: site.name, fileTail: site.fileTail, line: site.line,
      ...(at ? { path: join(request.roots[at.root].path, ...at.path.split('/')), currentLine: at.line } : {}),
      series: Array.from(s.series), slopePerHour: s.slopePerHour, recentSlopePerHour: s.recentSlopePerHour, growth: s.growth, tau: s.tau,
      allocated: s.allocated, retained: s.retained, leak: s.leak,
    };
  };
  const out: GrowthView = {
    service, type: history.type, unit: history.unit,
    times: Array.from(result.times), totals: Array.from(result.totals),
    sites: result.sites.slice(0, MAX_SITES).map(view), churn: result.churn.map(view),
    notes: [...history.notes, ...result.notes, ...warnings.slice(0, 5)],
  };
  return out;
};
