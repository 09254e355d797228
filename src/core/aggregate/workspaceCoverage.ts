/**
 * How much of a selection's cost landed on the user's lines, dependencies, the runtime, or nowhere — and the paths
 * behind the unmapped cost with the reason (symbolicate/coverage.ts), from each leaf frame's flat cost under the
 * mapping.
 */
import type { Selection } from '../query/types';
import { coverageReport, type CostedFrame, type CoverageReport } from '../symbolicate/coverage';
import { FRAME_CLASSES } from '../symbolicate/types';
import { LINE_STATES, NO_LINE_STATE, type WorkspaceMapping } from '../symbolicate/workspaceMapping';

const DELETED = LINE_STATES.indexOf('deleted');

/** @param frameFlat per frame: its flat cost in the selection (flatCum keyed by frame) */
export function workspaceCoverage(selection: Selection, mapping: WorkspaceMapping, frameFlat: Float64Array, topN = 50): CoverageReport {
  return coverageReport(leafCosts(selection, mapping, frameFlat), topN, selection.total);
}

function* leafCosts(selection: Selection, mapping: WorkspaceMapping, frameFlat: Float64Array): Generator<CostedFrame> {
  const { frames, functions, strings, stacks, value } = selection;
  const { classCode, fileId, line, currentLine, lineState, ambiguous } = mapping.frames;
  for (let f = 0; f < frames.count; f++) {
    const cost = frameFlat[f];
    if (cost === 0) continue;
    const fn = frames.function[f];
    const file = strings.get(functions.file[fn]);
    const leaf: CostedFrame = { path: file || strings.get(functions.name[fn]), class: f < classCode.length ? FRAME_CLASSES[classCode[f]] : 'unknown', cost };
    const reason = mapping.reason(f);
    if (reason) leaf.reason = reason;
    if (ambiguous[f]) leaf.ambiguous = true;
    const state = f < lineState.length ? lineState[f] : NO_LINE_STATE;
    if (state !== NO_LINE_STATE) {
      if (state === DELETED) leaf.lineDeleted = true;
      else if (currentLine[f] === 0) {
        const path = mapping.files[fileId[f]].path;
        leaf.class = 'unknown';
        leaf.reason = line[f] > 0 ? `line ${line[f]} of ${path} does not exist in that file's text (wrong commit or an older build?)` : `the profile gives no line in ${path}`;
      }
    }
    yield leaf;
  }
  let noStack = 0;
  for (let s = 0; s < stacks.count; s++) if (stacks.start[s + 1] === stacks.start[s]) noStack += value[s];
  if (noStack !== 0) yield { path: '(no stack)', class: 'unknown', cost: noStack, reason: 'the sample has no stack' };
}
