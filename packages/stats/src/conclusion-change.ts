// Whether a new version of an outcome's analysis changes what a reader would conclude: statistical
// significance gained or lost, the direction of effect flipped, the GRADE certainty level, or the
// trial sequential verdict. One rule, shared by the API's alerts and the dashboard's timeline.
import type { OutcomeAnalysis } from './types.js';

export type ConclusionChangeKind = 'significance-gained' | 'significance-lost' | 'direction-flipped' | 'certainty-changed' | 'sequential-verdict-changed';

export interface ConclusionChange {
  kind: ConclusionChangeKind;
  from: string | null;
  to: string | null;
  message: string;
}

export interface Conclusion {
  /** The 95% CI excludes no effect. */
  significant: boolean;
  /** Which side of no effect the pooled estimate lies: 'benefit-or-increase' above, 'decrease' below. */
  direction: 'above' | 'below' | 'none';
  certainty: string | null;
  verdict: string | null;
}

/** What an analysis concludes; an outcome without a pooled estimate concludes nothing. */
export function conclusionOf(analysis: OutcomeAnalysis | null): Conclusion {
  if (!analysis?.fit) return { significant: false, direction: 'none', certainty: null, verdict: null };
  const { fit } = analysis;
  return {
    significant: fit.ciLower > 0 || fit.ciUpper < 0,
    direction: fit.estimate > 0 ? 'above' : fit.estimate < 0 ? 'below' : 'none',
    certainty: analysis.certainty?.level ?? null,
    verdict: analysis.sequential?.verdict ?? null,
  };
}

const nullValue = (analysis: OutcomeAnalysis) => (analysis.scale === 'log' ? 1 : 0);

/**
 * The changes of conclusion from `before` (null: no analysis yet) to `after`. A first rating or verdict
 * is not a change; becoming significant from no evidence is.
 */
export function conclusionChanges(before: OutcomeAnalysis | null, after: OutcomeAnalysis): ConclusionChange[] {
  const a = conclusionOf(before);
  const b = conclusionOf(after);
  const changes: ConclusionChange[] = [];
  const none = nullValue(after);
  const ci = after.summary ? `${after.measure} ${after.summary.estimate.toFixed(2)} (95% CI ${after.summary.ciLower.toFixed(2)} to ${after.summary.ciUpper.toFixed(2)})` : 'no pooled estimate';
  if (!a.significant && b.significant) {
    changes.push({ kind: 'significance-gained', from: 'not significant', to: 'significant', message: `The effect became statistically significant: ${ci} excludes ${none}.` });
  }
  if (a.significant && !b.significant) {
    changes.push({ kind: 'significance-lost', from: 'significant', to: 'not significant', message: `The effect is no longer statistically significant: ${ci} includes ${none}.` });
  }
  if (a.direction !== 'none' && b.direction !== 'none' && a.direction !== b.direction) {
    changes.push({ kind: 'direction-flipped', from: a.direction, to: b.direction, message: `The pooled estimate crossed the line of no effect (${none}): now ${ci}.` });
  }
  if (a.certainty !== null && b.certainty !== null && a.certainty !== b.certainty) {
    changes.push({ kind: 'certainty-changed', from: a.certainty, to: b.certainty, message: `The GRADE certainty changed from ${a.certainty} to ${b.certainty}.` });
  }
  if (a.verdict !== null && b.verdict !== null && a.verdict !== b.verdict) {
    changes.push({
      kind: 'sequential-verdict-changed',
      from: a.verdict,
      to: b.verdict,
      message: `The trial sequential verdict changed from ${a.verdict.replaceAll('-', ' ')} to ${b.verdict.replaceAll('-', ' ')}.`,
    });
  }
  return changes;
}
