// A GRADE Summary of Findings table in the GRADEpro layout (GRADE handbook 5.2 and 6; Guyatt et al. 2011,
// J Clin Epidemiol 64:383, GRADE guidelines 12 and 13): one row per outcome with the anticipated absolute
// effects, the relative effect, participants (studies), the certainty as ⊕ symbols with footnote letters,
// and comments; one footnote per downgraded, upgraded or overridden domain; the certainty definitions.
import type { Measure, OutcomeAnalysis } from '../types.js';
import type { CertaintyLevel, DomainRating, GradeDomain } from './certainty.js';

export interface SummaryOfFindingsOutcome {
  name: string;
  /** The outcome's stored analysis; null when it has no data yet. */
  analysis: OutcomeAnalysis | null;
  /** Free-text comments for the last column. */
  comments?: readonly string[];
  /** A rating published elsewhere (the review's own), shown beside the suggestion. */
  publishedCertainty?: { level: CertaintyLevel; note?: string | null } | null;
}

export interface CertaintyCell {
  level: CertaintyLevel;
  /** ⊕⊕⊕◯ for moderate. */
  symbols: string;
  /** 'Moderate'. */
  label: string;
}

export interface AnticipatedAbsoluteEffect {
  /** Where the assumed control risk comes from: 'Median control risk of the included studies'. */
  label: string;
  /** '116 per 1000'. */
  riskWithComparison: string;
  /** '117 per 1000 (111 to 123)'. */
  riskWithIntervention: string;
  /** '1 more per 1000 (from 5 fewer to 7 more)'. */
  riskDifference: string;
  controlPer1000: number;
  interventionPer1000: number;
  interventionPer1000Lower: number;
  interventionPer1000Upper: number;
  differencePer1000: number;
  differencePer1000Lower: number;
  differencePer1000Upper: number;
}

export interface SummaryOfFindingsRow {
  outcome: string;
  measure: Measure | null;
  /** Studies in the analysis. */
  studies: number;
  participants: number | null;
  /** '62607 (16 RCTs)'. */
  participantsText: string;
  /** OR, RR and RD: one entry per assumed control risk. */
  anticipatedEffects: AnticipatedAbsoluteEffect[];
  /** Continuous and generic outcomes: 'MD 5.09 higher (3.38 higher to 6.81 higher)'. */
  effectText: string | null;
  /** OR and RR: 'OR 1.02 (0.96 to 1.08)'. */
  relativeEffect: string | null;
  certainty: (CertaintyCell & { footnotes: string[]; needsReview: boolean }) | null;
  publishedCertainty: (CertaintyCell & { note: string | null }) | null;
  comments: string[];
}

export interface SummaryOfFindingsFootnote {
  letter: string;
  outcome: string;
  domain: GradeDomain;
  rating: DomainRating;
  /** The maintainer's judgement rather than the suggestion. */
  overridden: boolean;
  /** Overridden on data that have changed since. */
  needsReview: boolean;
  text: string;
}

export interface SummaryOfFindings {
  rows: SummaryOfFindingsRow[];
  footnotes: SummaryOfFindingsFootnote[];
  /** The GRADE Working Group's definitions of the four certainty levels. */
  definitions: (CertaintyCell & { definition: string })[];
  /** The table's explanatory notes: how the intervention risk is derived, abbreviations. */
  explanations: string[];
}

const LABELS: Record<CertaintyLevel, string> = { high: 'High', moderate: 'Moderate', low: 'Low', 'very-low': 'Very low' };
const FILLED: Record<CertaintyLevel, number> = { high: 4, moderate: 3, low: 2, 'very-low': 1 };

// GRADE handbook 5.1, Table 5.1: the meaning of the four levels.
const DEFINITIONS: Record<CertaintyLevel, string> = {
  high: 'We are very confident that the true effect lies close to that of the estimate of the effect.',
  moderate:
    'We are moderately confident in the effect estimate: the true effect is likely to be close to the estimate of the effect, but there is a possibility that it is substantially different.',
  low: 'Our confidence in the effect estimate is limited: the true effect may be substantially different from the estimate of the effect.',
  'very-low': 'We have very little confidence in the effect estimate: the true effect is likely to be substantially different from the estimate of effect.',
};

const DOMAIN_NAMES: Record<GradeDomain, string> = {
  'risk-of-bias': 'risk of bias',
  inconsistency: 'inconsistency',
  indirectness: 'indirectness',
  imprecision: 'imprecision',
  'publication-bias': 'publication bias',
  'large-effect': 'a large effect',
  'dose-response': 'a dose-response gradient',
  'plausible-confounding': 'plausible confounding',
};

const ABBREVIATIONS: Partial<Record<Measure, string>> = {
  OR: 'OR: odds ratio',
  RR: 'RR: risk ratio',
  HR: 'HR: hazard ratio',
  ROM: 'ROM: ratio of means',
  RD: 'RD: risk difference',
  MD: 'MD: mean difference',
  SMD: 'SMD: standardised mean difference',
};

/** ⊕⊕◯◯ for low certainty. */
export function certaintySymbols(level: CertaintyLevel): string {
  return '⊕'.repeat(FILLED[level]) + '◯'.repeat(4 - FILLED[level]);
}

export function certaintyCell(level: CertaintyLevel): CertaintyCell {
  return { level, symbols: certaintySymbols(level), label: LABELS[level] };
}

/** The Summary of Findings table of the outcomes, in the order given. */
export function buildSummaryOfFindings(outcomes: readonly SummaryOfFindingsOutcome[]): SummaryOfFindings {
  const footnotes: SummaryOfFindingsFootnote[] = [];
  const rows = outcomes.map((outcome) => {
    const { analysis } = outcome;
    const certainty = analysis?.certainty ?? null;
    const letters: string[] = [];
    for (const domain of certainty?.domains ?? []) {
      if (domain.rating === 0 && !domain.override) continue;
      const letter = footnoteLetter(footnotes.length);
      letters.push(letter);
      const judgement = domain.override
        ? `${domain.override.footnote}${domain.override.needsReview ? " (the maintainer's judgement was made on earlier data and needs review)" : ''}`
        : domain.reason;
      footnotes.push({
        letter,
        outcome: outcome.name,
        domain: domain.domain,
        rating: domain.rating,
        overridden: domain.override !== null,
        needsReview: domain.override?.needsReview ?? false,
        text: `${ratingAction(domain.rating, domain.domain)}: ${judgement}`,
      });
    }
    const row: SummaryOfFindingsRow = {
      outcome: outcome.name,
      measure: analysis?.measure ?? null,
      studies: analysis?.k ?? 0,
      participants: analysis?.participants ?? null,
      participantsText: participantsText(analysis),
      anticipatedEffects: (analysis?.absoluteEffects ?? []).map(anticipatedEffect),
      effectText: analysis ? effectText(analysis) : null,
      relativeEffect: analysis ? relativeEffect(analysis) : null,
      certainty: certainty ? { ...certaintyCell(certainty.level), footnotes: letters, needsReview: certainty.needsReview } : null,
      publishedCertainty: outcome.publishedCertainty ? { ...certaintyCell(outcome.publishedCertainty.level), note: outcome.publishedCertainty.note ?? null } : null,
      comments: [...automaticComments(analysis), ...(outcome.comments ?? [])],
    };
    return row;
  });
  const measures = [...new Set(rows.map((row) => row.measure).filter((m) => m !== null))];
  const abbreviations = ['CI: confidence interval', ...measures.map((m) => ABBREVIATIONS[m]).filter((a) => a !== undefined)];
  const explanations = [
    ...(rows.some((row) => row.anticipatedEffects.length > 0)
      ? ['The risk in the intervention group (and its 95% confidence interval) is based on the assumed risk in the comparison group and the relative effect of the intervention (and its 95% CI).']
      : []),
    `${abbreviations.join('; ')}.`,
  ];
  const definitions = (['high', 'moderate', 'low', 'very-low'] as const).map((level) => ({ ...certaintyCell(level), definition: DEFINITIONS[level] }));
  return { rows, footnotes, definitions, explanations };
}

/** a, b, ..., z, aa, ab, ... */
function footnoteLetter(index: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  return index < 26 ? alphabet[index] : footnoteLetter(Math.floor(index / 26) - 1) + alphabet[index % 26];
}

function ratingAction(rating: DomainRating, domain: GradeDomain): string {
  const levels = ['', 'one level', 'two levels', 'three levels'][Math.abs(rating)];
  if (rating < 0) return `Downgraded ${levels} for ${DOMAIN_NAMES[domain]}`;
  if (rating > 0) return `Upgraded ${levels} for ${DOMAIN_NAMES[domain]}`;
  return `Not downgraded for ${DOMAIN_NAMES[domain]}`;
}

function participantsText(analysis: OutcomeAnalysis | null): string {
  if (!analysis || analysis.k === 0) return 'No studies';
  const participants = analysis.participants === null || analysis.participants === undefined ? '–' : String(analysis.participants);
  const designs = analysis.studyDesigns ?? { randomised: 0, observational: 0, unknown: analysis.k };
  const parts: string[] = [];
  if (designs.randomised > 0) parts.push(`${designs.randomised} ${designs.randomised === 1 ? 'RCT' : 'RCTs'}`);
  if (designs.observational > 0) parts.push(`${designs.observational} observational ${designs.observational === 1 ? 'study' : 'studies'}`);
  if (designs.unknown > 0) parts.push(`${designs.unknown} ${designs.unknown === 1 ? 'study' : 'studies'}${parts.length > 0 ? ' of unknown design' : ''}`);
  return `${participants} (${parts.join(', ')})`;
}

const per1000 = (value: number) => String(Math.round(value));

function moreOrFewer(value: number): string {
  const rounded = Math.round(value);
  return rounded > 0 ? `${rounded} more` : `${Math.abs(rounded)} fewer`;
}

function anticipatedEffect(effect: NonNullable<OutcomeAnalysis['absoluteEffects']>[number]): AnticipatedAbsoluteEffect {
  return {
    label: effect.label,
    riskWithComparison: `${per1000(effect.controlPer1000)} per 1000`,
    riskWithIntervention: `${per1000(effect.interventionPer1000)} per 1000 (${per1000(effect.interventionPer1000Lower)} to ${per1000(effect.interventionPer1000Upper)})`,
    riskDifference: `${moreOrFewer(effect.differencePer1000)} per 1000 (from ${moreOrFewer(effect.differencePer1000Lower)} to ${moreOrFewer(effect.differencePer1000Upper)})`,
    controlPer1000: effect.controlPer1000,
    interventionPer1000: effect.interventionPer1000,
    interventionPer1000Lower: effect.interventionPer1000Lower,
    interventionPer1000Upper: effect.interventionPer1000Upper,
    differencePer1000: effect.differencePer1000,
    differencePer1000Lower: effect.differencePer1000Lower,
    differencePer1000Upper: effect.differencePer1000Upper,
  };
}

const two = (value: number) => value.toFixed(2);

function higherOrLower(value: number): string {
  const text = two(Math.abs(value));
  return Number(text) === 0 ? text : `${text} ${value > 0 ? 'higher' : 'lower'}`;
}

function relativeEffect(analysis: OutcomeAnalysis): string | null {
  const ratio = analysis.measure === 'OR' || analysis.measure === 'RR' || analysis.measure === 'HR' || analysis.measure === 'ROM';
  if (!analysis.summary || !ratio) return null;
  const { estimate, ciLower, ciUpper } = analysis.summary;
  return `${analysis.measure} ${two(estimate)} (${two(ciLower)} to ${two(ciUpper)})`;
}

/** The effect of an outcome without absolute risks, as GRADEpro words it. */
function effectText(analysis: OutcomeAnalysis): string | null {
  if (!analysis.summary) return null;
  const { estimate, ciLower, ciUpper } = analysis.summary;
  switch (analysis.measure) {
    case 'MD':
    case 'SMD':
      return `${analysis.measure} ${higherOrLower(estimate)} (${higherOrLower(ciLower)} to ${higherOrLower(ciUpper)})`;
    case 'MC':
      return `Mean change ${two(estimate)} (95% CI ${two(ciLower)} to ${two(ciUpper)})`;
    case 'GENERIC':
      return `Estimate ${two(estimate)} (95% CI ${two(ciLower)} to ${two(ciUpper)})`;
    case 'RD':
      // A risk difference has no relative effect; without a control risk show it per 1000.
      return analysis.absoluteEffects?.length ? null : `RD ${moreOrFewer(estimate * 1000)} per 1000 (from ${moreOrFewer(ciLower * 1000)} to ${moreOrFewer(ciUpper * 1000)})`;
    default:
      return null;
  }
}

const VERDICTS: Record<string, string> = {
  'firm-evidence-of-effect': 'firm evidence of an effect',
  'firm-evidence-of-no-effect': 'firm evidence of no effect as large as assumed',
  'not-yet-conclusive': 'not yet conclusive',
};

function automaticComments(analysis: OutcomeAnalysis | null): string[] {
  if (!analysis || analysis.k === 0) return ['No studies have reported this outcome yet.'];
  const comments: string[] = [];
  if (analysis.sequential) {
    const assumptions = analysis.informationSize ? ` (${analysis.informationSize.assumptions})` : '';
    comments.push(`Trial sequential analysis: ${VERDICTS[analysis.sequential.verdict] ?? analysis.sequential.verdict}${assumptions}.`);
  }
  const target = analysis.certainty ? targetComment(analysis) : null;
  if (target) comments.push(target);
  if (analysis.certainty?.needsReview) comments.push('A GRADE judgement was made on earlier data and needs review.');
  return comments;
}

/** What the certainty is about and the thresholds it was judged against (Core GRADE 2; GRADE guidance 34). */
function targetComment(analysis: OutcomeAnalysis): string | null {
  const { target, thresholds } = analysis.certainty as Partial<NonNullable<OutcomeAnalysis['certainty']>>;
  // Analyses stored before thresholds have no target.
  if (!target) return null;
  const log = analysis.scale === 'log';
  const value = (x: number) => (log ? Math.exp(x).toFixed(2) : String(Number(x.toPrecision(3))));
  const measure = analysis.measure === 'GENERIC' ? (log ? 'ratio' : 'difference') : analysis.measure;
  const against = thresholds
    ? `the thresholds of an important effect, ${measure} ${value(thresholds.lower)} and ${value(thresholds.upper)} (from ${thresholds.source})`
    : `no effect (${measure} ${log ? 1 : 0}): no minimal important difference is set`;
  return `Certainty that there is ${target}, rated against ${against}.`;
}
