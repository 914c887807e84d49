// Where a review's dual extraction stands, in one line for the extraction page (and a methods section). Pure.
import type { ExtractionProgress } from '../graphql/extraction';

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** "12 rows entered by two extractors (10 agreed at once, 83%; 2 reconciled) · 1 conflict · 3 rows awaiting a second extraction". */
export function progressInWords(p: ExtractionProgress): string {
  const entered = p.agreed + p.reconciled;
  const parts = [
    entered === 0
      ? 'No row entered by two extractors yet'
      : `${rows(entered)} entered by two extractors (${p.agreed} agreed at once, ${Math.round((100 * p.agreed) / entered)}%; ${p.reconciled} reconciled)`,
  ];
  if (p.conflicts > 0) parts.push(`${p.conflicts} ${p.conflicts === 1 ? 'conflict' : 'conflicts'}`);
  if (p.awaiting > 0) parts.push(`${rows(p.awaiting)} awaiting a second extraction`);
  return parts.join(' · ');
}
