/**
 * A series as a line of block characters (`▁▂▃▅▇`), scaled from 0 to the series' largest value, so that a flat
 * series of small shares looks flat and low rather than stretched into noise. NaN (a gap) is a space. Series
 * longer than `width` are resampled by averaging the points that fall in each character.
 */
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: ArrayLike<number>, width = values.length): string {
  const n = values.length;
  if (n === 0 || width <= 0) return '';
  const cells = Math.min(width, n);
  const points: number[] = [];
  for (let c = 0; c < cells; c++) {
    const from = Math.floor((c * n) / cells);
    const to = Math.floor(((c + 1) * n) / cells);
    let sum = 0;
    let used = 0;
    for (let i = from; i < to; i++) {
      if (!Number.isNaN(values[i])) {
        sum += values[i];
        used++;
      }
    }
    points.push(used === 0 ? NaN : sum / used);
  }
  const max = Math.max(0, ...points.filter((v) => !Number.isNaN(v)));
  return points.map((v) => (Number.isNaN(v) ? ' ' : max <= 0 ? BLOCKS[0] : BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round((v / max) * (BLOCKS.length - 1))))])).join('');
}
