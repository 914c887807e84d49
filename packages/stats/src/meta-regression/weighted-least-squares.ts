// The weighted least squares fit at a given τ², with z or Knapp-Hartung tests of each coefficient (metafor rma.uni).
import { normalQuantileOf, normalTwoSidedP, studentQuantileOf, studentTwoSidedP } from '../numeric/distributions.js';
import { fitAtTau2, type Design } from '../numeric/weighted-regression.js';
import type { CiMethod } from '../types.js';
import type { DesignTerm, MetaRegressionCoefficient } from './types.js';

export interface CoefficientFit {
  coefficients: MetaRegressionCoefficient[];
  beta: number[];
  /** Variance-covariance matrix of beta: (X'WX)⁻¹, times s² = Q(τ²)/(k - p) under Knapp-Hartung. */
  vb: number[][];
  /** k - p for Knapp-Hartung's t tests; null for z. */
  df: number | null;
  /** The two-sided 95% critical value (z or t). */
  crit: number;
}

// β = (X'WX)⁻¹X'Wy with W = diag(1/(vi + τ²)); Knapp and Hartung (2003) scale (X'WX)⁻¹ by Σw e²/(k - p), unrestricted as in metafor.
export function fitCoefficients(design: Design, yi: Float64Array, vi: Float64Array, tau2: number, terms: DesignTerm[], ciMethod: CiMethod): CoefficientFit {
  const { k, p } = design;
  const fit = fitAtTau2(design, yi, vi, tau2, false);
  let vb = fit.vb;
  let df: number | null = null;
  let crit = normalQuantileOf(0.975);
  if (ciMethod === 'hksj') {
    df = k - p;
    // metafor sets the factor to 0 when Q(τ²) is numerically zero.
    const s2 = fit.RSS <= Number.EPSILON ? 0 : fit.RSS / df;
    vb = vb.map((row) => row.map((v) => v * s2));
    crit = studentQuantileOf(0.975, df);
  }
  const coefficients = terms.map((term, j) => {
    const estimate = fit.beta[j];
    const se = Math.sqrt(vb[j][j]);
    const stat = estimate / se;
    const pval = df === null ? normalTwoSidedP(stat) : studentTwoSidedP(stat, df);
    return { ...term, estimate, se, stat, pval, ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
  });
  return { coefficients, beta: fit.beta, vb, df, crit };
}
