import { normalQuantileOf } from '../numeric/distributions.js';
import type { EffectSize, FunnelData, TrimFillResult } from '../types.js';

// Funnel plot data (Sterne and Egger 2001): each study's effect against its standard error, with pseudo-95%
// confidence limits center ± 1.96·se around the pooled estimate, and trim-and-fill's filled studies marked.
export function funnelData(effects: EffectSize[], center: number, trimFill: TrimFillResult | null = null): FunnelData {
  const points = effects.map((e) => ({ id: e.id, yi: e.yi, se: Math.sqrt(e.vi), filled: false }));
  if (trimFill) {
    trimFill.filled.yi.forEach((yi, j) => points.push({ id: `filled-${j + 1}`, yi, se: Math.sqrt(trimFill.filled.vi[j]), filled: true }));
  }
  const z = normalQuantileOf(0.975);
  const maxSe = points.reduce((m, p) => Math.max(m, p.se), 0);
  const limits = [0, maxSe].map((se) => ({ se, lower: center - z * se, upper: center + z * se }));
  return { center, points, limits };
}
