// The symbolication core: profile paths → workspace files and lines, honestly reporting what could not be mapped.
// Everything exported here is pure TypeScript (runs in a worker or a web extension). Git, the directory walker
// and the file reader need Node: they are exported from ./node.

export type { FrameClass, PathResolution, ReadWorkspaceText, ResolutionStep, WorkspaceFile } from './types';
export { parseProfilePath, displayPath, type ProfilePath, type PathStyle } from './profile-path';
export { WorkspaceIndex, type WorkspaceRootInput, type SuffixMatch } from './workspace-index';
export { parsePathRule, parseMapArgument, parseRuleTarget, type PathRule, type PathRuleInput, type RuleTarget, type WorkspaceRootInfo } from './path-rules';
export { parsePyroscopeConfig, pyroscopeConfigFileName, type PyroscopeMappings, type FunctionPrefixRule } from './pyroscope-config';
export { parseGoMod, parseGoWork, discoverGoModules, type GoModule } from './go-modules';
export { readWorkspaceConfig, type WorkspaceConfig } from './workspace-config';
export { PathResolver, type PathResolverOptions, type ResolvedPath, type FileRename, type ProfileRuntime } from './path-resolver';
export type { LearnedRoot } from './learned-roots';
export { FrameSymbolicator, type ProfileFrame, type SymbolicatedFrame, type FrameSymbolicatorOptions } from './frame-symbolicator';
export { SourceMapStore, findSourceMappingUrl, originalPosition, type LoadedSourceMap, type OriginalPosition } from './source-maps';
export { identityLineMap, mapLine, composeLineMaps, lineMapForEdit, type LineMap, type MappedLine, type UnchangedRun, type ChangedRange } from './line-map';
export { diffLineMap, splitLines, type LineDiffOptions } from './line-diff';
export { DriftTranslator, type DriftGit, type FileDrift, type FileDriftStatus } from './drift';
export { translateLine, type CurrentLine, type LineState } from './line-translation';
export type { GitRename } from './git';
export { normalizeFunctionName, guessFunctionLanguage, type NormalizedFunctionName, type FunctionLanguage } from './function-names';
export { findFunctionRange, SymbolKind, type SymbolNode, type FunctionMatch } from './function-ranges';
export { coverageReport, type CostedFrame, type CoverageReport } from './coverage';
export { lineCosts, type LineCost, type LineCostTable, type LineTarget } from './line-costs';
export { detectRuntime, detectFunctionStartLines, gitRefFromLabels } from './profile-hints';
export { runtimeFrameReason, isGoRuntimeFunction } from './runtime-frames';
