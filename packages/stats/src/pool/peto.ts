import { isDoubleZero, table, validateBinaryStudy } from '../effect-sizes/binary.js';
import { StatsInputError } from '../errors.js';
import type { BinaryStudy, Fit, Preset } from '../types.js';
import { fixedFitFrom } from './pooled-fixed.js';

// Peto's one-step odds ratio (Yusuf et al. 1985): log OR = Σ(O - E)/ΣV, var = 1/ΣV, with
// V = n1 n2 (a + c)(b + d) / (n²(n - 1)); Q = Σ(O - E)²/V - (Σ(O - E))²/ΣV (Cochrane Handbook 10.4.4.2).
export function poolPeto(studies: BinaryStudy[], preset: Preset): Fit {
  studies.forEach(validateBinaryStudy);
  const included = studies.filter((s) => !(preset === 'revman5' && isDoubleZero(table(s))));
  let sumOE = 0, sumV = 0, sumOE2overV = 0, informative = 0;
  const weights: number[] = [];
  for (const s of included) {
    const { a, b, c, d, n1, n2 } = table(s);
    const n = n1 + n2;
    const OE = a - ((a + c) * n1) / n;
    const V = (n1 * n2 * (a + c) * (b + d)) / (n * n * (n - 1));
    weights.push(V);
    if (V > 0) {
      sumOE += OE;
      sumV += V;
      sumOE2overV += (OE * OE) / V;
      informative++;
    }
  }
  if (!(sumV > 0)) throw new StatsInputError('the Peto odds ratio cannot be estimated: no study has events', null, 'studies');
  return fixedFitFrom({
    method: 'PETO',
    estimate: sumOE / sumV,
    se: Math.sqrt(1 / sumV),
    Q: sumOE2overV - (sumOE * sumOE) / sumV,
    Qdf: informative - 1,
    rawWeights: weights,
    ids: included.map((s) => s.id),
  });
}
