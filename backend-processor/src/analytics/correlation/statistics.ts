/** Correlation of aligned series, with and without a lag. */

/** Pearson's r over the positions where both series have a value; null with fewer than 3 or no spread. */
export function pearson(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    xs.push(x);
    ys.push(y);
  }
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The lag (in steps, −maxLag … maxLag) at which `a` best correlates with `b` shifted: a positive
 * lag means `a` leads (a[t] goes with b[t + lag]). Ties go to the smaller lag.
 */
export function bestLag(
  a: ReadonlyArray<number | null>,
  b: ReadonlyArray<number | null>,
  maxLag: number,
): { r: number; lag: number } | null {
  let best: { r: number; lag: number } | null = null;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const r = lag >= 0 ? pearson(a.slice(0, a.length - lag), b.slice(lag)) : pearson(a.slice(-lag), b);
    if (r === null) continue;
    const stronger = !best || Math.abs(r) > Math.abs(best.r) + 1e-12;
    const asStrongNearer =
      best && Math.abs(Math.abs(r) - Math.abs(best.r)) <= 1e-12 && Math.abs(lag) < Math.abs(best.lag);
    if (stronger || asStrongNearer) best = { r, lag };
  }
  return best;
}
