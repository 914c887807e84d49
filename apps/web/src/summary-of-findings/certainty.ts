// GRADE words for the certainty panel and the maintainers' override form (the domains as the API names them).
import { formatEffect, isRatio, measureName } from '../format';
import type { CertaintyTarget, CertaintyThresholds, Measure } from '../graphql/outcome';
import type { CertaintyLevel, GradeDomain } from '../graphql/summary-of-findings';

const domainNames: Record<GradeDomain, string> = {
  RISK_OF_BIAS: 'Risk of bias',
  INCONSISTENCY: 'Inconsistency',
  INDIRECTNESS: 'Indirectness',
  IMPRECISION: 'Imprecision',
  PUBLICATION_BIAS: 'Publication bias',
  LARGE_EFFECT: 'Large effect',
  DOSE_RESPONSE: 'Dose-response gradient',
  PLAUSIBLE_CONFOUNDING: 'Plausible confounding',
};

export const downgradeDomains: readonly GradeDomain[] = ['RISK_OF_BIAS', 'INCONSISTENCY', 'INDIRECTNESS', 'IMPRECISION', 'PUBLICATION_BIAS'];
export const gradeDomains: readonly GradeDomain[] = [...downgradeDomains, 'LARGE_EFFECT', 'DOSE_RESPONSE', 'PLAUSIBLE_CONFOUNDING'];

export function gradeDomainName(domain: GradeDomain): string {
  return domainNames[domain];
}

const levels: Record<CertaintyLevel, { symbols: string; label: string }> = {
  HIGH: { symbols: '⊕⊕⊕⊕', label: 'High' },
  MODERATE: { symbols: '⊕⊕⊕◯', label: 'Moderate' },
  LOW: { symbols: '⊕⊕◯◯', label: 'Low' },
  VERY_LOW: { symbols: '⊕◯◯◯', label: 'Very low' },
};

/** ⊕⊕⊕◯ Moderate. */
export function certaintyText(level: CertaintyLevel): string {
  return `${levels[level].symbols} ${levels[level].label}`;
}

/** A domain's rating in GRADE's words: "−1 (serious)", "−2 (very serious)", "−3 (extremely serious)", "+1", "0 (not serious)". */
export function ratingText(domain: GradeDomain, rating: number): string {
  const down = downgradeDomains.includes(domain);
  if (rating === 0) return down ? '0 (not serious)' : '0 (none)';
  const signed = rating > 0 ? `+${rating}` : `−${-rating}`;
  if (rating === -1) return `${signed} (serious)`;
  if (rating === -2) return `${signed} (very serious)`;
  // GRADE guidance 34: imprecision may be rated down three levels (a CI crossing both thresholds far below the optimal information size).
  if (rating === -3) return `${signed} (extremely serious)`;
  return signed;
}

/** The ratings a maintainer may give a domain: down for the five downgrade domains, up for the other three. */
export function ratingChoices(domain: GradeDomain): { value: string; label: string }[] {
  const values = downgradeDomains.includes(domain) ? [0, -1, -2] : [0, 1, 2];
  return values.map((value) => ({ value: String(value), label: ratingText(domain, value) }));
}

const targets: Record<CertaintyTarget, string> = {
  AN_IMPORTANT_EFFECT: 'an important effect',
  AN_EFFECT: 'an effect',
  LITTLE_OR_NO_EFFECT: 'little or no effect',
};

/** What the rating is about (Core GRADE 2): "Certainty that there is little or no effect". */
export function targetText(target: CertaintyTarget): string {
  return `Certainty that there is ${targets[target]}`;
}

/** The thresholds judged against: "OR 0.90 and 1.11 (from a 10% relative risk reduction)", or no effect alone. */
export function thresholdsText(measure: Measure, thresholds: CertaintyThresholds | null): string {
  if (!thresholds) return `no effect (${measureName(measure)} ${isRatio(measure) ? 1 : 0}) alone: no minimal important difference is set`;
  return `${measureName(measure)} ${formatEffect(thresholds.lower)} and ${formatEffect(thresholds.upper)} (from ${thresholds.source})`;
}
