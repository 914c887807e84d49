// The fitted line of a meta-regression on one numeric moderator, with its 95% confidence band, for a bubble plot.
import type { FittedLine } from './types.js';

/** b₀ + b₁x at `count` evenly spaced points over the observed range, with se² = V₀₀ + 2xV₀₁ + x²V₁₁. */
export function fittedLine(moderator: string, x: ArrayLike<number>, beta: number[], vb: number[][], crit: number, count = 50): FittedLine {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    min = Math.min(min, x[i]);
    max = Math.max(max, x[i]);
  }
  const points = Array.from({ length: count }, (_, i) => {
    const at = i === count - 1 ? max : min + ((max - min) * i) / (count - 1);
    const fit = beta[0] + beta[1] * at;
    const se = Math.sqrt(vb[0][0] + 2 * at * vb[0][1] + at * at * vb[1][1]);
    return { x: at, fit, ciLower: fit - crit * se, ciUpper: fit + crit * se };
  });
  return { moderator, points };
}
