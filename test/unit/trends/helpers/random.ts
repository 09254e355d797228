/** Seeded random numbers (the bench generators' mulberry32): the same draws on every run. */
export { seededRandom as seeded } from '../../../../bench/profile/generate';

/** A standard normal draw (Box–Muller). */
export function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A Binomial(n, p) draw: exact for small n, the normal approximation (rounded, clamped) for large n·p. */
export function binomial(rand: () => number, n: number, p: number): number {
  const q = Math.min(1, Math.max(0, p));
  if (n * q < 30 || n * (1 - q) < 30) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rand() < q) k++;
    return k;
  }
  return Math.min(n, Math.max(0, Math.round(n * q + Math.sqrt(n * q * (1 - q)) * normal(rand))));
}
