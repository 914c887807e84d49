import { StatsInputError } from '../errors.js';
import { poolInverseVariance } from '../pool/inverse-variance.js';
import type { BeggResult, EffectSize } from '../types.js';
import { kendall, kendallExactP, kendallNormalP } from './kendall.js';

// Begg and Mazumdar (1994) rank correlation test, as metafor's ranktest: Kendall's tau between the
// standardised deviates (yi - θ_FE)/sqrt(vi - var(θ_FE)) and vi.
export function beggTest(effects: EffectSize[]): BeggResult {
  const k = effects.length;
  if (k < 3) throw new StatsInputError(`Begg's test needs at least 3 studies (this analysis has ${k})`, null, 'studies');
  const fixed = poolInverseVariance(effects, { model: 'fixed' });
  const vb = fixed.se ** 2;
  const deviates = effects.map((e) => (e.yi - fixed.estimate) / Math.sqrt(e.vi - vb));
  const variances = effects.map((e) => e.vi);
  const { tau, S, varS, ties } = kendall(deviates, variances);
  const exact = k < 50 && !ties;
  return {
    tau,
    pvalExactOrMetafor: exact ? kendallExactP(S, k) : kendallNormalP(S, varS, false),
    pvalExact: exact,
    pvalNormalCC: kendallNormalP(S, varS, true),
  };
}
