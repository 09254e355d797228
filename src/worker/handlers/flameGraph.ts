// flameGraph: the call tree of the files' model (cached), cut and annotated with what their analysis knows (the
// workspace mapping, function rows and totals). The tree is kept (flameGraphTrees.ts): a page shown again asks again,
// and the extension host keeps nothing of it. Answered as two transferred buffers, or (flameGraphFile) as a file the
// page reads itself: then the bytes never pass through the extension host's thread, where a webview message of
// 12–16 MB is copied and compressed.
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { replyWith } from '../../rpc/endpoint';
import type { FlameGraphBuffers, FlameGraphFile, FlameGraphRequest } from '../../shared/flamegraphProtocol';
import { callTreeFigures } from '../callTreeFigures';
import { flameGraphBuffers } from '../flameGraphData';
import { copyOf } from '../flameGraphTrees';
import { flameStart } from './flameSelection';
import type { WorkerHandler } from './handler';
import type { Job } from '../scheduler';
import type { WorkerState } from '../workerState';

export const flameGraph: WorkerHandler<'flameGraph'> = async (request, job, state) => {
  const copy = copyOf(await keptTree(request, job, state));
  return replyWith(copy, [copy.tree, copy.annotations]);
};

export const flameGraphFile: WorkerHandler<'flameGraphFile'> = async (request, job, state) => writeTree(await keptTree(request, job, state), request.folder);

async function keptTree(request: FlameGraphRequest, job: Job, state: WorkerState): Promise<FlameGraphBuffers> {
  const { entry, analysed, select } = await flameStart(request, job, state);
  const key = treeKey(entry.filesKey, request);
  const from = [entry.model, analysed];
  // Looked up before selecting: a filter toggled back has its tree kept, and needs no selection.
  const kept = state.flameGraphTrees.get(key, from);
  if (kept) return kept;
  const built = flameGraphBuffers({
    selection: select(), mapping: analysed?.mapping, rowOf: analysed?.rowOf, facts: analysed ? undefined : request.facts,
    // The analysis counted each function's flat and cum of this selection (grouped: of it before the group-by).
    functionTotals: analysed?.totals,
  });
  // The tree may have made (or finished) its stacks' order, kept beside the model.
  state.models.recount(entry);
  return state.flameGraphTrees.set(key, from, built);
}

/** The tree's bytes, then the annotations', in a new file of `folder` (a name no page can guess). */
async function writeTree(buffers: FlameGraphBuffers, folder: string): Promise<FlameGraphFile> {
  const file = join(folder, `${randomUUID()}.tree`);
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writev([new Uint8Array(buffers.tree), new Uint8Array(buffers.annotations)]);
  } finally {
    await handle.close();
  }
  return { file, treeBytes: buffers.tree.byteLength, annotationsBytes: buffers.annotations.byteLength, ...callTreeFigures(buffers.tree) };
}

/** What makes one tree: the files (by version), the selection, the split, and what annotates it. */
function treeKey(filesKey: string, r: FlameGraphRequest): string {
  return JSON.stringify([filesKey, r.typeName, r.labels ?? [], r.frames ?? null, r.groupBy ?? null, r.analysis ?? null, r.analysis ? null : r.facts ?? null]);
}
