// The profile worker: decoding, merging, aggregation and symbolication off the extension host's main thread.
// Requests are handled one at a time; the last decoded files are cached for quick sample-type switches.
import { parentPort } from 'node:worker_threads';
import { buildWorkspaceProfile, ProfileCache } from '../core/workspace/buildWorkspaceProfile';
import type { FromWorker, ToWorker } from '../shared/analyzeProtocol';

const port = parentPort;
if (!port) throw new Error('profileWorker.ts must run in a worker thread');
const cache = new ProfileCache();
let queue = Promise.resolve();

port.on('message', (message: ToWorker) => {
  if (message.kind !== 'analyze') return;
  const { id, request } = message;
  const send = (m: FromWorker) => port.postMessage(m);
  queue = queue.then(async () => {
    try {
      const profile = await buildWorkspaceProfile(request, cache, (text) => send({ id, kind: 'progress', message: text }));
      send({ id, kind: 'result', profile });
    } catch (e) {
      send({ id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
});
