// Every scheduled request of the profile worker and its handler (the engine swaps what they compute; the
// vocabulary in src/shared/workerProtocol.ts says what they take and give).
import { analyze } from './analyze';
import { describeBytes } from './describeBytes';
import { describeFiles } from './describeFiles';
import { diffCommits } from './diffCommits';
import { flameGraph, flameGraphFile } from './flameGraph';
import { functionDetails } from './functionDetails';
import { functionGroups } from './functionGroups';
import { growth } from './growth';
import { hotspotGroups } from './hotspotGroups';
import type { WorkerHandler, WorkerRequestKind } from './handler';
import { keepFetched } from './keepFetched';
import { labelSummary } from './labelSummary';
import { profileTotals } from './profileTotals';
import { releaseDiff } from './releaseDiff';
import { sandwich } from './sandwich';
import { trends } from './trends';

export type Scheduled = Exclude<WorkerRequestKind, 'memory'>;

export const HANDLERS: { readonly [K in Scheduled]: WorkerHandler<K> } = { analyze, functionDetails, flameGraph, flameGraphFile, sandwich, releaseDiff, profileTotals, describeFiles, describeBytes, keepFetched, trends, labelSummary, growth, hotspotGroups, functionGroups, diffCommits };

/**
 * Requests run as background work whatever their sender asks (unless it raises one: a hover waits on it): the user's
 * requests (a flame graph, a sandwich) go first.
 */
export const BACKGROUND_KINDS: ReadonlySet<Scheduled> = new Set<Scheduled>(['functionDetails']);
