/**
 * One side of a diff in one pass over its stacks: per function its cum and flat value, its cum in sample
 * counts (for the noise test), and per frame (function + line) its cum value, from which a function's hottest
 * line comes. Same semantics as aggregateFlatCum: flat goes to the leaf's innermost frame; cum counts a function
 * (or frame) once per stack however often it recurs; the total is pprof's (aggregate/absoluteTotal.ts).
 */
import { AbsoluteTotal } from '../aggregate/absoluteTotal';
import type { StackSet } from '../aggregate/stackSet';
import type { CountSource } from './significance';

export interface SideCosts {
  readonly total: number;
  /** Total in sample counts (0 when the count source is 'none'). */
  readonly countTotal: number;
  /** Per StackSet function. */
  readonly cum: Float64Array;
  readonly flat: Float64Array;
  readonly countCum: Float64Array;
  /** Per StackSet function: the line of its frame with the largest cum (0 if none has a line). */
  readonly hotLine: Float64Array;
  /** Per StackSet function: the lowest line of its frames with cost (0 if none has a line). */
  readonly firstLine: Float64Array;
}

export function sideCosts(set: StackSet, typeIndex: number, counts: CountSource): SideCosts {
  const fnCount = set.functions.count;
  const frameCount = set.frames.count;
  const frameFunction = set.frames.function;
  const { frameStart, frameList } = set.locations;
  const cum = new Float64Array(fnCount);
  const flat = new Float64Array(fnCount);
  const countCum = new Float64Array(fnCount);
  const fnStamp = new Int32Array(fnCount).fill(-1);
  const frameCum = new Float64Array(frameCount);
  const frameStamp = new Int32Array(frameCount).fill(-1);
  const types = set.sampleTypes.length;
  const values = set.values;
  const countIndex = counts.kind === 'type' ? counts.index : -1;
  const perCount = counts.kind === 'period' ? 1 / counts.period : 0;
  // Undefined with a single input (stack s is then sample s of input 0); see stackSet.ts.
  const sources = set.stacks.source;
  const samples = set.stacks.sample;
  const total = new AbsoluteTotal();
  const countTotal = new AbsoluteTotal();

  for (let s = 0; s < set.stacks.count; s++) {
    const v = values[s * types + typeIndex];
    if (v === 0) continue;
    const c = countIndex >= 0 ? values[s * types + countIndex] : v * perCount;
    const input = set.inputs[sources === undefined ? 0 : sources[s]];
    const sample = samples === undefined ? s : samples[s];
    const isBase = input.diffBase !== undefined && input.diffBase[sample] === 1;
    total.add(v, isBase);
    countTotal.add(c, isBase);
    const start = input.locationStart[sample];
    const end = input.locationStart[sample + 1];
    if (start === end) continue;
    const toMerged = input.toMerged;
    const locations = input.locations;
    flat[frameFunction[frameList[frameStart[toMerged[locations[start]]]]]] += v;
    for (let i = start; i < end; i++) {
      const loc = toMerged[locations[i]];
      const fEnd = frameStart[loc + 1];
      for (let k = frameStart[loc]; k < fEnd; k++) {
        const frame = frameList[k];
        if (frameStamp[frame] !== s) {
          frameStamp[frame] = s;
          frameCum[frame] += v;
        }
        const fn = frameFunction[frame];
        if (fnStamp[fn] !== s) {
          fnStamp[fn] = s;
          cum[fn] += v;
          countCum[fn] += c;
        }
      }
    }
  }

  const hotLine = new Float64Array(fnCount);
  const hotValue = new Float64Array(fnCount);
  const firstLine = new Float64Array(fnCount);
  const frameLine = set.frames.line;
  for (let fr = 0; fr < frameCount; fr++) {
    const line = frameLine[fr];
    if (line <= 0 || frameCum[fr] === 0) continue;
    const fn = frameFunction[fr];
    if (firstLine[fn] === 0 || line < firstLine[fn]) firstLine[fn] = line;
    const v = Math.abs(frameCum[fr]);
    if (v > hotValue[fn] || (v === hotValue[fn] && line < hotLine[fn])) {
      hotValue[fn] = v;
      hotLine[fn] = line;
    }
  }
  return { total: total.value, countTotal: countTotal.value, cum, flat, countCum, hotLine, firstLine };
}
