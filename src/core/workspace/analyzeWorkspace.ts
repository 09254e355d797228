// A selection mapped onto a workspace: per workspace file and today's line, flat and cum (the gutter heat and
// `perflens lines`); per function, flat, cum, callers and callees (hovers, lenses, Hotspots); and how much cost
// could not be mapped, with why. Each a function of (selection, mapping) from core/aggregate; shared by
// `perflens lines`, the MCP answers, the diff and the editor's profile worker.
import { frameKeySet, functionKeySet } from '../aggregate/flatCum';
import { selectionFlatCums } from '../aggregate/flatCumMemo';
import { lineCostsOf, workspaceLineCells, type FileLineCosts } from '../aggregate/lineCosts';
import { workspaceCoverage } from '../aggregate/workspaceCoverage';
import { workspaceFunctions, type FunctionRow } from '../aggregate/workspaceFunctions';
import { buildModel } from '../model/buildModel';
import type { ProfileModel } from '../model/types';
import type { Profile } from '../profile/model';
import { select } from '../query/select';
import type { ProfileQuery, Selection } from '../query/types';
import type { CoverageReport } from '../symbolicate/coverage';
import type { PathRule, WorkspaceRootInfo } from '../symbolicate/path-rules';
import { absolutePathOf, mapToWorkspace, type WorkspaceMapping } from '../symbolicate/workspaceMapping';
import type { WorkspaceFile } from '../symbolicate/types';

export { absolutePathOf, fileKey } from '../symbolicate/workspaceMapping';
export type { LineCost as LineRow } from '../aggregate/lineCosts';
export type FileRow = FileLineCosts;

export interface WorkspaceAnalysis {
  readonly total: number;
  /** Sorted by total flat cost, then cum. */
  readonly files: FileRow[];
  /** Sorted by cum descending. */
  readonly functions: FunctionRow[];
  /** Per model function: its index in `functions`, -1 when it has no cost. */
  readonly functionRowOf: Int32Array;
  readonly coverage: CoverageReport;
  /** The commit lines were moved from (resolved), when drift was applied in at least one root. */
  readonly commit?: string;
  /** The ref the profile names or the caller gave, even when it could not be used. */
  readonly ref?: string;
  /** The ref was given but git could not use it (reason). */
  readonly refError?: string;
  readonly functionLevelJs: boolean;
  /** Current text of each app file, by `root\0path` (for showing source lines). */
  readonly texts: ReadonlyMap<string, string | undefined>;
  readonly mapping: WorkspaceMapping;
}

/**
 * @param absolutePaths name each app function's file by its absolute path (FunctionRow.path) instead of `file`: the
 *   editor's shape, so its worker hands the rows on as they are
 * @param withEdges false: function rows without callers and callees (the editor asks for them after the heat)
 */
export function analyzeSelection(selection: Selection, mapping: WorkspaceMapping, absolutePaths = false, withEdges = true): WorkspaceAnalysis {
  // Line, frame and function costs in one pass over the stacks.
  const cells = workspaceLineCells(selection, mapping);
  const [lineCosts, perFrame, functionCosts] = selectionFlatCums(selection, [cells, frameKeySet(selection), functionKeySet(selection)]);
  const lines = lineCostsOf(selection, mapping, cells, lineCosts);
  const absolute = new Map<WorkspaceFile, string>();
  const absolutePath = (file: WorkspaceFile) => {
    let path = absolute.get(file);
    if (path === undefined) absolute.set(file, (path = absolutePathOf(mapping.roots, file)));
    return path;
  };
  const functions = workspaceFunctions(selection, mapping, absolutePaths ? absolutePath : undefined, perFrame.cum, withEdges, functionCosts);
  return {
    total: lines.total,
    files: lines.files,
    functions: functions.rows,
    functionRowOf: functions.rowOf,
    coverage: workspaceCoverage(selection, mapping, perFrame.flat, 50),
    commit: mapping.commit,
    ref: mapping.ref,
    refError: mapping.refError,
    functionLevelJs: mapping.functionLevelJs,
    texts: mapping.texts,
    mapping,
  };
}

export interface AnalyzeOptions {
  /** The profiles, or the model already built from them. */
  readonly profiles?: readonly Profile[];
  readonly model?: ProfileModel;
  /** Which samples (default: the model's default sample type, every profile). */
  readonly query?: ProfileQuery;
  /** Workspace folders: a name and an absolute location each. */
  readonly roots: readonly (WorkspaceRootInfo & { location: string })[];
  readonly rules?: readonly PathRule[];
  /** The commit the profile was taken at; default: from the profile's labels. */
  readonly ref?: string;
  /** False in untrusted workspaces: git is never run. */
  readonly gitEnabled: boolean;
  readonly warn?: (message: string) => void;
  readonly absolutePaths?: boolean;
}

/** Builds the model (unless given), selects, maps onto the workspace and analyses. */
export async function analyzeWorkspace(options: AnalyzeOptions): Promise<WorkspaceAnalysis> {
  const model = options.model ?? buildModel(options.profiles ?? [], { warn: options.warn });
  const selection = select(model, options.query);
  const mapping = await mapToWorkspace(model, options);
  return analyzeSelection(selection, mapping, options.absolutePaths);
}
