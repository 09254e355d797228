// Real profiles → the flame graph's data, through the same code as the extension: the workspace analysis (as
// the editor does), the worker's buffers, and the webview's decoding.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../../../src/core/model/buildModel';
import { readProfileFile } from '../../../src/core/profile/parse';
import { mapToWorkspace } from '../../../src/core/symbolicate/workspaceMapping';
import { analyzeSelection } from '../../../src/core/workspace/analyzeWorkspace';
import { selectionOf, workspaceOptionsOf, workspaceProfile } from '../../../src/core/workspace/buildWorkspaceProfile';
import type { Selection } from '../../../src/core/query/types';
import type { AnalyzeRequest } from '../../../src/shared/analyzeProtocol';
import type { FunctionFact } from '../../../src/shared/flamegraphProtocol';
import type { WorkspaceProfile } from '../../../src/shared/workspaceProfile';
import { flameGraphBuffers } from '../../../src/worker/flameGraphData';
import { functionFacts } from '../../../src/webviews/flamegraph/functionFacts';
import { decodeFlameData, type FlameData } from '../../../webview/flamegraph/model/flameData';
// @ts-expect-error -- plain ESM helper shared with the integration tier
import { makeShopWorkspace } from '../../harness/workspaces.mjs';

export const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));
const limits = { maxDecompressedBytes: 64 << 20, maxSamples: 1e7, maxStrings: 1e6 };

export interface LoadedFixture extends FlameData {
  readonly selection: Selection;
  readonly profile: WorkspaceProfile;
  readonly facts: FunctionFact[];
  readonly workspace: string;
  dispose(): void;
}

/**
 * A fixture profile analysed against the shop workspace (for Go) or no useful workspace (others), and its flame
 * graph, as the worker's analyze and flameGraph requests compute them (one model, one mapping).
 */
export async function loadFixture(file: string, typeName?: string): Promise<LoadedFixture> {
  const workspace = makeShopWorkspace(mkdtempSync(join(tmpdir(), 'perflens-fg-')));
  const source = join(FIXTURES, file);
  const request: AnalyzeRequest = { sources: [source], typeName, roots: [{ name: 'shop', path: workspace }], pathMappings: [], allowGit: false, limits };
  const model = buildModel([readProfileFile(source, limits)]);
  const selection = selectionOf(model, request);
  const { options, notes } = workspaceOptionsOf(request, model);
  const mapping = await mapToWorkspace(model, options);
  const analysis = analyzeSelection(selection, mapping, true);
  const profile = workspaceProfile(selection, mapping, request, notes, analysis);
  const facts = functionFacts(profile, (p) => relative(workspace, p).split('\\').join('/'));
  const buffers = flameGraphBuffers({ selection, mapping, rowOf: analysis.functionRowOf });
  const data = decodeFlameData(buffers.tree, buffers.annotations, 'all');
  return { ...data, selection, profile, facts, workspace, dispose: () => rmSync(workspace, { recursive: true, force: true }) };
}

/** The tree nodes of a function by (full) name. */
export function nodesOf(data: FlameData, name: string): number[] {
  const out: number[] = [];
  for (let n = 1; n < data.base.count; n++) if (data.functions.name(data.base.fn[n]) === name) out.push(n);
  return out;
}
