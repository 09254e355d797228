/**
 * The denominator of every share — top's flat% and cum%, the lines' and the gutter's percentages, a diff side's
 * shares — for one sample type, as go tool pprof computes its total: the sum of |value| over the samples, so a
 * profile with negative values (a delta heap profile, `go tool pprof -proto -diff_base`) still has a positive total
 * and a row's share says how much of the movement it is; and when some samples are a diff base (go tool pprof marks
 * them with the label pprof::base=true), the sum over those alone, so shares are of the base.
 */
import type { ProfileModel } from '../model/types';

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
