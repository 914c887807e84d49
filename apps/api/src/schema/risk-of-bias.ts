// Risk of bias beside the evidence: the traffic-light table of each tool and its summary per domain, and the analysis
// without the studies at high risk of bias, as stored with each analysis (so every version serves its own).
import type { RiskOfBiasTable, WithoutHighRiskOfBias } from '../domain/engine.js';
import { AnalysisRef } from './analysis.js';
import { builder } from './builder.js';
import { QualityToolEnum, RobJudgementEnum } from './enums.js';

type Judgement = 'low' | 'some-concerns' | 'high' | 'moderate' | 'serious' | 'critical' | 'no-information';
type TableStudy = RiskOfBiasTable['studies'][number] & { tool: RiskOfBiasTable['tool'] };

const RiskOfBiasStudyRef = builder.objectRef<TableStudy>('RiskOfBiasStudy').implement({
  description: "One analysed study's row of the traffic-light table, in the order of the analysis's studies.",
  fields: (t) => ({
    studyId: t.id({ resolve: (s) => s.studyId }),
    weight: t.float({ description: "The study's weight in the analysis, percent (summed over its rows).", resolve: (s) => s.weight }),
    judgements: t.field({
      type: [RobJudgementEnum],
      nullable: { list: false, items: true },
      description: 'RoB 2 and ROBINS-I: the judgement per domain, in the order of `domains`; null where not assessed (Newcastle-Ottawa: all null).',
      resolve: (s) => (s.tool === 'nos' ? s.domains.map(() => null) : s.domains.map((d) => d as Judgement | null)),
    }),
    stars: t.intList({ nullable: { list: true, items: true }, description: 'Newcastle-Ottawa: stars per domain.', resolve: (s) => s.stars }),
    maxStars: t.intList({ nullable: { list: true, items: true }, description: 'Newcastle-Ottawa: the most stars of each domain.', resolve: (s) => s.maxStars }),
    overall: t.field({ type: RobJudgementEnum, nullable: true, resolve: (s) => (s.tool === 'nos' ? null : (s.overall as Judgement | null)) }),
    totalStars: t.int({ nullable: true, resolve: (s) => (s.tool === 'nos' && s.overall !== null ? Number(s.overall) : null) }),
    highRisk: t.boolean({ description: 'At high risk of bias, so left out of withoutHighRiskOfBias.', resolve: (s) => s.highRisk }),
  }),
});

const RiskOfBiasDomainSummaryRef = builder.objectRef<RiskOfBiasTable['summary'][number]>('RiskOfBiasDomainSummary').implement({
  description: "A domain's (or 'overall') share of the analysed studies at each level, by count and by weight in the analysis.",
  fields: (t) => ({
    domain: t.exposeString('domain'),
    levels: t.exposeStringList('levels', {
      description: "The tool's judgements best first ('low', 'some-concerns', 'high'; ROBINS-I 'moderate', 'serious', 'critical', 'no-information'), or Newcastle-Ottawa star counts; then 'not-assessed'.",
    }),
    unweighted: t.floatList({ description: 'Share of the studies (0 to 1) at each level.', resolve: (d) => d.unweighted }),
    weighted: t.floatList({ nullable: true, description: "Share of the analysis's weight (0 to 1) at each level; null when nothing is pooled.", resolve: (d) => d.weighted }),
  }),
});

const RiskOfBiasTableRef = builder.objectRef<RiskOfBiasTable>('RiskOfBiasTable').implement({
  description: 'The traffic-light table of one assessment tool for the analysed studies, and its summary per domain.',
  fields: (t) => ({
    tool: t.field({ type: QualityToolEnum, resolve: (table) => table.tool }),
    domains: t.exposeStringList('domains', { description: "The tool's domains in order (RoB 2: randomisation, deviations, missing-data, measurement, reporting)." }),
    studies: t.field({ type: [RiskOfBiasStudyRef], resolve: (table) => table.studies.map((s) => ({ ...s, tool: table.tool })) }),
    summary: t.field({ type: [RiskOfBiasDomainSummaryRef], description: "Per domain, then 'overall'.", resolve: (table) => table.summary }),
  }),
});

const WithoutHighRiskOfBiasRef = builder.objectRef<WithoutHighRiskOfBias>('WithoutHighRiskOfBias').implement({
  description: "The outcome's model refitted without the studies at high risk of bias (Cochrane Handbook 7.6.2). Estimates on the reporting scale.",
  fields: (t) => ({
    rule: t.exposeString('rule', { description: 'What counts as high risk of bias.' }),
    leftOut: t.exposeInt('leftOut', { description: 'Studies left out.' }),
    studyIds: t.idList({ resolve: (w) => w.studyIds }),
    weightLeftOut: t.exposeFloat('weightLeftOut', { description: 'Their weight in the main analysis, percent.' }),
    k: t.exposeInt('k', { description: 'Studies that remain.' }),
    estimate: t.float({ nullable: true, description: 'Null when every study is at high risk.', resolve: (w) => w.summary?.estimate ?? null }),
    ciLower: t.float({ nullable: true, resolve: (w) => w.summary?.ciLower ?? null }),
    ciUpper: t.float({ nullable: true, resolve: (w) => w.summary?.ciUpper ?? null }),
    pValue: t.float({ nullable: true, resolve: (w) => w.summary?.pValue ?? null }),
    tau2: t.float({ nullable: true, resolve: (w) => w.fit?.tau2 ?? null }),
    i2: t.float({ nullable: true, resolve: (w) => w.fit?.I2 ?? null }),
  }),
});

builder.objectFields(AnalysisRef, (t) => ({
  riskOfBias: t.field({
    type: [RiskOfBiasTableRef],
    description: 'One traffic-light table per assessment tool used by the analysed studies (RoB 2, ROBINS-I, Newcastle-Ottawa); empty when none was assessed.',
    resolve: (a) => a.analysis?.riskOfBias ?? [],
  }),
  withoutHighRiskOfBias: t.field({
    type: WithoutHighRiskOfBiasRef,
    nullable: true,
    description: 'The analysis without the studies at high risk of bias; null when none is at high risk or none was assessed.',
    resolve: (a) => a.analysis?.withoutHighRiskOfBias ?? null,
  }),
}));
