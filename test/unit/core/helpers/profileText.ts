/**
 * A profile as comparable text, independent of table order and ids: per sample its stack (function, file, line
 * per frame, leaf first; an unsymbolized location as its mapping file and address), labels and values, sorted.
 */
import type { Profile } from '../../../../src/core/profile/model';

export function sampleLines(p: Profile): string[] {
  const s = (i: number) => p.strings.get(i);
  const location = (l: number) => {
    const lines: string[] = [];
    for (let i = p.locations.lineStart[l]; i < p.locations.lineStart[l + 1]; i++) {
      const fn = p.lines.function[i];
      lines.push(fn < 0 ? `?:${p.lines.line[i]}` : `${s(p.functions.name[fn])}@${s(p.functions.filename[fn])}:${p.lines.line[i]}`);
    }
    if (lines.length > 0) return lines.join('+');
    const m = p.locations.mapping[l];
    return `${m < 0 ? '' : s(p.mappings.filename[m])}#${p.locations.address[l].toString(16)}`;
  };
  const n = p.sampleTypes.length;
  const out: string[] = [];
  for (let i = 0; i < p.samples.count; i++) {
    const stack: string[] = [];
    for (let k = p.samples.locationStart[i]; k < p.samples.locationStart[i + 1]; k++) stack.push(location(p.samples.locations[k]));
    const labels: string[] = [];
    for (let k = p.samples.labelStart[i]; k < p.samples.labelStart[i + 1]; k++) {
      labels.push(p.labels.str[k] !== 0 ? `${s(p.labels.key[k])}=${s(p.labels.str[k])}` : `${s(p.labels.key[k])}=${p.labels.num[k]}${s(p.labels.numUnit[k])}`);
    }
    out.push(`${stack.join(' < ')} {${labels.sort().join(',')}} ${Array.from(p.samples.values.subarray(i * n, (i + 1) * n)).join(',')}`);
  }
  return out.sort();
}

/** Sum of each sample type's values. */
export function totals(p: Profile): number[] {
  const n = p.sampleTypes.length;
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < p.samples.values.length; i++) out[i % n] += p.samples.values[i];
  return out;
}
