// Which format an export is in, from its content first (the tags are unmistakable) and its file name second.
import { RecordsParseError, type RecordFormat } from './record.js';
import { assertReadableText, normaliseText } from './text-lines.js';

/** RIS, Web of Science field-tagged text (read as RIS), PubMed/MEDLINE, or CSV; refused at line 1 when none fits. */
export function detectFormat(text: string, fileName?: string): RecordFormat {
  const normal = normaliseText(text);
  assertReadableText(normal);
  const lines = normal.split('\n');
  if (lines.some((line) => /^TY {1,2}-/.test(line))) return 'ris';
  const firstLine = lines.find((line) => line.trim() !== '') ?? '';
  if (/^(FN|VR|PT) \S/.test(firstLine)) return 'ris';
  if (lines.some((line) => /^PMID- ?\d/.test(line))) return 'medline';
  const extension = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (extension === 'ris') return 'ris';
  if (extension === 'nbib' || extension === 'medline') return 'medline';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  if (/^[A-Z][A-Z0-9]{1,3} *- /.test(firstLine) && firstLine.charAt(4) === '-') return 'medline';
  if (/[,;\t]/.test(firstLine)) return 'csv';
  throw new RecordsParseError(
    1,
    "the file is not RIS ('TY  - ' lines), PubMed/MEDLINE ('PMID- ' lines) or CSV with a header row: export the search results in one of these formats",
  );
}
