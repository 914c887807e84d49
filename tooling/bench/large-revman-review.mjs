// A synthetic RevMan 5 review as large as the largest real one we have measured (591 included studies, 113
// analyses, about 4 MB): the benchmarks import it and render its largest forest plot. Made-up numbers from a
// seeded generator, so every run reads the same file; the structure follows real .rm5 files (studies with their
// characteristics, comparisons with dichotomous, continuous and generic inverse variance analyses, subgroups,
// studies with several rows).
//   node tooling/bench/large-revman-review.mjs > large.rm5

/** Park-Miller minimal standard generator: the same file on every machine. */
function generator(seed) {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attributes = (values) =>
  Object.entries(values)
    .map(([name, value]) => `${name}="${escape(String(value))}"`)
    .join(' ');

const words = 'randomised parallel group trial adults children hospital outpatient placebo standard care follow up weeks months dose daily twice primary outcome secondary mortality adverse events withdrawal blinded open label multicentre'.split(' ');

/**
 * @param {{ studies?: number, analyses?: number, seed?: number, largestRows?: number }} options
 * @returns {string} the text of a RevMan 5 .rm5 file
 */
export function largeRevManReview({ studies = 591, analyses = 113, seed = 20261202, largestRows = 300 } = {}) {
  const random = generator(seed);
  const int = (low, high) => low + Math.floor(random() * (high - low + 1));
  const sentence = (n) => Array.from({ length: n }, () => words[int(0, words.length - 1)]).join(' ');
  const ids = Array.from({ length: studies }, (_, i) => `STD-Trial-${String(i + 1).padStart(4, '0')}`);
  const out = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<COCHRANE_REVIEW ${attributes({ TYPE: 'INTERVENTION', REVMAN_VERSION: '5', ID: 'SYNTHETIC-LARGE', REVIEW_NO: 'CD999999' })}>`);
  out.push('<COVER_SHEET><TITLE>A synthetic review as large as the largest Cochrane review [Data only. When citing this record quote "Cumulus benchmark 2026".]</TITLE></COVER_SHEET>');
  out.push('<MAIN_TEXT><OBJECTIVES><P>To measure how Cumulus imports and renders a very large review.</P></OBJECTIVES></MAIN_TEXT>');
  out.push('<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>');
  ids.forEach((id, i) => out.push(`<STUDY ${attributes({ DATA_SOURCE: 'PUB', ID: id, NAME: `Trial ${i + 1} ${1980 + (i % 45)}`, YEAR: 1980 + (i % 45) })}></STUDY>`));
  out.push('</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>');
  out.push('<CHARACTERISTICS_OF_STUDIES><CHARACTERISTICS_OF_INCLUDED_STUDIES>');
  for (const id of ids) {
    out.push(`<INCLUDED_CHAR ${attributes({ STUDY_ID: id })}>`);
    for (const cell of ['CHAR_METHODS', 'CHAR_PARTICIPANTS', 'CHAR_INTERVENTIONS', 'CHAR_OUTCOMES', 'CHAR_NOTES']) out.push(`<${cell}><P>${escape(sentence(int(30, 70)))}</P></${cell}>`);
    out.push('</INCLUDED_CHAR>');
  }
  out.push('</CHARACTERISTICS_OF_INCLUDED_STUDIES></CHARACTERISTICS_OF_STUDIES>');
  // Risk of bias judgements with their support: most of a real large review's bytes.
  out.push('<QUALITY_ITEMS>');
  for (let domain = 1; domain <= 7; domain++) {
    out.push(`<QUALITY_ITEM ${attributes({ ID: `QIT-${String(domain).padStart(2, '0')}`, NO: domain, LEVEL: 'STUDY' })}><NAME>Domain ${domain}</NAME><QUALITY_ITEM_DATA>`);
    for (const id of ids) out.push(`<QUALITY_ITEM_DATA_ENTRY ${attributes({ RESULT: ['YES', 'NO', 'UNKNOWN'][int(0, 2)], STUDY_ID: id })}><DESCRIPTION><P>${escape(sentence(int(25, 60)))}</P></DESCRIPTION></QUALITY_ITEM_DATA_ENTRY>`);
    out.push('</QUALITY_ITEM_DATA></QUALITY_ITEM>');
  }
  out.push('</QUALITY_ITEMS>');
  out.push('<ANALYSES_AND_DATA>');
  const comparisons = Math.ceil(analyses / 6);
  let analysis = 0;
  let order = 1;
  for (let c = 1; c <= comparisons && analysis < analyses; c++) {
    out.push(`<COMPARISON ${attributes({ ID: `CMP-${String(c).padStart(3, '0')}`, NO: c })}><NAME>Comparison ${c}: intervention versus control</NAME>`);
    for (let o = 1; o <= 6 && analysis < analyses; o++, analysis++) {
      const kind = analysis % 5 === 3 ? 'CONT' : analysis % 7 === 5 ? 'IV' : 'DICH';
      const rows = analysis === 0 ? largestRows : int(40, 110);
      const subgroups = analysis % 3 === 0 ? ['Adults', 'Children', 'Older adults'] : analysis % 4 === 1 ? ['Short term', 'Long term'] : null;
      const outcome = {
        ID: `CMP-${String(c).padStart(3, '0')}.${String(o).padStart(2, '0')}`,
        NO: o,
        RANDOM: analysis % 2 === 0 ? 'YES' : 'NO',
        TOTALS: analysis % 9 === 4 ? 'SUB' : 'YES',
        ...(kind === 'DICH' ? { EFFECT_MEASURE: analysis % 4 === 2 ? 'OR' : 'RR', METHOD: 'MH' } : kind === 'CONT' ? { EFFECT_MEASURE: analysis % 2 ? 'MD' : 'SMD' } : { LOG_DATA: 'YES' }),
      };
      out.push(`<${kind}_OUTCOME ${attributes(outcome)}><NAME>Outcome ${c}.${o}: ${escape(sentence(4))}</NAME><GROUP_LABEL_1>Intervention</GROUP_LABEL_1><GROUP_LABEL_2>Control</GROUP_LABEL_2>`);
      if (kind === 'IV') out.push('<EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>');
      const start = int(0, studies - 1);
      const row = (r) => {
        // Every 25th row repeats the previous study: a multi-arm trial with a second comparison.
        const studyIndex = (start + r - (r % 25 === 24 ? 1 : 0)) % studies;
        const common = { ORDER: order++, STUDY_ID: ids[studyIndex] };
        const n1 = int(20, 400);
        const n2 = int(20, 400);
        if (kind === 'DICH') {
          const risk = 0.05 + random() * 0.4;
          return `<DICH_DATA ${attributes({ ...common, EVENTS_1: Math.round(n1 * risk * (0.6 + random() * 0.6)), TOTAL_1: n1, EVENTS_2: Math.round(n2 * risk), TOTAL_2: n2 })}/>`;
        }
        if (kind === 'CONT') {
          const sd = 5 + random() * 10;
          return `<CONT_DATA ${attributes({ ...common, MEAN_1: (20 + random() * 10).toFixed(2), SD_1: sd.toFixed(2), TOTAL_1: n1, MEAN_2: (22 + random() * 10).toFixed(2), SD_2: (sd * (0.8 + random() * 0.4)).toFixed(2), TOTAL_2: n2 })}/>`;
        }
        return `<IV_DATA ${attributes({ ...common, ESTIMATE: (Math.log(0.8) + (random() - 0.5) * 0.6).toFixed(6), SE: (0.08 + random() * 0.4).toFixed(6), TOTAL_1: n1, TOTAL_2: n2 })}/>`;
      };
      if (subgroups) {
        let r = 0;
        subgroups.forEach((name, s) => {
          out.push(`<${kind}_SUBGROUP ${attributes({ ID: `${outcome.ID}.${String(s + 1).padStart(2, '0')}`, NO: s + 1 })}><NAME>${name}</NAME>`);
          const count = s === subgroups.length - 1 ? rows - r : Math.floor(rows / subgroups.length);
          for (let i = 0; i < count; i++, r++) out.push(row(r));
          out.push(`</${kind}_SUBGROUP>`);
        });
      } else for (let r = 0; r < rows; r++) out.push(row(r));
      out.push(`</${kind}_OUTCOME>`);
    }
    out.push('</COMPARISON>');
  }
  out.push('</ANALYSES_AND_DATA>');
  out.push('</COCHRANE_REVIEW>');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(largeRevManReview());
