// The GRADEpro layout of a Summary of Findings: one line per assumed control risk, the outcome's other cells
// spanning its lines; continuous outcomes word their effect across both absolute-effect columns.
import type { SummaryOfFindings, SummaryOfFindingsCertainty, SummaryOfFindingsFootnote } from '../graphql/summary-of-findings';

export interface CertaintyCell {
  symbols: string;
  label: string;
  /** "a, b": the footnotes that explain the rating. */
  letters: string;
  needsReview: boolean;
  note: string | null;
}

export interface SummaryOfFindingsLine {
  key: string;
  /** The outcome's first line carries the cells that span all its lines. */
  first: boolean;
  /** How many lines the outcome has (the rowspan of its spanning cells). */
  span: number;
  outcomeName: string;
  outcomeId: string | null;
  /** The assumed control risk this line is computed at, when an outcome has more than one. */
  assumedRisk: string | null;
  riskWithComparison: string;
  riskWithIntervention: string;
  /** Continuous outcomes (and outcomes without data): one text across both absolute-effect columns. */
  absoluteText: string | null;
  relativeEffect: string;
  participants: string;
  certainty: CertaintyCell | null;
  published: CertaintyCell | null;
  comments: string[];
}

export interface SummaryOfFindingsTable {
  lines: SummaryOfFindingsLine[];
  /** Any outcome has a rating as the review published it: the column is shown. */
  hasPublished: boolean;
  footnotes: (SummaryOfFindingsFootnote & { marker: string })[];
}

const DASH = '–';

function certaintyCell(certainty: SummaryOfFindingsCertainty | null): CertaintyCell | null {
  if (!certainty) return null;
  return { symbols: certainty.symbols, label: certainty.label, letters: certainty.footnotes.join(', '), needsReview: certainty.needsReview, note: certainty.note };
}

export function summaryOfFindingsTable(sof: Pick<SummaryOfFindings, 'rows' | 'footnotes'>): SummaryOfFindingsTable {
  const lines: SummaryOfFindingsLine[] = [];
  sof.rows.forEach((row, index) => {
    const shared = {
      outcomeName: row.outcomeName,
      outcomeId: row.outcome?.id ?? null,
      relativeEffect: row.relativeEffect ?? DASH,
      participants: row.participantsText,
      certainty: certaintyCell(row.certainty),
      published: certaintyCell(row.publishedCertainty),
      comments: row.comments,
    };
    const effects = row.anticipatedEffects;
    if (effects.length === 0) {
      const absoluteText = row.effectText ?? (row.studies === 0 ? 'No data yet' : DASH);
      lines.push({ ...shared, key: `${index}`, first: true, span: 1, assumedRisk: null, riskWithComparison: '', riskWithIntervention: '', absoluteText });
      return;
    }
    effects.forEach((effect, at) => {
      lines.push({
        ...shared,
        key: `${index}-${at}`,
        first: at === 0,
        span: effects.length,
        assumedRisk: effects.length > 1 ? effect.label : null,
        riskWithComparison: effect.riskWithComparison,
        riskWithIntervention: `${effect.riskWithIntervention}`,
        absoluteText: null,
      });
    });
  });
  const footnotes = sof.footnotes.map((note) => ({ ...note, marker: note.overridden ? `${note.letter} (maintainer's judgement)` : note.letter }));
  return { lines, hasPublished: sof.rows.some((row) => row.publishedCertainty !== null), footnotes };
}
