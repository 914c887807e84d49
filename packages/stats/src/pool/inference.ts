import { normalQuantileOf, normalTwoSidedP, studentQuantileOf, studentTwoSidedP } from '../numeric/distributions.js';

/** The test and 95% interval of a pooled estimate: what every fit reports, whole or a refit of a subset. */
export interface PooledInference {
  se: number;
  /** t degrees of freedom, null for a z-based interval. */
  df: number | null;
  /** The 97.5% quantile the interval uses. */
  crit: number;
  stat: number;
  pval: number;
  ciLower: number;
  ciUpper: number;
}

const Z_975 = normalQuantileOf(0.975);
// Leave-one-out and cumulative refits ask for the same few degrees of freedom thousands of times.
const studentCritical = new Map<number, number>();

function studentQuantile975(df: number): number {
  let crit = studentCritical.get(df);
  if (crit === undefined) studentCritical.set(df, (crit = studentQuantileOf(0.975, df)));
  return crit;
}

/**
 * Wald z inference from Σw, or, given `hksjRSS` = Σw(y - μ)², the Hartung-Knapp-Sidik-Jonkman t interval with k - 1 df,
 * unrestricted as in metafor (Hartung and Knapp 2001; metafor rma.uni test = "knha").
 */
export function pooledInference(estimate: number, sumW: number, k: number, hksjRSS: number | null): PooledInference {
  let se = Math.sqrt(1 / sumW);
  let crit = Z_975;
  let df: number | null = null;
  if (hksjRSS !== null) {
    se = Math.sqrt(hksjRSS / (k - 1) / sumW);
    df = k - 1;
    crit = studentQuantile975(df);
  }
  const stat = estimate / se;
  const pval = df === null ? normalTwoSidedP(stat) : studentTwoSidedP(stat, df);
  return { se, df, crit, stat, pval, ciLower: estimate - crit * se, ciUpper: estimate + crit * se };
}

/** The 97.5% quantile of Student's t (cached): prediction intervals use it too. */
export { studentQuantile975 };
