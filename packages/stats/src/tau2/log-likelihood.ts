import { fitAtTau2, invertSmall } from '../numeric/weighted-regression.js';
import type { Tau2Input } from './types.js';

/** The (restricted) log-likelihood of the normal-normal model at τ² (metafor's ll and ll0 checks). */
export function logLikelihood({ design, yi, vi }: Tau2Input, tau2: number, kind: 'ML' | 'REML'): number {
  const { k, p } = design;
  const fit = fitAtTau2(design, yi, vi, tau2, false);
  let logV = 0;
  for (let i = 0; i < k; i++) logV += Math.log(vi[i] + tau2);
  if (kind === 'ML') return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * fit.RSS;
  const A = invertSmall(fit.vb);
  const logDetXWX = A ? Math.log(determinant(A)) : Number.NaN;
  return -0.5 * (k - p) * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * logDetXWX - 0.5 * fit.RSS;
}

function determinant(m: number[][]): number {
  if (m.length === 1) return m[0][0];
  if (m.length === 2) return m[0][0] * m[1][1] - m[0][1] * m[1][0];
  let det = 0;
  for (let j = 0; j < m.length; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, c) => c !== j));
    det += (j % 2 === 0 ? 1 : -1) * m[0][j] * determinant(minor);
  }
  return det;
}

/** metafor's ll0check: Fisher scoring may stop at a local maximum; τ² = 0 wins when its likelihood is clearly higher. */
export function likelierAtZero(input: Tau2Input, tau2: number, kind: 'ML' | 'REML'): boolean {
  const tolerance = Number.EPSILON ** 0.25;
  return tau2 > 1e-13 && logLikelihood(input, 0, kind) - logLikelihood(input, tau2, kind) > tolerance;
}
