// The Summary of Findings as downloads: CSV (one line per outcome and assumed control risk) and a
// self-contained HTML document (inline CSS; the table, footnotes, explanations and GRADE definitions).
import type { ReviewSummaryOfFindings } from '../domain/summary-of-findings.js';
import type { SummaryOfFindingsRow } from '../domain/engine.js';
import { csvCell, escapeHtml } from '@cumulus/text';

const csvHeader = [
  'Outcome',
  'Assumed risk',
  'Risk with comparison',
  'Risk with intervention (95% CI)',
  'Risk difference (95% CI)',
  'Effect (95% CI)',
  'Relative effect (95% CI)',
  'Participants (studies)',
  'Certainty of the evidence (GRADE)',
  'Footnotes',
  'Certainty as published',
  'Comments',
];

function certaintyText(row: SummaryOfFindingsRow): string {
  if (!row.certainty) return '';
  const letters = row.certainty.footnotes.length > 0 ? ` (${row.certainty.footnotes.join(', ')})` : '';
  return `${row.certainty.symbols} ${row.certainty.label}${letters}`;
}

export function summaryOfFindingsCsv(sof: ReviewSummaryOfFindings): string {
  const lines = [csvHeader.map(csvCell).join(',')];
  for (const row of sof.rows) {
    const footnotes = sof.footnotes
      .filter((note) => row.certainty?.footnotes.includes(note.letter))
      .map((note) => `${note.letter}. ${note.text}`)
      .join(' ');
    const published = row.publishedCertainty ? `${row.publishedCertainty.symbols} ${row.publishedCertainty.label}` : '';
    const effects = row.anticipatedEffects.length > 0 ? row.anticipatedEffects : [null];
    for (const effect of effects) {
      lines.push(
        [
          row.outcome,
          effect?.label ?? '',
          effect?.riskWithComparison ?? '',
          effect?.riskWithIntervention ?? '',
          effect?.riskDifference ?? '',
          row.effectText ?? '',
          row.relativeEffect ?? '',
          row.participantsText,
          certaintyText(row),
          footnotes,
          published,
          row.comments.join(' '),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  // A byte-order mark, so spreadsheets read the ⊕ symbols as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const style = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 2rem; line-height: 1.4; }
h1 { font-size: 1.35rem; margin-bottom: 0.25rem; }
.pico { margin: 0.5rem 0 1rem; font-size: 0.9rem; }
.pico div { margin: 0.1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { border: 1px solid #9aa5b1; padding: 0.4rem 0.5rem; vertical-align: top; text-align: left; }
thead th { background: #e8eef4; }
td.certainty { white-space: nowrap; }
.symbols { font-size: 1.1rem; letter-spacing: 0.05rem; }
.published { color: #52606d; font-size: 0.82rem; margin-top: 0.3rem; white-space: normal; }
.label { color: #52606d; font-size: 0.8rem; }
.effect + .effect { margin-top: 0.4rem; }
sup { font-size: 0.7rem; }
section { margin-top: 1.25rem; font-size: 0.86rem; }
section h2 { font-size: 1rem; margin-bottom: 0.3rem; }
dl.definitions dt { font-weight: 600; margin-top: 0.4rem; }
dl.definitions dd { margin-left: 1.5rem; }
footer { margin-top: 1.5rem; color: #52606d; font-size: 0.8rem; }
@media print { body { margin: 0.5cm; } }
`;

function rowHtml(row: SummaryOfFindingsRow): string {
  const letters = row.certainty?.footnotes.length ? `<sup>${row.certainty.footnotes.join(',')}</sup>` : '';
  const certainty = row.certainty
    ? `<span class="symbols">${row.certainty.symbols}</span><br>${escapeHtml(row.certainty.label.toUpperCase())}${letters}`
    : '–';
  const published = row.publishedCertainty
    ? `<div class="published">Published: <span class="symbols">${row.publishedCertainty.symbols}</span> ${escapeHtml(row.publishedCertainty.label)}${row.publishedCertainty.note ? `<br>${escapeHtml(row.publishedCertainty.note)}` : ''}</div>`
    : '';
  let effects: string;
  if (row.anticipatedEffects.length > 0) {
    const comparison = row.anticipatedEffects
      .map((e) => `<div class="effect">${escapeHtml(e.riskWithComparison)}${row.anticipatedEffects.length > 1 || e.label ? `<div class="label">${escapeHtml(e.label)}</div>` : ''}</div>`)
      .join('');
    const intervention = row.anticipatedEffects
      .map((e) => `<div class="effect">${escapeHtml(e.riskWithIntervention)}<div class="label">${escapeHtml(e.riskDifference)}</div></div>`)
      .join('');
    effects = `<td>${comparison}</td><td>${intervention}</td>`;
  } else {
    effects = `<td colspan="2">${escapeHtml(row.effectText ?? '–')}</td>`;
  }
  return `<tr><th scope="row">${escapeHtml(row.outcome)}</th>${effects}<td>${escapeHtml(row.relativeEffect ?? '–')}</td><td>${escapeHtml(row.participantsText)}</td><td class="certainty">${certainty}${published}</td><td>${row.comments.map(escapeHtml).join('<br>')}</td></tr>`;
}

export function summaryOfFindingsHtml(sof: ReviewSummaryOfFindings, generatedAt: string): string {
  const { review } = sof;
  const pico = [
    ['Patient or population', review.population],
    ['Intervention', review.intervention],
    ['Comparison', review.comparison],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<div><strong>${label}:</strong> ${escapeHtml(value)}</div>`)
    .join('');
  const footnotes = sof.footnotes.map((note) => `<li><strong>${note.letter}.</strong> ${escapeHtml(note.outcome)}: ${escapeHtml(note.text)}</li>`).join('');
  const definitions = sof.definitions
    .map((d) => `<dt><span class="symbols">${d.symbols}</span> ${escapeHtml(d.label)} certainty</dt><dd>${escapeHtml(d.definition)}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Summary of findings: ${escapeHtml(review.title)}</title>
<style>${style}</style>
</head>
<body>
<h1>Summary of findings: ${escapeHtml(review.title)}</h1>
<div class="pico">${pico}</div>
<table>
<thead>
<tr><th rowspan="2" scope="col">Outcomes</th><th colspan="2" scope="colgroup">Anticipated absolute effects<sup>*</sup> (95% CI)</th><th rowspan="2" scope="col">Relative effect (95% CI)</th><th rowspan="2" scope="col">№ of participants (studies)</th><th rowspan="2" scope="col">Certainty of the evidence (GRADE)</th><th rowspan="2" scope="col">Comments</th></tr>
<tr><th scope="col">Risk with comparison</th><th scope="col">Risk with intervention</th></tr>
</thead>
<tbody>
${sof.rows.map(rowHtml).join('\n')}
</tbody>
</table>
<section class="explanations">${sof.explanations.map((text, i) => `<p>${i === 0 && sof.rows.some((r) => r.anticipatedEffects.length > 0) ? '<sup>*</sup>' : ''}${escapeHtml(text)}</p>`).join('')}</section>
${footnotes ? `<section><h2>Footnotes</h2><ol style="list-style: none; padding-left: 0">${footnotes}</ol></section>` : ''}
<section><h2>GRADE Working Group grades of evidence</h2><dl class="definitions">${definitions}</dl></section>
<footer>Version ${sof.version} of the review, generated ${escapeHtml(generatedAt)} by Cumulus from the stored analyses. Certainty ratings are suggestions from the data unless a footnote gives a maintainer's judgement.</footer>
</body>
</html>
`;
}
