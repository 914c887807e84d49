// Cohen's kappa (Cohen 1960, Educ Psychol Meas 20:37-46): agreement between two raters beyond what their own marginal
// frequencies would give by chance. kappa = (po - pe) / (1 - pe), po the observed share of agreements, pe the sum over
// categories of the product of the two raters' shares.

export interface CohensKappa {
  /** Items both raters rated. */
  n: number;
  /** Observed agreement (0 to 1). */
  po: number;
  /** Agreement expected by chance from the marginals (0 to 1). */
  pe: number;
  /** Null when it is undefined: no items, or both raters used one and the same category throughout (pe = 1). */
  kappa: number | null;
}

/** Kappa of paired ratings, each pair [rater A's category, rater B's category]. */
export function cohensKappa<C extends string>(pairs: readonly (readonly [C, C])[]): CohensKappa {
  const n = pairs.length;
  if (n === 0) return { n, po: 0, pe: 0, kappa: null };
  const first = new Map<C, number>();
  const second = new Map<C, number>();
  let agreements = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreements++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let chance = 0;
  for (const [category, count] of first) chance += count * (second.get(category) ?? 0);
  const po = agreements / n;
  const pe = chance / (n * n);
  return { n, po, pe, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}
