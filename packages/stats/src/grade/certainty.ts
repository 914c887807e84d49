// GRADE certainty of evidence, as suggestions a maintainer confirms or overrides: a starting level from
// the study designs, then one suggested rating per domain with its reason (GRADE handbook, Schünemann
// et al. 2013, ch. 5; Guyatt et al. 2011, J Clin Epidemiol 64, GRADE guidelines 4 to 9). Thresholds
// are stated where they are applied; every rule takes plain numbers from the analysis.
import { StatsInputError } from '../errors.js';

export type StudyDesign = 'randomised' | 'non-randomised' | 'observational' | 'self-controlled';
export type RoB2Judgement = 'low' | 'some-concerns' | 'high';
export type CertaintyLevel = 'high' | 'moderate' | 'low' | 'very-low';
export type DowngradeDomain = 'risk-of-bias' | 'inconsistency' | 'indirectness' | 'imprecision' | 'publication-bias';
export type UpgradeDomain = 'large-effect' | 'dose-response' | 'plausible-confounding';
export type GradeDomain = DowngradeDomain | UpgradeDomain;
export type DomainRating = -2 | -1 | 0 | 1 | 2;

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
}

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
}

/** Suggested GRADE certainty with one reason per domain, and the maintainer's overrides applied. */
export function assessCertainty(input: CertaintyInput): CertaintyAssessment {
  assertInput(input);
  const dataFingerprint = fingerprintAnalysisInputs(input.studies);
  const overrides = overridesByDomain(input.overrides ?? []);
  const start = startingLevel(input.studies);

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
    assess('risk-of-bias', riskOfBias(input.studies)),
    assess('inconsistency', inconsistency(input.studies, input.I2, input.I2CI ?? null)),
    assess('indirectness', { suggested: 0, reason: 'Indirectness (population, intervention, comparator, outcome) is judged by the maintainer: the data cannot show it.' }),
    assess('imprecision', imprecision(input.pooled, input.participants, input.optimalInformationSize ?? null)),
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

export type RiskOfBiasClass = 'high' | 'low' | 'some-concerns' | 'not-assessed';

/** RoB 2 overall 'high', or a Newcastle-Ottawa score below 7 of 9 stars, counts as high risk of bias. */
export function riskOfBiasClass(study: Pick<CertaintyStudy, 'rob2' | 'nosScore'>): RiskOfBiasClass {
  if (study.rob2 === 'high') return 'high';
  if (study.rob2 === 'low') return 'low';
  if (study.rob2 === 'some-concerns') return 'some-concerns';
  if (study.nosScore !== null && study.nosScore !== undefined) return study.nosScore < 7 ? 'high' : 'low';
  return 'not-assessed';
}

/**
 * GRADE handbook 5.2.1 (rate down when the studies that provide most of the weight have serious
 * limitations): -1 when at least 50% of the weight is at high risk of bias; -2 when, in addition,
 * less than 10% of the weight is at low risk, so there is no sound evidence to lean on.
 */
function riskOfBias(studies: readonly CertaintyStudy[]): { suggested: DomainRating; reason: string } {
  const total = totalWeight(studies);
  const share = (risk: RiskOfBiasClass): number =>
    studies.filter((study) => riskOfBiasClass(study) === risk).reduce((sum, study) => sum + study.weight, 0) / total;
  const high = share('high');
  const low = share('low');
  const unassessed = share('not-assessed');
  const summary = `${percent(high)} of the weight is from studies at high risk of bias (RoB 2 high or Newcastle-Ottawa below 7), ${percent(low)} at low risk`;
  if (atLeast(high, 0.5) && !atLeast(low, 0.1)) {
    return { suggested: -2, reason: `${summary}: very serious limitations, with no body of low-risk evidence to rely on.` };
  }
  if (atLeast(high, 0.5)) return { suggested: -1, reason: `${summary}: serious limitations in the studies that carry most of the weight.` };
  if (unassessed > 0.5) {
    return { suggested: 0, reason: `Risk of bias is not assessed for ${percent(unassessed)} of the weight: assess it, or rate this domain by judgement.` };
  }
  return { suggested: 0, reason: `${summary}: most of the weight is not at high risk.` };
}

/**
 * GRADE handbook 5.2.3 with the Cochrane Handbook's I² bands (substantial above 50%, considerable above
 * 75%): rate down only when the point estimates do not all lie on the same side of no effect; -2 for
 * I² above 75% unless its CI reaches down to 50% or below, which leaves it at -1.
 */
function inconsistency(studies: readonly CertaintyStudy[], I2: number, I2CI: readonly [number, number] | null): { suggested: DomainRating; reason: string } {
  if (studies.length < 2) return { suggested: 0, reason: 'A single study: inconsistency cannot be assessed.' };
  const sameSide = studies.every((study) => study.yi > 0) || studies.every((study) => study.yi < 0);
  const ci = I2CI ? ` (95% CI ${round(I2CI[0])}% to ${round(I2CI[1])}%)` : '';
  const i2 = `I² is ${round(I2)}%${ci}`;
  if (I2 > 50 && sameSide) {
    return { suggested: 0, reason: `${i2}, but every study's estimate lies on the same side of no effect: the studies differ in the size of the effect, not its direction.` };
  }
  if (I2 > 75) {
    if (I2CI && I2CI[0] <= 50) {
      return { suggested: -1, reason: `${i2} and the estimates lie on both sides of no effect; the CI of I² reaches down to ${round(I2CI[0])}%, so serious rather than very serious.` };
    }
    return { suggested: -2, reason: `${i2} (considerable heterogeneity) and the estimates lie on both sides of no effect: very serious inconsistency.` };
  }
  if (I2 > 50) return { suggested: -1, reason: `${i2} (substantial heterogeneity) and the estimates lie on both sides of no effect: serious inconsistency.` };
  const wide = I2CI && I2CI[1] > 75 ? ` Its CI reaches ${round(I2CI[1])}%, so heterogeneity may be underestimated with this few studies.` : '';
  return { suggested: 0, reason: `${i2}: no important inconsistency.${wide}` };
}

/**
 * GRADE handbook 5.2.4: rate down when the CI includes no effect, or when the participants fall short of
 * the optimal information size (OIS); two levels when both.
 */
function imprecision(
  pooled: CertaintyInput['pooled'],
  participants: number,
  ois: number | null,
): { suggested: DomainRating; reason: string } {
  const crossesNull = pooled.ciLower <= 0 && pooled.ciUpper >= 0;
  const short = ois !== null && participants < ois;
  const ciText = crossesNull ? 'the CI includes no effect' : 'the CI excludes no effect';
  const oisText =
    ois === null
      ? 'no optimal information size was given, so only the CI was judged'
      : short
        ? `${participants} participants are fewer than the optimal information size (${Math.ceil(ois)})`
        : `${participants} participants meet the optimal information size (${Math.ceil(ois)})`;
  const suggested: DomainRating = crossesNull && short ? -2 : crossesNull || short ? -1 : 0;
  const verdict = suggested === -2 ? 'very serious imprecision' : suggested === -1 ? 'serious imprecision' : 'no serious imprecision';
  return { suggested, reason: `${capitalise(ciText)} and ${oisText}: ${verdict}.` };
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
  // FNV-1a, 64 bits (Fowler, Noll & Vo): hash = (hash XOR byte) × prime, modulo 2^64
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(lines.join('\n'))) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `fnv1a64:${hash.toString(16).padStart(16, '0')}`;
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
