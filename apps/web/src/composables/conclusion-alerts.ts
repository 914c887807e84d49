// Which conclusions of one outcome changed, at which version: for the timeline's marks and the live banner.
import type { ConclusionAlert } from '../graphql/alerts';

const kindNames: Record<string, string> = {
  SIGNIFICANCE_GAINED: 'significance',
  SIGNIFICANCE_LOST: 'significance',
  DIRECTION_FLIPPED: 'direction',
  CERTAINTY_CHANGED: 'certainty',
  SEQUENTIAL_VERDICT_CHANGED: 'verdict',
};

/** "significance", "direction", "certainty", "verdict": the conclusion a change is about. */
export function conclusionKindName(kind: string): string {
  return kindNames[kind] ?? kind.toLowerCase().replace(/_/g, ' ');
}

export interface ConclusionMark {
  version: number;
  /** "significance, certainty": what changed there, each named once. */
  label: string;
  alerts: ConclusionAlert[];
}

/** This outcome's conclusion changes, one mark per version, oldest first. */
export function conclusionMarks(alerts: readonly ConclusionAlert[], outcomeId: string): ConclusionMark[] {
  const byVersion = new Map<number, ConclusionAlert[]>();
  const seen = new Set<string>();
  for (const alert of alerts) {
    if (alert.outcomeId !== outcomeId || seen.has(alert.id)) continue;
    seen.add(alert.id);
    byVersion.set(alert.version, [...(byVersion.get(alert.version) ?? []), alert]);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, list]) => ({ version, alerts: list, label: [...new Set(list.map((a) => conclusionKindName(a.kind)))].join(', ') }));
}
