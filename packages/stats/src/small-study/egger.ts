import { StatsInputError } from '../errors.js';
import { studentTwoSidedP } from '../numeric/distributions.js';
import { designWithSlope, weightedFit } from '../numeric/weighted-regression.js';
import type { EffectSize, EggerResult } from '../types.js';
import { vectorOf } from '../numeric/vector-of.js';

// Egger's regression test (Egger et al. 1997), in metafor's form regtest(model = "lm", predictor = "sei"):
// weighted least squares of yi on sqrt(vi) with weights 1/vi; the slope measures small-study bias.
export function eggerTest(effects: EffectSize[]): EggerResult {
  const k = effects.length;
  if (k < 3) throw new StatsInputError(`Egger's test needs at least 3 studies (this analysis has ${k})`, null, 'studies');
  if (effects.every((e) => e.vi === effects[0].vi)) {
    throw new StatsInputError("Egger's test needs studies of different precision (all standard errors are equal)", null, 'studies');
  }
  const yi = vectorOf(effects, (e) => e.yi);
  const sei = vectorOf(effects, (e) => Math.sqrt(e.vi));
  const w = vectorOf(effects, (e) => 1 / e.vi);
  const fit = weightedFit(designWithSlope(sei), yi, w, false);
  const df = k - 2;
  const sigma2 = fit.RSS / df;
  const biasSe = Math.sqrt(sigma2 * fit.vb[1][1]);
  const bias = fit.beta[1];
  if (!(biasSe > 0)) {
    throw new StatsInputError("Egger's test cannot be computed: the studies' effects lie exactly on the regression line (no residual variation, e.g. every risk difference is 0)", null, 'studies');
  }
  const t = bias / biasSe;
  return { bias, biasSe, t, df, pval: studentTwoSidedP(t, df), limitEstimate: fit.beta[0] };
}
