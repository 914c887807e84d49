// GRADE certainty of evidence, as suggestions a maintainer confirms or overrides: a starting level from
// the study designs, then one suggested rating per domain with its reason (GRADE handbook, Schünemann
// et al. 2013, ch. 5; Guyatt et al. 2011, J Clin Epidemiol 64, GRADE guidelines 4 to 9). Imprecision and
// inconsistency are judged against thresholds of an important effect, as GRADE guidance 34 and 35 (Zeng et al.;
// Schünemann et al. 2022, J Clin Epidemiol 150) and Core GRADE 2 and 3 (Guyatt et al. 2025, BMJ 389) rate them.
// Thresholds are stated where they are applied; every rule takes plain numbers from the analysis.
import { StatsInputError } from '../errors.js';
import { normalQuantileOf } from '../numeric/distributions.js';
import { riskOfBiasClass, type RiskOfBiasClass, type RoB2Judgement, type RobinsIJudgement } from '../risk-of-bias.js';
import type { CertaintyThresholds } from './thresholds.js';

export { riskOfBiasClass, type RiskOfBiasClass, type RoB2Judgement };

export type StudyDesign = 'randomised' | 'non-randomised' | 'observational' | 'self-controlled';
export type CertaintyLevel = 'high' | 'moderate' | 'low' | 'very-low';
export type DowngradeDomain = 'risk-of-bias' | 'inconsistency' | 'indirectness' | 'imprecision' | 'publication-bias';
export type UpgradeDomain = 'large-effect' | 'dose-response' | 'plausible-confounding';
export type GradeDomain = DowngradeDomain | UpgradeDomain;
/** -3 only as a suggestion: GRADE 35 and Core GRADE 2 rate imprecision down three levels when extremely serious. */
export type DomainRating = -3 | -2 | -1 | 0 | 1 | 2;

export const DOWNGRADE_DOMAINS: readonly DowngradeDomain[] = ['risk-of-bias', 'inconsistency', 'indirectness', 'imprecision', 'publication-bias'];
export const UPGRADE_DOMAINS: readonly UpgradeDomain[] = ['large-effect', 'dose-response', 'plausible-confounding'];
const LEVELS: readonly CertaintyLevel[] = ['very-low', 'low', 'moderate', 'high'];

export interface CertaintyStudy {
  id: string;
  design: StudyDesign;
  /** Weight in the pooled analysis (percent, or any positive scale). */
  weight: number;
  /** Effect and its sampling variance on the analysis scale (log for OR and RR), where 0 is no effect. */
  yi: number;
  vi: number;
  /** RoB 2 overall judgement, for randomised trials. */
  rob2?: RoB2Judgement | null;
  /** Newcastle-Ottawa score, 0 to 9 stars, for non-randomised studies. */
  nosScore?: number | null;
  /** ROBINS-I overall judgement, for non-randomised studies of interventions. */
  robinsI?: RobinsIJudgement | null;
}

/** A maintainer's rating of one domain, kept while the data it was made on are unchanged. */
export interface CertaintyOverride {
  domain: GradeDomain;
  rating: DomainRating;
  /** Why: shown as the footnote of the Summary of Findings table. */
  footnote: string;
  /** `fingerprintAnalysisInputs` of the data when the judgement was made. */
  dataFingerprint: string;
}

export interface CertaintyInput {
  /** The analysed rows (a study may give several). */
  studies: readonly CertaintyStudy[];
  /** Distinct studies, when rows are not one per study. */
  studyCount?: number;
  /** `log` for OR and RR (the pooled estimate and CI are log ratios), `identity` for RD, MD, SMD. */
  scale: 'log' | 'identity';
  /** Pooled estimate and CI on the analysis scale. */
  pooled: { estimate: number; ciLower: number; ciUpper: number };
  /** I² in percent, and its confidence interval when known (Q-profile). */
  I2: number;
  I2CI?: readonly [number, number] | null;
  /** Participants in all studies of the analysis. */
  participants: number;
  /** Optimal information size in participants (`requiredInformationSize`); imprecision uses the CI alone without it. */
  optimalInformationSize?: number | null;
  /** Egger's test P value, when it was run. */
  eggerP?: number | null;
  overrides?: readonly CertaintyOverride[];
  /** Thresholds of an important effect on the analysis scale (`resolveThresholds`); no effect (the null) when absent. */
  thresholds?: CertaintyThresholds | null;
  /** The measure, to name numbers in the reasons ('OR 0.90'); 'ratio' or 'difference' when absent. */
  measure?: string;
  /** The pooled 95% prediction interval on the analysis scale, for inconsistency. */
  prediction?: { lower: number; upper: number } | null;
  /** The pooled estimate and CI (analysis scale) without the studies at high risk of bias (`withoutHighRiskOfBias`), for risk of bias. */
  withoutHighRisk?: { leftOut: number; estimate: number; ciLower: number; ciUpper: number } | null;
}

/** What the certainty is about (Core GRADE 2): set by where the point estimate lies relative to the thresholds. */
export type CertaintyTarget = 'an important effect' | 'an effect' | 'little or no effect';

export interface DomainAssessment {
  domain: GradeDomain;
  suggested: DomainRating;
  reason: string;
  /** The rating in force: the override's when there is one, else the suggestion. */
  rating: DomainRating;
  override: (CertaintyOverride & { needsReview: boolean }) | null;
}

export interface CertaintyAssessment {
  startingLevel: 'high' | 'low';
  startingReason: string;
  level: CertaintyLevel;
  domains: DomainAssessment[];
  /** Fingerprint of the data assessed: store it with any new override. */
  dataFingerprint: string;
  /** True when an override was made on data that have since changed. */
  needsReview: boolean;
  /** The thresholds judged against (null: no effect alone) and the target of the rating. */
  thresholds: CertaintyThresholds | null;
  target: CertaintyTarget;
}

/** Suggested GRADE certainty with one reason per domain, and the maintainer's overrides applied. */
export function assessCertainty(input: CertaintyInput): CertaintyAssessment {
  assertInput(input);
  const dataFingerprint = fingerprintAnalysisInputs(input.studies);
  const overrides = overridesByDomain(input.overrides ?? []);
  const start = startingLevel(input.studies);
  const numbers = numberFormat(input);
  const target = targetOf(input.pooled.estimate, input.thresholds ?? null);

  const assess = (domain: GradeDomain, suggestion: { suggested: DomainRating; reason: string }): DomainAssessment => {
    const override = overrides.get(domain);
    return {
      domain,
      suggested: suggestion.suggested,
      reason: suggestion.reason,
      rating: override ? override.rating : suggestion.suggested,
      override: override ? { ...override, needsReview: override.dataFingerprint !== dataFingerprint } : null,
    };
  };
  const downgrades = [
    assess('risk-of-bias', riskOfBias(input, numbers)),
    assess('inconsistency', inconsistency(input, numbers)),
    assess('indirectness', { suggested: 0, reason: 'Indirectness (population, intervention, comparator, outcome) is judged by the maintainer: the data cannot show it.' }),
    assess('imprecision', imprecision(input, numbers, target)),
    assess('publication-bias', publicationBias(input.studyCount ?? input.studies.length, input.eggerP ?? null)),
  ];
  const downgraded = downgrades.some((domain) => domain.rating < 0);
  const upgrades = [
    assess('large-effect', largeEffect(start.level, downgraded, input.scale, input.pooled.estimate)),
    assess('dose-response', upgradeByJudgement('A dose-response gradient', start.level)),
    assess('plausible-confounding', upgradeByJudgement('Residual confounding that would reduce the observed effect', start.level)),
  ];
  const domains = [...downgrades, ...upgrades];
  const points = domains.reduce((sum, domain) => sum + domain.rating, start.level === 'high' ? 3 : 1);
  return {
    startingLevel: start.level,
    startingReason: start.reason,
    level: LEVELS[Math.min(3, Math.max(0, points))],
    domains,
    dataFingerprint,
    needsReview: domains.some((domain) => domain.override?.needsReview === true),
    thresholds: input.thresholds ?? null,
    target: target.name,
  };
}

/** GRADE handbook 5.1: randomised trials start high, observational (including self-controlled) studies low. */
function startingLevel(studies: readonly CertaintyStudy[]): { level: 'high' | 'low'; reason: string } {
  const total = totalWeight(studies);
  const randomised = studies.filter((study) => study.design === 'randomised');
  const randomisedShare = randomised.reduce((sum, study) => sum + study.weight, 0) / total;
  if (randomised.length === studies.length) return { level: 'high', reason: 'All studies are randomised trials: the evidence starts at high certainty.' };
  if (randomised.length === 0) {
    return { level: 'low', reason: 'No study is randomised (observational, non-randomised or self-controlled designs): the evidence starts at low certainty.' };
  }
  // Mixed designs: start from the design that carries most of the weight; GRADE prefers rating them separately.
  const level = atLeast(randomisedShare, 0.5) ? 'high' : 'low';
  return {
    level,
    reason:
      `Randomised trials carry ${percent(randomisedShare)} of the weight, so the evidence starts at ${level} certainty; ` +
      'consider analysing randomised and non-randomised studies separately.',
  };
}

/** GRADE gives no number for "substantial" weight at high risk of bias; this engine reads it as a third or more, and says so. */
export const SUBSTANTIAL_WEIGHT_AT_HIGH_RISK = 1 / 3;

/**
 * GRADE handbook 5.2.1 (rate down when the studies at high risk carry substantial weight and their exclusion changes
 * the result; Guyatt et al. 2011, GRADE guidelines 4). With the sensitivity analysis: -1 when studies at high risk
 * carry at least SUBSTANTIAL_WEIGHT_AT_HIGH_RISK of the weight and leaving them out changes the result (the estimate
 * moves outside the main 95% CI, or the CI's verdict on no effect or the thresholds changes), -2 when, in addition, at
 * least 50% is at high risk and less than 10% at low risk. Without it (no study or every study at high risk): -1 when at
 * least 50% of the weight is at high risk; -2 when, in addition, less than 10% is at low risk.
 */
function riskOfBias(input: CertaintyInput, numbers: NumberFormat): { suggested: DomainRating; reason: string } {
  const { studies } = input;
  const total = totalWeight(studies);
  const share = (risk: RiskOfBiasClass): number =>
    studies.filter((study) => riskOfBiasClass(study) === risk).reduce((sum, study) => sum + study.weight, 0) / total;
  const high = share('high');
  const low = share('low');
  const unassessed = share('not-assessed');
  const summary = `${percent(high)} of the weight is from studies at high risk of bias (RoB 2 high, ROBINS-I serious or critical, or Newcastle-Ottawa below 7), ${percent(low)} at low risk`;
  const without = input.withoutHighRisk ?? null;
  const verySerious = atLeast(high, 0.5) && !atLeast(low, 0.1);
  if (without) {
    const main = input.pooled;
    const from = `${numbers.labelled(main.estimate)} (95% CI ${numbers.value(main.ciLower)} to ${numbers.value(main.ciUpper)})`;
    const to = `${numbers.labelled(without.estimate)} (95% CI ${numbers.value(without.ciLower)} to ${numbers.value(without.ciUpper)})`;
    const studiesWord = `${without.leftOut} stud${without.leftOut === 1 ? 'y' : 'ies'}`;
    const changes = resultChanges(main, without, input.thresholds ?? null);
    const leaving = `leaving out the ${studiesWord} at high risk of bias ${changes ? 'changes' : 'does not change'} the estimate from ${from} to ${to}`;
    if (!atLeast(high, SUBSTANTIAL_WEIGHT_AT_HIGH_RISK)) {
      return { suggested: 0, reason: `${summary}; ${leaving}: the studies at high risk carry too little weight (under a third) to rate down.` };
    }
    if (!changes) return { suggested: 0, reason: `${summary}; ${leaving}: the result does not depend on them, so not rated down.` };
    return verySerious
      ? { suggested: -2, reason: `${summary}; ${leaving}: very serious limitations, with no body of low-risk evidence to rely on.` }
      : { suggested: -1, reason: `${summary}; ${leaving}: serious limitations, rated down one level.` };
  }
  if (verySerious) return { suggested: -2, reason: `${summary}: very serious limitations, with no body of low-risk evidence to rely on.` };
  if (atLeast(high, 0.5)) return { suggested: -1, reason: `${summary}: serious limitations in the studies that carry most of the weight.` };
  if (unassessed > 0.5) {
    return { suggested: 0, reason: `Risk of bias is not assessed for ${percent(unassessed)} of the weight: assess it, or rate this domain by judgement.` };
  }
  return { suggested: 0, reason: `${summary}: most of the weight is not at high risk.` };
}

/**
 * Whether a sensitivity analysis changes the result: its estimate lies outside the main 95% CI, or its CI says
 * otherwise about no effect or about the thresholds of an important effect (crosses one the main CI does not, or not one it does).
 */
function resultChanges(main: { estimate: number; ciLower: number; ciUpper: number }, other: { estimate: number; ciLower: number; ciUpper: number }, thresholds: CertaintyThresholds | null): boolean {
  if (other.estimate < main.ciLower || other.estimate > main.ciUpper) return true;
  const cuts = [0, ...cutsOf(thresholds)];
  const crossing = (ci: { ciLower: number; ciUpper: number }) => cuts.map((cut) => ci.ciLower <= cut && cut <= ci.ciUpper).join();
  const side = (x: number) => cuts.map((cut) => x > cut).join();
  return crossing(main) !== crossing(other) || side(main.estimate) !== side(other.estimate);
}

/** Numbers as a reader checks them: ratios back on their scale with two decimals, differences to three digits. */
interface NumberFormat {
  value: (x: number) => string;
  /** 'OR 0.90', 'MD -5'. */
  labelled: (x: number) => string;
  thresholds: (t: CertaintyThresholds) => string;
  /** The null's name with the measure: 'no effect (OR 1)'. */
  noEffect: string;
}

function numberFormat(input: CertaintyInput): NumberFormat {
  const log = input.scale === 'log';
  const label = input.measure ?? (log ? 'ratio' : 'difference');
  const value = (x: number): string => (log ? Math.exp(x).toFixed(2) : String(Number(x.toPrecision(3))));
  return {
    value,
    labelled: (x) => `${label} ${value(x)}`,
    thresholds: (t) => `${label} ${value(t.lower)} and ${value(t.upper)}, from ${t.source}`,
    noEffect: `no effect (${label} ${log ? 1 : 0})`,
  };
}

interface Target {
  name: CertaintyTarget;
  /** The region of the target on the analysis scale. */
  lower: number;
  upper: number;
}

/**
 * Core GRADE 2 (and GRADE 34, minimally contextualised): the point estimate beyond a MID makes the target an important
 * effect, between the MIDs little or no effect; with no effect as the only threshold, the target is an effect in the
 * direction of the point estimate.
 */
function targetOf(estimate: number, thresholds: CertaintyThresholds | null): Target {
  if (!thresholds) return estimate >= 0 ? { name: 'an effect', lower: 0, upper: Infinity } : { name: 'an effect', lower: -Infinity, upper: 0 };
  if (estimate >= thresholds.upper) return { name: 'an important effect', lower: thresholds.upper, upper: Infinity };
  if (estimate <= thresholds.lower) return { name: 'an important effect', lower: -Infinity, upper: thresholds.lower };
  return { name: 'little or no effect', lower: thresholds.lower, upper: thresholds.upper };
}

/** The thresholds that bound the regions: the two MIDs, or no effect alone (GRADE 34: the null is not a threshold once MIDs are set). */
function cutsOf(thresholds: CertaintyThresholds | null): number[] {
  return thresholds ? [thresholds.lower, thresholds.upper] : [0];
}

/**
 * A large effect, for the OIS check of a CI that crosses no threshold: a relative risk reduction greater than 30%
 * (Core GRADE 2, as its first author puts it: "for binary outcomes this can mean a relative risk reduction greater
 * than 30%"), so a ratio below 0.7, or above its mirror 1/0.7 for an increase.
 */
export const LARGE_RATIOS = { below: 0.7, above: 1 / 0.7 } as const;

/** GRADE gives no number for an OIS "far from met"; this engine reads it as fewer than half the participants, and says so. */
export const FAR_FROM_OIS = 0.5;

const LEVEL_NAMES = ['not serious', 'serious', 'very serious', 'extremely serious'] as const;

/**
 * Core GRADE 2 and GRADE guidance 34 (systematic reviews) and 35 (three levels): rate down once when the 95% CI crosses
 * one threshold of the target, twice when it crosses it appreciably (for an important effect: down to no effect; for
 * little or no effect: beyond twice the MID) or crosses both MIDs (important benefit and harm), three times when it
 * crosses both and the optimal information size is far from met. When the CI crosses no threshold, the OIS criterion
 * applies: once when the participants fall short of the OIS, twice when far short (GRADE 34: "far less than the OIS").
 */
function imprecision(input: CertaintyInput, numbers: NumberFormat, target: Target): { suggested: DomainRating; reason: string } {
  const { estimate, ciLower, ciUpper } = input.pooled;
  const thresholds = input.thresholds ?? null;
  const ois = input.optimalInformationSize ?? null;
  const participants = input.participants;
  // A CI that reaches a threshold includes it (as "the CI includes no effect" always did).
  const crossed = cutsOf(thresholds).filter((cut) => ciLower <= cut && cut <= ciUpper);
  const appreciably =
    crossed.length === 1 && thresholds !== null && (target.name === 'an important effect' ? ciLower <= 0 && ciUpper >= 0 : ciLower <= 2 * thresholds.lower || ciUpper >= 2 * thresholds.upper);
  const short = ois !== null && participants < ois;
  const far = ois !== null && participants < FAR_FROM_OIS * ois;
  // GRADE 34: a CI that crosses no threshold is checked against the OIS when the effect is large (a large effect from
  // few participants may be spurious); a ratio by Core GRADE's 30%, a difference always (no rule says when it is large).
  const ratio = input.scale === 'log' ? Math.exp(estimate) : null;
  const large = ratio === null || ratio < LARGE_RATIOS.below || ratio > LARGE_RATIOS.above;

  let levels = crossed.length === 0 ? 0 : crossed.length === 1 && !appreciably ? 1 : 2;
  if (levels === 0 && short && large) levels = far ? 2 : 1;
  else if (levels > 0 && far) levels = Math.min(3, levels + 1);

  const where = thresholds
    ? `the point estimate ${numbers.labelled(estimate)} lies ${target.name === 'little or no effect' ? 'between the thresholds' : 'beyond a threshold'} of an important effect (${numbers.thresholds(thresholds)})`
    : `the threshold is ${numbers.noEffect} and the point estimate ${numbers.labelled(estimate)} lies on one side of it`;
  const ci = `95% CI ${numbers.value(ciLower)} to ${numbers.value(ciUpper)}`;
  const crossing =
    crossed.length === 0
      ? `${ci} lies within the region of ${target.name}`
      : crossed.length === 2
        ? `${ci} crosses both thresholds (${numbers.value(crossed[0])} and ${numbers.value(crossed[1])}): it includes important benefit and important harm`
        : `${ci} crosses the threshold ${numbers.value(crossed[0])}${
            appreciably ? (target.name === 'an important effect' ? ' appreciably, down to no effect' : ' appreciably, beyond twice the minimal important difference') : ''
          }`;
  const oisText =
    ois === null
      ? 'no optimal information size was given, so only the CI was judged'
      : short
        ? `${participants} participants are fewer than the optimal information size (${Math.ceil(ois)})${far ? `, less than ${Math.round(FAR_FROM_OIS * 100)}% of it (far from met)` : ''}${
            crossed.length === 0 && !large ? `, but the effect is not large (ratio ${ratio!.toPrecision(3)}, not a change of more than 30%), so GRADE 34 does not rate down for it` : ''
          }`
        : `${participants} participants meet the optimal information size (${Math.ceil(ois)})`;
  const verdict = `${LEVEL_NAMES[levels]} imprecision${levels > 0 ? `, rated down ${['', 'one level', 'two levels', 'three levels'][levels]}` : ''}`;
  return {
    suggested: (levels === 0 ? 0 : -levels) as DomainRating,
    reason: `Target: ${target.name}; ${where}. ${crossing}, and ${oisText}: ${verdict} (Core GRADE 2; GRADE guidance 34 and 35).`,
  };
}

/**
 * Core GRADE 3 with the Cochrane Handbook's I² bands (substantial above 50%, considerable above 75%): rate down when
 * the studies' point estimates lie on different sides of the thresholds (no effect, or the MIDs) and either I² is
 * above 50% or their CIs do not all overlap; twice for I² above 75% unless its CI reaches down to 50% or below, and with
 * MIDs only when estimates lie both beyond the benefit and beyond the harm threshold. The prediction interval is reported.
 */
function inconsistency(input: CertaintyInput, numbers: NumberFormat): { suggested: DomainRating; reason: string } {
  const { studies, I2 } = input;
  const I2CI = input.I2CI ?? null;
  if (studies.length < 2) return { suggested: 0, reason: 'A single study: inconsistency cannot be assessed.' };
  const thresholds = input.thresholds ?? null;
  const cuts = cutsOf(thresholds);
  const regionOf = (yi: number) => cuts.filter((cut) => yi > cut).length;
  const counts = cuts.map(() => 0).concat(0);
  for (const study of studies) counts[regionOf(study.yi)]++;
  const regionsUsed = counts.filter((n) => n > 0).length;
  const z = normalQuantileOf(0.975);
  const highestLower = Math.max(...studies.map((study) => study.yi - z * Math.sqrt(study.vi)));
  const lowestUpper = Math.min(...studies.map((study) => study.yi + z * Math.sqrt(study.vi)));
  const overlap = highestLower <= lowestUpper;

  const ci = I2CI ? ` (95% CI ${round(I2CI[0])}% to ${round(I2CI[1])}%)` : '';
  const prediction = input.prediction ? `; 95% prediction interval ${numbers.value(input.prediction.lower)} to ${numbers.value(input.prediction.upper)}` : '';
  const i2 = `I² is ${round(I2)}%${ci}${prediction}`;
  const against = thresholds ? `the thresholds of an important effect (${numbers.thresholds(thresholds)})` : numbers.noEffect;
  const split = thresholds
    ? `${counts[0]} below ${numbers.value(thresholds.lower)}, ${counts[1]} between, ${counts[2]} above ${numbers.value(thresholds.upper)}`
    : `${counts[0]} below, ${counts[1]} above`;
  const overlapText = overlap ? 'the studies’ CIs all overlap' : `the studies’ CIs do not all overlap (one ends at ${numbers.value(lowestUpper)}, another starts at ${numbers.value(highestLower)})`;

  if (regionsUsed === 1) {
    const region = thresholds ? ['below both', 'between', 'above both'][counts.findIndex((n) => n > 0)] : 'on the same side of';
    const same = thresholds ? `every study's estimate lies ${region} ${against}` : `every study's estimate lies on the same side of ${against}`;
    const reason = I2 > 50
      ? `${i2}, but ${same}: the studies differ in the size of the effect, not in what it means.`
      : `${i2}, and ${same}: no important inconsistency.`;
    return { suggested: 0, reason };
  }
  const sides = `the estimates lie on different sides of ${against} (${split})`;
  const bothExtremes = thresholds === null || (counts[0] > 0 && counts[2] > 0);
  if (I2 > 75 && bothExtremes) {
    if (I2CI && I2CI[0] <= 50) {
      return { suggested: -1, reason: `${i2} and ${sides}; the CI of I² reaches down to ${round(I2CI[0])}%, so serious rather than very serious.` };
    }
    return { suggested: -2, reason: `${i2} (considerable heterogeneity) and ${sides}: very serious inconsistency.` };
  }
  if (I2 > 50) return { suggested: -1, reason: `${i2} (substantial heterogeneity) and ${sides}: serious inconsistency.` };
  if (!overlap) return { suggested: -1, reason: `${i2}, but ${sides} and ${overlapText}: serious inconsistency.` };
  const wide = I2CI && I2CI[1] > 75 ? ` Its CI reaches ${round(I2CI[1])}%, so heterogeneity may be underestimated with this few studies.` : '';
  return { suggested: 0, reason: `${i2}; ${sides}, but ${overlapText}: no important inconsistency.${wide}` };
}

/**
 * GRADE handbook 5.2.5 with Sterne et al. 2011 (BMJ 343:d4002): Egger's test only with at least 10
 * studies; rate down one level when P < 0.10.
 */
function publicationBias(k: number, eggerP: number | null): { suggested: DomainRating; reason: string } {
  if (k < 10) return { suggested: 0, reason: `${k} studies: fewer than 10 are too few for a test of funnel-plot asymmetry, so publication bias is judged by the maintainer.` };
  if (eggerP === null) return { suggested: 0, reason: "Egger's test was not run: publication bias is judged by the maintainer." };
  if (eggerP < 0.1) return { suggested: -1, reason: `Egger's test suggests funnel-plot asymmetry (P = ${formatP(eggerP)} < 0.10, ${k} studies): publication bias strongly suspected.` };
  return { suggested: 0, reason: `Egger's test shows no clear funnel-plot asymmetry (P = ${formatP(eggerP)}, ${k} studies).` };
}

/**
 * GRADE handbook 5.3.1 (Guyatt et al. 2011, GRADE guidelines 9): observational evidence with no reason
 * to rate down moves up one level for RR or OR above 2 or below 0.5, two levels above 5 or below 0.2.
 */
function largeEffect(start: 'high' | 'low', downgraded: boolean, scale: 'log' | 'identity', estimate: number): { suggested: DomainRating; reason: string } {
  if (start === 'high') return { suggested: 0, reason: 'Rating up for a large effect applies to observational evidence only.' };
  if (scale !== 'log') return { suggested: 0, reason: 'The large-effect rule is stated for ratio measures (RR, OR); judge a large mean difference by hand.' };
  const ratio = Math.exp(estimate);
  const size = `The pooled ratio is ${ratio.toPrecision(3)}`;
  if (downgraded) return { suggested: 0, reason: `${size}, but the evidence is rated down in another domain, so it is not rated up.` };
  if (ratio > 5 || ratio < 0.2) return { suggested: 2, reason: `${size} (above 5 or below 0.2): a very large effect, rated up two levels.` };
  if (ratio > 2 || ratio < 0.5) return { suggested: 1, reason: `${size} (above 2 or below 0.5): a large effect, rated up one level.` };
  return { suggested: 0, reason: `${size}: not a large effect (between 0.5 and 2).` };
}

function upgradeByJudgement(what: string, start: 'high' | 'low'): { suggested: DomainRating; reason: string } {
  return start === 'high'
    ? { suggested: 0, reason: 'Rating up applies to observational evidence only.' }
    : { suggested: 0, reason: `${what} is judged by the maintainer: the pooled data cannot show it.` };
}

/**
 * A stable fingerprint of an analysis's data: the studies' ids, yi and vi (12 significant digits),
 * in id order, hashed with 64-bit FNV-1a. It changes when a study is added, removed or its data change.
 */
export function fingerprintAnalysisInputs(studies: readonly { id: string; yi: number; vi: number }[]): string {
  const lines = studies
    .map((study) => {
      if (!Number.isFinite(study.yi) || !Number.isFinite(study.vi)) {
        throw new StatsInputError(`study '${study.id}' has no finite effect (yi) and variance (vi) to fingerprint`, study.id, 'yi');
      }
      return `${study.id}\u0000${study.yi.toPrecision(12)}\u0000${study.vi.toPrecision(12)}`;
    })
    .sort();
  return `fnv1a64:${fnv1a64(new TextEncoder().encode(lines.join('\n')))}`;
}

/**
 * FNV-1a, 64 bits (Fowler, Noll & Vo): hash = (hash XOR byte) × prime modulo 2^64, prime = 2^40 + 0x1b3, as 16 hex
 * digits. The hash is kept as four 16-bit limbs (h0 lowest) so that every product is an exact double: no BigInt per byte.
 */
export function fnv1a64(bytes: Uint8Array): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of bytes) {
    h0 ^= byte;
    // × 0x1b3, plus the hash shifted left by 40 bits (limbs 0 and 1 moved to 2 and 3, 8 bits up).
    const r0 = h0 * 0x1b3;
    const r1 = h1 * 0x1b3 + (r0 >>> 16);
    const r2 = h2 * 0x1b3 + (h0 << 8) + (r1 >>> 16);
    const r3 = h3 * 0x1b3 + (h1 << 8) + (r2 >>> 16);
    h0 = r0 & 0xffff;
    h1 = r1 & 0xffff;
    h2 = r2 & 0xffff;
    h3 = r3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

/** The ratings a maintainer may give a domain: a downgrade domain rates down (-2, -1, 0), an upgrade domain up (0, 1, 2). */
export function allowedRatings(domain: GradeDomain): DomainRating[] {
  return (DOWNGRADE_DOMAINS as readonly string[]).includes(domain) ? [-2, -1, 0] : [0, 1, 2];
}

function overridesByDomain(overrides: readonly CertaintyOverride[]): Map<GradeDomain, CertaintyOverride> {
  const byDomain = new Map<GradeDomain, CertaintyOverride>();
  for (const override of overrides) {
    const isDowngrade = (DOWNGRADE_DOMAINS as readonly string[]).includes(override.domain);
    const isUpgrade = (UPGRADE_DOMAINS as readonly string[]).includes(override.domain);
    if (!isDowngrade && !isUpgrade) {
      throw new StatsInputError(`unknown GRADE domain '${override.domain}': use one of ${[...DOWNGRADE_DOMAINS, ...UPGRADE_DOMAINS].join(', ')}`, null, 'domain');
    }
    const allowed = allowedRatings(override.domain);
    if (!allowed.includes(override.rating)) {
      throw new StatsInputError(`'${override.domain}' can be rated ${allowed.join(', ')}, not ${override.rating}`, null, 'rating');
    }
    if (override.footnote.trim() === '') {
      throw new StatsInputError(`the override of '${override.domain}' needs a footnote explaining the judgement`, null, 'footnote');
    }
    if (byDomain.has(override.domain)) {
      throw new StatsInputError(`'${override.domain}' is overridden twice: keep one override per domain`, null, 'domain');
    }
    byDomain.set(override.domain, override);
  }
  return byDomain;
}

function assertInput(input: CertaintyInput): void {
  if (input.studies.length === 0) throw new StatsInputError('a certainty assessment needs at least one study', null, 'studies');
  for (const study of input.studies) {
    if (!(study.weight >= 0) || !Number.isFinite(study.weight)) {
      throw new StatsInputError(`the weight of '${study.id}' must be zero or positive, got ${study.weight}`, study.id, 'weight');
    }
    if (study.nosScore !== null && study.nosScore !== undefined && !(study.nosScore >= 0 && study.nosScore <= 9)) {
      throw new StatsInputError(`the Newcastle-Ottawa score of '${study.id}' must lie between 0 and 9 stars, got ${study.nosScore}`, study.id, 'nosScore');
    }
  }
  if (!(totalWeight(input.studies) > 0)) throw new StatsInputError('the study weights add up to zero', null, 'weight');
  const { estimate, ciLower, ciUpper } = input.pooled;
  if (![estimate, ciLower, ciUpper].every(Number.isFinite) || ciLower > ciUpper) {
    throw new StatsInputError('the pooled estimate needs a finite CI with its lower limit below its upper limit', null, 'pooled');
  }
  if (!(input.I2 >= 0 && input.I2 <= 100)) throw new StatsInputError(`I² is a percentage between 0 and 100, got ${input.I2}`, null, 'I2');
  if (!(input.participants >= 0)) throw new StatsInputError(`participants must be zero or positive, got ${input.participants}`, null, 'participants');
}

/** share >= threshold, forgiving the rounding of weights that should add up to exactly 100%. */
function atLeast(share: number, threshold: number): boolean {
  return share >= threshold - 1e-9;
}

function totalWeight(studies: readonly CertaintyStudy[]): number {
  return studies.reduce((sum, study) => sum + study.weight, 0);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function round(value: number): string {
  return value.toFixed(0);
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
