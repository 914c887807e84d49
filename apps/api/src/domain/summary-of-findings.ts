// A review's Summary of Findings, built from the outcomes' stored snapshots (never recomputed at read), with
// the GRADE rating the review itself published beside the suggestion where one is recorded.
import type { CumulusDatabase, ReviewRow } from '@cumulus/db';
import { buildSummaryOfFindings, type CertaintyLevel, type SummaryOfFindings } from './engine.js';
import { analysisOf, outcomeViewOf } from './reads.js';

export interface ReviewSummaryOfFindings extends SummaryOfFindings {
  review: ReviewRow;
  /** The review version the table shows. */
  version: number;
  /** The outcome id of each row, in the order of `rows`. */
  outcomeIds: string[];
}

const publishedLevels: Record<string, CertaintyLevel> = { high: 'high', moderate: 'moderate', low: 'low', 'very low': 'very-low', 'very-low': 'very-low' };
const downgradeNames: Record<string, string> = {
  design: 'study design',
  inconsistency: 'inconsistency',
  imprecision: 'imprecision',
  smallStudyEffects: 'small-study effects',
};

interface PublishedResult {
  certainty?: string | null;
  downgraded?: Record<string, boolean> | null;
  whereReported?: string;
}

/** The first rating the review published for the outcome, in the order it was recorded. */
function publishedCertaintyOf(results: PublishedResult[]): { level: CertaintyLevel; note: string } | null {
  const rated = results.find((result) => result.certainty && publishedLevels[result.certainty.toLowerCase()]);
  if (!rated) return null;
  const reasons = Object.entries(rated.downgraded ?? {})
    .filter(([, down]) => down)
    .map(([domain]) => downgradeNames[domain] ?? domain);
  const where = rated.whereReported ? ` (${rated.whereReported})` : '';
  return {
    level: publishedLevels[rated.certainty!.toLowerCase()],
    note: `As published${where}${reasons.length > 0 ? `: downgraded for ${reasons.join(', ')}` : ''}.`,
  };
}

export async function summaryOfFindingsOf(database: CumulusDatabase, review: ReviewRow, asOfVersion?: number | null): Promise<ReviewSummaryOfFindings> {
  const version = asOfVersion === null || asOfVersion === undefined ? review.version : Math.min(asOfVersion, review.version);
  const outcomes = await database.db
    .selectFrom('outcomes')
    .selectAll()
    .where('review_id', '=', review.id)
    .where('created_version', '<=', version)
    .orderBy('created_version')
    .execute();
  const references = await database.db.selectFrom('reference_results').select(['outcome_id', 'result']).where('review_id', '=', review.id).orderBy('position').execute();
  const views = (await Promise.all(outcomes.map((outcome) => outcomeViewOf(database, outcome, version)))).filter((view) => view !== null);
  const entries = await Promise.all(
    views.map(async (view) => ({
      name: view.outcome.name,
      analysis: await analysisOf(database, view.snapshot.id),
      comments: view.outcome.timepoint ? [`Follow-up: ${view.outcome.timepoint}.`] : [],
      publishedCertainty: publishedCertaintyOf(references.filter((row) => row.outcome_id === view.outcome.id).map((row) => JSON.parse(row.result) as PublishedResult)),
    })),
  );
  return { ...buildSummaryOfFindings(entries), review, version, outcomeIds: views.map((view) => view.outcome.id) };
}
