// A small RevMan 5 file written here for the browser suites (made-up trials; the structure follows the files RevMan 5
// saves): a dichotomous outcome with a three-arm trial (two rows of one study in one total), a generic inverse
// variance outcome whose stored numbers are Cumulus's own, and an "Other data" table. RevMan's stored overall risk
// ratio of the first outcome is wrong on purpose, so the import preview has a difference to show.

export interface Arm {
  study: string;
  events1: number;
  total1: number;
  events2: number;
  total2: number;
}

export const studies = [
  { id: 'STD-Ames-2001', name: 'Ames 2001', year: 2001 },
  { id: 'STD-Bello-2010', name: 'Bello 2010', year: 2010 },
  { id: 'STD-Cruz-2015', name: 'Cruz & <Co> 2015', year: 2015 },
];

/** Cough at day 3: Bello 2010 gave two doses against one placebo group (its two rows share the placebo). */
export const coughRows: Arm[] = [
  { study: 'STD-Ames-2001', events1: 10, total1: 50, events2: 20, total2: 50 },
  { study: 'STD-Bello-2010', events1: 8, total1: 40, events2: 15, total2: 42 },
  { study: 'STD-Bello-2010', events1: 12, total1: 41, events2: 15, total2: 42 },
  { study: 'STD-Cruz-2015', events1: 30, total1: 120, events2: 41, total2: 118 },
];
/** The overall risk ratio RevMan stored for it: wrong on purpose (Mantel-Haenszel gives 0.66). */
export const WRONG_OVERALL_RR = 0.5;

/** Days of cough, as mean differences with their standard errors. */
export const dayRows = [
  { study: 'STD-Ames-2001', md: -1.2, se: 0.5 },
  { study: 'STD-Cruz-2015', md: -0.6, se: 0.3 },
];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inverse-variance weights in percent, and the pooled fixed-effect mean difference: the numbers RevMan stores. */
export function inverseVariance(rows: readonly { md: number; se: number }[]): { weights: number[]; pooled: number } {
  const w = rows.map((row) => 1 / row.se ** 2);
  const total = w.reduce((sum, x) => sum + x, 0);
  return { weights: w.map((x) => (100 * x) / total), pooled: rows.reduce((sum, row, i) => sum + w[i] * row.md, 0) / total };
}

export function revManFile(title = 'Honey for acute cough'): string {
  const rr = (row: Arm) => row.events1 / row.total1 / (row.events2 / row.total2);
  const dich = coughRows
    .map((row, i) => `<DICH_DATA STUDY_ID="${row.study}" EVENTS_1="${row.events1}" TOTAL_1="${row.total1}" EVENTS_2="${row.events2}" TOTAL_2="${row.total2}" EFFECT_SIZE="${rr(row)}" ORDER="${i + 1}"/>`)
    .join('\n');
  const iv = inverseVariance(dayRows);
  const generic = dayRows
    .map((row, i) => `<IV_DATA STUDY_ID="${row.study}" ESTIMATE="${row.md}" SE="${row.se}" EFFECT_SIZE="${row.md}" WEIGHT="${iv.weights[i]}" ORDER="${i + 1}"/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<COCHRANE_REVIEW ID="4242" TYPE="INTERVENTION" REVMAN_VERSION="5">
<COVER_SHEET><TITLE>${escapeXml(title)}</TITLE></COVER_SHEET>
<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>
${studies.map((s) => `<STUDY ID="${s.id}" NAME="${escapeXml(s.name)}" YEAR="${s.year}"/>`).join('\n')}
</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>
<ANALYSES_AND_DATA CALCULATED_DATA="YES">
<COMPARISON ID="CMP-001" NO="1"><NAME>Honey versus placebo</NAME>
<DICH_OUTCOME ID="CMP-001.01" NO="1" EFFECT_MEASURE="RR" METHOD="MH" RANDOM="NO" TOTALS="YES" EFFECT_SIZE="${WRONG_OVERALL_RR}">
<NAME>Cough at day 3</NAME>
${dich}
</DICH_OUTCOME>
<IV_OUTCOME ID="CMP-001.02" NO="2" LOG_DATA="NO" RANDOM="NO" TOTALS="YES" EFFECT_SIZE="${iv.pooled}">
<NAME>Days of cough</NAME><EFFECT_MEASURE>Mean Difference</EFFECT_MEASURE>
${generic}
</IV_OUTCOME>
<OTHER_OUTCOME ID="CMP-001.03" NO="3"><NAME>Adverse events &amp; &lt;remarks&gt;</NAME>
<COLUMN_HEADERS><COLUMN_HEADER>Honey group</COLUMN_HEADER><COLUMN_HEADER>Placebo group</COLUMN_HEADER></COLUMN_HEADERS>
<OTHER_DATA STUDY_ID="STD-Ames-2001" ORDER="1"><COLUMN>none</COLUMN><COLUMN>&lt;b&gt;mild&lt;/b&gt; nausea</COLUMN></OTHER_DATA>
<OTHER_DATA STUDY_ID="STD-Cruz-2015" ORDER="2"><COLUMN>2 of 120</COLUMN><COLUMN>none</COLUMN></OTHER_DATA>
</OTHER_OUTCOME>
</COMPARISON>
</ANALYSES_AND_DATA>
</COCHRANE_REVIEW>`;
}
