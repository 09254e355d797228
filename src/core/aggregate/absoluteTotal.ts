/**
 * The denominator of every share — top's flat% and cum%, the lines' and the gutter's percentages, a diff side's
 * shares — for one sample type, as go tool pprof computes its total: the sum of |value| over the samples, so a
 * profile with negative values (a delta heap profile, `go tool pprof -proto -diff_base`) still has a positive total
 * and a row's share says how much of the movement it is; and when some samples are a diff base (go tool pprof marks
 * them with the label pprof::base=true), the sum over those alone, so shares are of the base.
 */
import type { ProfileModel } from '../model/types';
import type { Profile } from '../profile/model';

export class AbsoluteTotal {
  private all = 0;
  private base = 0;

  add(value: number, isDiffBase: boolean): void {
    const v = value < 0 ? -value : value;
    this.all += v;
    if (isDiffBase) this.base += v;
  }

  get value(): number {
    return this.base > 0 ? this.base : this.all;
  }
}

const DIFF_BASE_KEY = 'pprof::base';
const DIFF_BASE_VALUE = 'true';

/** Per label set of the model, 1 when it has pprof::base=true; undefined when none has. */
export function diffBaseLabelSets(model: ProfileModel): Uint8Array | undefined {
  const { labelSets, strings } = model;
  let flags: Uint8Array | undefined;
  for (let l = 0; l < labelSets.count; l++) {
    for (let i = labelSets.start[l]; i < labelSets.start[l + 1]; i++) {
      if (labelSets.str[i] !== 0 && strings.get(labelSets.key[i]) === DIFF_BASE_KEY && strings.get(labelSets.str[i]) === DIFF_BASE_VALUE) {
        flags ??= new Uint8Array(labelSets.count);
        flags[l] = 1;
      }
    }
  }
  return flags;
}

/** Per sample, 1 when it carries pprof::base=true; undefined when no sample does. */
export function diffBaseSamples(p: Profile): Uint8Array | undefined {
  const { labels, strings, samples } = p;
  if (labels.count === 0) return undefined;
  // Label keys and values are few distinct strings: each is decoded once.
  const isKey = new Map<number, boolean>();
  const isTrue = new Map<number, boolean>();
  const test = (memo: Map<number, boolean>, i: number, text: string) => {
    let yes = memo.get(i);
    if (yes === undefined) memo.set(i, (yes = strings.get(i) === text));
    return yes;
  };
  let flags: Uint8Array | undefined;
  for (let s = 0; s < samples.count; s++) {
    for (let l = samples.labelStart[s]; l < samples.labelStart[s + 1]; l++) {
      if (test(isKey, labels.key[l], DIFF_BASE_KEY) && test(isTrue, labels.str[l], DIFF_BASE_VALUE)) {
        flags ??= new Uint8Array(samples.count);
        flags[s] = 1;
      }
    }
  }
  return flags;
}

/** The total of `typeIndex` over these profiles' samples. */
export function absoluteTotal(profiles: readonly Profile[], typeIndex: number): number {
  const total = new AbsoluteTotal();
  for (const p of profiles) {
    const base = diffBaseSamples(p);
    const n = p.sampleTypes.length;
    for (let s = 0; s < p.samples.count; s++) total.add(p.samples.values[s * n + typeIndex], base !== undefined && base[s] === 1);
  }
  return total.value;
}
