// Risk of bias beside the evidence: each study's judgements per domain (RoB 2, ROBINS-I, Newcastle-Ottawa stars) for
// the traffic-light table, their share per domain by study and by weight (robvis, McGuinness & Higgins 2021), and the
// pooled fit without the studies at high risk of bias (Cochrane Handbook 7.6.2; GRADE handbook 5.2.1).
import { fitModel } from './fit.js';
import { rowsByStudy } from './sensitivity.js';
import type { EffectOptions } from './effect-sizes/index.js';
import type { Fit, Measure, ModelOptions, PooledSummary, StudyEffect, StudyInput } from './types.js';

export type RoB2Judgement = 'low' | 'some-concerns' | 'high';
/** ROBINS-I (Sterne et al. 2016, BMJ 355:i4919): judgements of a non-randomised study, per domain and overall. */
export type RobinsIJudgement = 'low' | 'moderate' | 'serious' | 'critical' | 'no-information';
export type RiskOfBiasTool = 'rob2' | 'robins-i' | 'nos';
export type RiskOfBiasClass = 'high' | 'low' | 'some-concerns' | 'not-assessed';

/** The domains of each tool, in the tool's order (RoB 2: Sterne et al. 2019; ROBINS-I; Newcastle-Ottawa: Wells et al.). */
export const RISK_OF_BIAS_DOMAINS: Record<RiskOfBiasTool, readonly string[]> = {
  rob2: ['randomisation', 'deviations', 'missing-data', 'measurement', 'reporting'],
  'robins-i': ['confounding', 'selection', 'classification', 'deviations', 'missing-data', 'measurement', 'reporting'],
  nos: ['selection', 'comparability', 'outcome'],
};

/** The judgements of each tool, best first. */
export const RISK_OF_BIAS_SCALES: Record<'rob2' | 'robins-i', readonly string[]> = {
  rob2: ['low', 'some-concerns', 'high'],
  'robins-i': ['low', 'moderate', 'serious', 'critical', 'no-information'],
};

/** Newcastle-Ottawa stars below this (of 9) count as high risk of bias: the usual cut-off of "good quality" at 7. */
export const NOS_HIGH_RISK_BELOW = 7;

/** One study's assessment with one tool: a judgement per domain (RoB 2, ROBINS-I) or stars per domain (Newcastle-Ottawa). */
export interface StudyRiskOfBias {
  tool: RiskOfBiasTool;
  domains: { domain: string; judgement?: string | null; stars?: number | null; maxStars?: number | null }[];
  /** RoB 2 or ROBINS-I overall judgement. */
  overall?: string | null;
  /** Newcastle-Ottawa total stars. */
  totalStars?: number | null;
}

/** RoB 2 'high', ROBINS-I 'serious' or 'critical', or Newcastle-Ottawa below NOS_HIGH_RISK_BELOW stars is high risk of bias. */
export function riskOfBiasClass(study: { rob2?: RoB2Judgement | null; robinsI?: RobinsIJudgement | null; nosScore?: number | null }): RiskOfBiasClass {
  if (study.rob2) return study.rob2;
  if (study.robinsI === 'serious' || study.robinsI === 'critical') return 'high';
  if (study.robinsI === 'low') return 'low';
  if (study.robinsI === 'moderate') return 'some-concerns';
  if (study.nosScore !== null && study.nosScore !== undefined) return study.nosScore < NOS_HIGH_RISK_BELOW ? 'high' : 'low';
  return 'not-assessed';
}

/** The traffic-light table of one tool and its summary per domain. */
export interface RiskOfBiasTable {
  tool: RiskOfBiasTool;
  /** Domain names in the tool's order. */
  domains: string[];
  /** Each analysed study, in the order of the analysis: its weight (percent, summed over its rows) and judgements. */
  studies: {
    studyId: string;
    weight: number;
    /** Per domain: the judgement (RoB 2, ROBINS-I) or stars as text ('3'); null when not given. */
    domains: (string | null)[];
    /** Newcastle-Ottawa: stars per domain and their maxima. */
    stars: (number | null)[] | null;
    maxStars: (number | null)[] | null;
    /** Overall judgement, or for Newcastle-Ottawa the total stars as text. */
    overall: string | null;
    /** Whether the study counts as high risk of bias (and is left out of `withoutHighRiskOfBias`). */
    highRisk: boolean;
  }[];
  /**
   * Per domain and then 'overall': the share (0 to 1) of the analysed studies at each level, by count and by weight.
   * RoB 2 and ROBINS-I levels are the tool's judgements; Newcastle-Ottawa levels are star counts ('4 stars' ... '0 stars')
   * per domain and, overall, at or above NOS_HIGH_RISK_BELOW stars or below it. Studies without this tool's
   * assessment are 'not assessed'. `weighted` is null when the analysis pools nothing (no weights).
   */
  summary: { domain: string; levels: string[]; unweighted: number[]; weighted: number[] | null }[];
}

/** The pooled fit without the studies at high risk of bias. */
export interface WithoutHighRiskOfBias {
  /** The rule that made a study high risk, in words. */
  rule: string;
  /** Studies left out, and their share of the weight in the main analysis (percent). */
  leftOut: number;
  studyIds: string[];
  weightLeftOut: number;
  /** Studies that remain. */
  k: number;
  /** The fit of the remaining studies under the outcome's model (null when every study is at high risk). */
  fit: Fit | null;
  summary: PooledSummary | null;
}

export const HIGH_RISK_RULE = `RoB 2 high, ROBINS-I serious or critical, or Newcastle-Ottawa below ${NOS_HIGH_RISK_BELOW} of 9 stars`;

/** The analysed studies' assessments, one table per tool used, with the studies in the order of the analysis. */
export function riskOfBiasTables(rows: readonly StudyInput[], studyEffects: readonly StudyEffect[], weighted: boolean): RiskOfBiasTable[] | null {
  const analysed = new Set(studyEffects.map((e) => e.id));
  const studies = rowsByStudy(rows.filter((row) => analysed.has(row.id)));
  const weightOfRow = new Map(studyEffects.map((e) => [e.id, e.weight]));
  const tools = (['rob2', 'robins-i', 'nos'] as const).filter((tool) => studies.some((s) => assessmentOf(s.rows, tool)));
  if (tools.length === 0) return null;
  const weights = studies.map((s) => s.rows.reduce((sum, row) => sum + (weightOfRow.get(row.id) ?? 0), 0));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  return tools.map((tool) => {
    const domains = [...RISK_OF_BIAS_DOMAINS[tool]];
    const tableStudies = studies.map((s, i) => {
      const assessment = assessmentOf(s.rows, tool);
      const byDomain = (name: string) => assessment?.domains.find((d) => d.domain === name) ?? null;
      const stars = tool === 'nos' && assessment ? domains.map((name) => byDomain(name)?.stars ?? null) : null;
      return {
        studyId: s.studyId,
        weight: weights[i],
        domains: domains.map((name) => {
          const d = byDomain(name);
          return tool === 'nos' ? (d?.stars === null || d?.stars === undefined ? null : String(d.stars)) : (d?.judgement ?? null);
        }),
        stars,
        maxStars: tool === 'nos' && assessment ? domains.map((name) => byDomain(name)?.maxStars ?? null) : null,
        overall: tool === 'nos' ? (assessment?.totalStars === null || assessment?.totalStars === undefined ? null : String(assessment.totalStars)) : (assessment?.overall ?? null),
        highRisk: riskOfBiasClass(s.rows[0]) === 'high',
      };
    });
    const levelsOf = (d: number): string[] => {
      if (tool !== 'nos') return [...RISK_OF_BIAS_SCALES[tool]];
      if (d === domains.length) return [`${NOS_HIGH_RISK_BELOW}-9 stars`, `0-${NOS_HIGH_RISK_BELOW - 1} stars`];
      const max = [4, 2, 3][d];
      return Array.from({ length: max + 1 }, (_, n) => `${max - n} star${max - n === 1 ? '' : 's'}`);
    };
    const levelOf = (study: (typeof tableStudies)[number], d: number, levels: string[]): string | null => {
      const value = d === domains.length ? study.overall : study.domains[d];
      if (value === null) return null;
      if (tool !== 'nos') return value;
      if (d === domains.length) return Number(value) >= NOS_HIGH_RISK_BELOW ? levels[0] : levels[1];
      return levels.find((level) => level.startsWith(`${value} star`)) ?? null;
    };
    const summary = [...domains, 'overall'].map((domain, d) => {
      const levels = [...levelsOf(d), 'not-assessed'];
      const counts = levels.map(() => 0);
      const weightAt = levels.map(() => 0);
      tableStudies.forEach((study, i) => {
        const level = levelOf(study, d, levels);
        const at = level === null ? levels.length - 1 : Math.max(0, levels.indexOf(level));
        counts[at] += 1;
        weightAt[at] += weights[i];
      });
      return {
        domain,
        levels,
        unweighted: counts.map((n) => n / tableStudies.length),
        weighted: weighted && totalWeight > 0 ? weightAt.map((w) => w / totalWeight) : null,
      };
    });
    return { tool, domains, studies: tableStudies, summary };
  });
}

function assessmentOf(rows: readonly StudyInput[], tool: RiskOfBiasTool): StudyRiskOfBias | null {
  for (const row of rows) {
    const found = row.riskOfBias?.find((a) => a.tool === tool);
    if (found) return found;
  }
  return null;
}

/**
 * Cochrane Handbook 7.6.2 (a sensitivity analysis restricted to studies at low risk of bias): the outcome's model
 * refitted without every row of the studies at high risk (`riskOfBiasClass`). Null when no study was assessed or none is
 * at high risk.
 */
export function withoutHighRiskOfBias(
  rows: StudyInput[],
  studyEffects: readonly StudyEffect[],
  measure: Measure,
  options: ModelOptions & EffectOptions,
  toReporting: (x: number) => number,
): WithoutHighRiskOfBias | null {
  const analysed = new Set(studyEffects.map((e) => e.id));
  const studies = rowsByStudy(rows.filter((row) => analysed.has(row.id)));
  if (studies.every((s) => riskOfBiasClass(s.rows[0]) === 'not-assessed')) return null;
  const high = studies.filter((s) => riskOfBiasClass(s.rows[0]) === 'high');
  if (high.length === 0) return null;
  const highIds = new Set(high.map((s) => s.studyId));
  const weightLeftOut = studyEffects.filter((e) => highIds.has(e.studyId)).reduce((sum, e) => sum + e.weight, 0);
  const remaining = studies.filter((s) => !highIds.has(s.studyId)).flatMap((s) => s.rows);
  const fit = remaining.length > 0 ? fitModel(remaining, measure, { ...options, ciMethod: remaining.length < 2 ? 'z' : options.ciMethod }) : null;
  return {
    rule: HIGH_RISK_RULE,
    leftOut: high.length,
    studyIds: [...highIds],
    weightLeftOut,
    k: studies.length - high.length,
    fit,
    summary: fit && {
      estimate: toReporting(fit.estimate),
      ciLower: toReporting(fit.ciLower),
      ciUpper: toReporting(fit.ciUpper),
      pValue: fit.pval,
      predictionLower: fit.predLower === null ? null : toReporting(fit.predLower),
      predictionUpper: fit.predUpper === null ? null : toReporting(fit.predUpper),
    },
  };
}
