import type { OutcomeAnalysis } from '../types.js';
import { formatEffect, formatPText, formatPercent } from './format.js';

const modelNames = { fixed: 'Fixed effect', random: 'Random effects' } as const;
const methodNames = { IV: 'inverse variance', MH: 'Mantel-Haenszel', PETO: 'Peto' } as const;

/** The analysis settings in plain words ("Random effects, REML, Hartung-Knapp CI"). */
export function describeSettings(analysis: OutcomeAnalysis): string {
  const { settings } = analysis;
  const parts: string[] = [`${modelNames[settings.model]} (${methodNames[settings.method]})`];
  if (settings.model === 'random') parts.push(`τ² by ${settings.tau2Estimator}`);
  parts.push(settings.ciMethod === 'hksj' ? 'Hartung-Knapp-Sidik-Jonkman CI' : 'z-based CI');
  if (settings.preset === 'revman5') parts.push('RevMan 5 conventions');
  return parts.join(', ');
}

/** A readable plain-text report of an analysed outcome. */
export function formatReport(analysis: OutcomeAnalysis, title = 'Meta-analysis'): string {
  const out: string[] = [];
  const m = analysis.measure;
  out.push(`${title}: ${m}, ${analysis.k} studies`);
  out.push(describeSettings(analysis));
  if (analysis.modelChoice) out.push(`Model choice: ${analysis.modelChoice.reason}`);
  for (const note of analysis.notes) out.push(`Note: ${note}`);
  for (const e of analysis.excluded) out.push(`Not analysed: ${e.id} (${e.reason})`);
  out.push('');
  const width = Math.max(5, ...analysis.studies.map((s) => s.id.length));
  out.push(`${'Study'.padEnd(width)}  ${m.padStart(7)}  ${'95% CI'.padEnd(17)}  Weight`);
  for (const s of analysis.studies) {
    const ci = `[${formatEffect(s.ciLower)}, ${formatEffect(s.ciUpper)}]`;
    out.push(`${s.id.padEnd(width)}  ${formatEffect(s.estimate).padStart(7)}  ${ci.padEnd(17)}  ${formatPercent(s.weight).padStart(6)}`);
  }
  if (!analysis.fit || !analysis.summary) return out.join('\n');
  const { fit, summary } = analysis;
  out.push('');
  out.push(`Pooled ${m}: ${formatEffect(summary.estimate)} [${formatEffect(summary.ciLower)}, ${formatEffect(summary.ciUpper)}]; ${fit.df === null ? 'Z' : `t(${fit.df})`} = ${formatEffect(fit.stat)}, ${formatPText(summary.pValue)}`);
  if (summary.predictionLower !== null) {
    out.push(`Prediction interval: [${formatEffect(summary.predictionLower)}, ${formatEffect(summary.predictionUpper)}]`);
  }
  out.push(`Heterogeneity: τ² = ${formatEffect(fit.tau2, 4)}; Q = ${formatEffect(fit.Q)}, df = ${fit.Qdf}, ${formatPText(fit.Qp)}; I² = ${formatPercent(fit.I2)}`);
  if (fit.tau2CI) out.push(`  95% CI for τ²: [${formatEffect(fit.tau2CI[0], 4)}, ${formatEffect(fit.tau2CI[1], 4)}]; for I²: [${formatPercent(fit.I2CI?.[0])}, ${formatPercent(fit.I2CI?.[1])}]`);
  if (analysis.subgroups) {
    out.push('');
    out.push('Subgroups:');
    const back = analysis.scale === 'log' ? Math.exp : (x: number) => x;
    for (const g of analysis.subgroups.groups) {
      out.push(`  ${g.name} (k = ${g.k}): ${formatEffect(back(g.fit.estimate))} [${formatEffect(back(g.fit.ciLower))}, ${formatEffect(back(g.fit.ciUpper))}], I² = ${formatPercent(g.fit.I2Q)}`);
    }
    const s = analysis.subgroups;
    out.push(`  Test for subgroup differences: Q = ${formatEffect(s.Qbetween)}, df = ${s.QbetweenDf}, ${formatPText(s.QbetweenP)}`);
  }
  if (analysis.egger) out.push(`Egger's test: bias = ${formatEffect(analysis.egger.bias)} (SE ${formatEffect(analysis.egger.biasSe)}), t(${analysis.egger.df}) = ${formatEffect(analysis.egger.t)}, ${formatPText(analysis.egger.pval)}`);
  if (analysis.begg) out.push(`Begg's test: Kendall's τ = ${formatEffect(analysis.begg.tau, 3)}, ${formatPText(analysis.begg.pvalExactOrMetafor)}${analysis.begg.pvalExact ? ' (exact)' : ''}`);
  if (analysis.trimFill) {
    const t = analysis.trimFill;
    const back = analysis.scale === 'log' ? Math.exp : (x: number) => x;
    out.push(`Trim-and-fill (L0): ${t.k0} ${t.k0 === 1 ? 'study' : 'studies'} filled on the ${t.side}; adjusted ${m} ${formatEffect(back(t.fit.estimate))} [${formatEffect(back(t.fit.ciLower))}, ${formatEffect(back(t.fit.ciUpper))}]`);
  }
  return out.join('\n');
}
