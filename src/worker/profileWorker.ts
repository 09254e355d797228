// The profile worker: decoding, merging, aggregation and symbolication off the extension host's main thread.
// Requests are handled one at a time; the last decoded files are cached for quick sample-type switches, and let go
// after a minute without requests (an 80 MB profile decodes to ~250 MB; an idle editor should not keep that).
import { parentPort } from 'node:worker_threads';
import { mergeProfiles } from '../core/aggregate/merge';
import type { StackSet } from '../core/aggregate/stackSet';
import type { Profile } from '../core/profile/model';
import { buildReleaseDiffView } from '../core/workspace/buildReleaseDiffView';
import { buildWorkspaceProfile } from '../core/workspace/buildWorkspaceProfile';
import type { FromWorker, ToWorker } from '../shared/analyzeProtocol';
import { DecodedProfiles } from './decodedProfiles';
import { buildFlameGraphBuffers } from './flameGraphData';
import { profileTotals } from './profileTotals';
import { memoryFigures, type MemoryReply, type MemoryRequest } from './workerMemory';

const port = parentPort;
if (!port) throw new Error('profileWorker.ts must run in a worker thread');
const cache = new DecodedProfiles();
const IDLE_RELEASE_MS = 60_000;
let idleTimer: NodeJS.Timeout | undefined;
let queued = 0;
// The merged stacks of the cached files (the cache hands back the same array while the files are the same).
const merged = new WeakMap<readonly Profile[], StackSet>();
let queue = Promise.resolve();

port.on('message', (message: ToWorker | MemoryRequest) => {
  const { id } = message;
  const send = (m: FromWorker | MemoryReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  // Not queued: answered as soon as the worker is between requests, with what it holds then.
  if (message.kind === 'memory') { void memoryFigures().then((memory) => send({ id, kind: 'memory', memory })); return; }
  clearTimeout(idleTimer);
  queued++;
  queue = queue.then(async () => {
    try {
      if (message.kind === 'analyze') {
        const profile = await buildWorkspaceProfile(message.request, cache, (text) => send({ id, kind: 'progress', message: text }));
        send({ id, kind: 'result', profile });
      } else if (message.kind === 'flameGraph') {
        const { sources, limits, typeName, facts } = message.request;
        const profiles = cache.read(sources, limits);
        let set = merged.get(profiles);
        if (!set) merged.set(profiles, (set = mergeProfiles(profiles)));
        const { tree, annotations } = buildFlameGraphBuffers(profiles, typeName, facts, set);
        send({ id, kind: 'flameGraph', tree, annotations }, [tree, annotations]);
      } else if (message.kind === 'releaseDiff') {
        const view = await buildReleaseDiffView(message.request, (text) => send({ id, kind: 'progress', message: text }));
        send({ id, kind: 'releaseDiff', view }, [view.flame]);
      } else if (message.kind === 'profileTotals') {
        send({ id, kind: 'profileTotals', totals: profileTotals(message.request) });
      }
    } catch (e) {
      send({ id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }).finally(() => {
    if (--queued > 0) return;
    // The merged stacks are keyed on the cached arrays, so they go with them.
    idleTimer = setTimeout(() => cache.clear(), IDLE_RELEASE_MS);
    idleTimer.unref();
  });
});
