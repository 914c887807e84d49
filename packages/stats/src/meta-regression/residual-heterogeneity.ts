// Residual heterogeneity of a meta-regression: QE, I², H² (metafor rma.uni) and the pseudo-R² of the moderators.
import { heterogeneityFromQ, h2FromTau2, i2FromTau2, typicalVariance } from '../heterogeneity.js';
import { fitAtTau2, interceptDesign, type Design } from '../numeric/weighted-regression.js';
import { tau2Estimators } from '../tau2/index.js';
import type { ModelKind, Tau2Estimator } from '../types.js';

export interface ResidualHeterogeneity {
  QE: number;
  QEdf: number;
  QEp: number;
  I2: number;
  H2: number;
}

// QE = Σ (yi - xi'b)²/vi with k - p df (the fixed-effects residuals); I² = 100 τ²/(ṽ + τ²), H² = (ṽ + τ²)/ṽ with ṽ = (k - p)/tr(P).
export function residualHeterogeneity(design: Design, yi: Float64Array, vi: Float64Array, tau2: number, model: ModelKind): ResidualHeterogeneity {
  const QE = fitAtTau2(design, yi, vi, 0, false).RSS;
  const { Q, Qdf, Qp, I2Q, H2Q } = heterogeneityFromQ(QE, design.k - design.p);
  if (model === 'fixed') return { QE: Q, QEdf: Qdf, QEp: Qp, I2: I2Q, H2: H2Q };
  const vt = typicalVariance(design, vi);
  return { QE: Q, QEdf: Qdf, QEp: Qp, I2: i2FromTau2(tau2, vt), H2: h2FromTau2(tau2, vt) };
}

// Pseudo-R² (Raudenbush 2009; metafor rma.uni): max(0, 100 (τ²_RE - τ²_ME)/τ²_RE), τ²_RE from the intercept-only model
// with the same estimator; 0 when τ²_RE is 0, as metafor reports it.
export function pseudoR2(yi: Float64Array, vi: Float64Array, estimator: Tau2Estimator, tau2: number): number {
  const tau2RE = tau2Estimators[estimator]({ design: interceptDesign(yi.length), yi, vi });
  if (tau2RE === 0) return 0;
  return Math.max(0, (100 * (tau2RE - tau2)) / tau2RE);
}
