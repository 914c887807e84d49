// The Summary of Findings table in the GRADEpro layout, built from stored analyses: the numbers a reader
// checks (per 1000, the relative effect, participants), the ⊕ certainty with its footnote letters, and the definitions.
import { describe, expect, it } from 'vitest';
import { absoluteEffect, analyzeOutcome, buildSummaryOfFindings, medianControlRisk, type ContinuousStudy } from '../src/index.js';
import { magnesium } from './magnesium.js';

const trials = magnesium.map((trial, i) => ({ ...trial, id: `${trial.id} ${trial.year} #${i}` }));

describe('buildSummaryOfFindings', () => {
  const mortality = analyzeOutcome(trials, { measure: 'OR', model: 'fixed', sequential: { relativeRiskReduction: 0.1 } });
  const table = buildSummaryOfFindings([{ name: 'Mortality', analysis: mortality, comments: ['Follow-up to hospital discharge.'] }]);
  const [row] = table.rows;

  it('gives the risk with comparison and with intervention per 1000, and the difference, at the median control risk', () => {
    const controlRisk = medianControlRisk(trials);
    const expected = absoluteEffect({ measure: 'OR', ...mortality.summary!, controlRisk });
    expect(row.anticipatedEffects).toHaveLength(1);
    const [effect] = row.anticipatedEffects;
    expect(effect.riskWithComparison).toBe(`${Math.round(controlRisk * 1000)} per 1000`);
    expect(effect.riskWithIntervention).toBe(
      `${Math.round(expected.interventionPer1000)} per 1000 (${Math.round(expected.interventionPer1000Lower)} to ${Math.round(expected.interventionPer1000Upper)})`,
    );
    // ISIS-4 makes the pooled OR 1.01 (0.96 to 1.08): about one more death per 1000, from a few fewer to several more.
    expect(effect.riskDifference).toMatch(/^\d+ (more|fewer) per 1000 \(from \d+ fewer to \d+ more\)$/);
    expect(effect.differencePer1000).toBeCloseTo(expected.differencePer1000, 10);
  });

  it('gives the relative effect, and participants with the number of RCTs', () => {
    const { estimate, ciLower, ciUpper } = mortality.summary!;
    expect(row.relativeEffect).toBe(`OR ${estimate.toFixed(2)} (${ciLower.toFixed(2)} to ${ciUpper.toFixed(2)})`);
    expect(row.relativeEffect).toBe('OR 1.01 (0.96 to 1.08)');
    const participants = trials.reduce((sum, t) => sum + t.n1 + t.n2, 0);
    expect(row.participants).toBe(participants);
    expect(row.participantsText).toBe(`${participants} (16 RCTs)`);
    expect(row.effectText).toBeNull();
  });

  // Changed with GRADE guidance 34 / Core GRADE 2: the TSA's 10% relative risk reduction is the threshold, and the CI
  // 0.96 to 1.08 lies within OR 0.90 to 1.11 (little or no effect), so imprecision is no longer rated down (was: Very low).
  it('shows the certainty as ⊕ symbols with one footnote per downgraded domain, lettered in order (GRADE 34: no imprecision footnote)', () => {
    const downgraded = mortality.certainty!.domains.filter((d) => d.rating !== 0);
    expect(downgraded.map((d) => d.domain)).toEqual(['inconsistency', 'publication-bias']);
    expect(row.certainty).toMatchObject({ level: mortality.certainty!.level, label: 'Low', symbols: '⊕⊕◯◯' });
    expect(row.certainty!.footnotes).toEqual(downgraded.map((_, i) => 'abcdefgh'[i]));
    expect(table.footnotes.map((f) => f.domain)).toEqual(downgraded.map((d) => d.domain));
    expect(table.footnotes.find((f) => f.domain === 'inconsistency')!.text).toMatch(
      /^Downgraded one level for inconsistency: I² is 68% .*different sides of the thresholds of an important effect \(OR 0\.90 and 1\.11, from a 10% relative risk reduction\)/,
    );
  });

  it('comments on the trial sequential verdict under its stated assumptions, then the maintainer\'s comments', () => {
    expect(row.comments[0]).toMatch(/^Trial sequential analysis: firm evidence of no effect as large as assumed \(relative risk reduction 10%, control risk/);
    expect(row.comments.at(-1)).toBe('Follow-up to hospital discharge.');
    // The target of the rating and its thresholds (GRADE guidance 34): the TSA's 10% relative risk reduction by default.
    expect(row.comments[1]).toBe('Certainty that there is little or no effect, rated against the thresholds of an important effect, OR 0.90 and 1.11 (from a 10% relative risk reduction).');
  });

  it('words a continuous outcome as a mean difference, and footnotes an override with its reason and review flag', () => {
    const studies: ContinuousStudy[] = [
      { id: 'A', mean1: 10, sd1: 4, n1: 30, mean2: 12, sd2: 4, n2: 30, design: 'randomised' },
      { id: 'B', mean1: 9, sd1: 5, n1: 40, mean2: 12, sd2: 5, n2: 40, design: 'randomised' },
    ];
    const fingerprint = analyzeOutcome(studies, { measure: 'MD', model: 'fixed' }).certainty!.dataFingerprint;
    const pain = analyzeOutcome(studies, {
      measure: 'MD',
      model: 'fixed',
      certaintyOverrides: [
        { domain: 'indirectness', rating: -1, footnote: 'Both trials enrolled only men.', dataFingerprint: fingerprint },
        { domain: 'publication-bias', rating: 0, footnote: 'Registries searched: no unpublished trials.', dataFingerprint: 'fnv1a64:0000000000000000' },
      ],
    });
    const sof = buildSummaryOfFindings([
      { name: 'Mortality', analysis: mortality },
      { name: 'Pain', analysis: pain, publishedCertainty: { level: 'low', note: 'as published' } },
      { name: 'Quality of life', analysis: null },
    ]);
    const painRow = sof.rows[1];
    const { estimate, ciLower, ciUpper } = pain.summary!;
    expect(estimate).toBeLessThan(0);
    expect(painRow.effectText).toBe(`MD ${(-estimate).toFixed(2)} lower (${(-ciLower).toFixed(2)} lower to ${(-ciUpper).toFixed(2)} lower)`);
    expect(painRow.relativeEffect).toBeNull();
    expect(painRow.anticipatedEffects).toEqual([]);
    expect(painRow.participantsText).toBe('140 (2 RCTs)');
    expect(painRow.certainty).toMatchObject({ level: 'moderate', symbols: '⊕⊕⊕◯', needsReview: true });
    expect(painRow.publishedCertainty).toEqual({ level: 'low', symbols: '⊕⊕◯◯', label: 'Low', note: 'as published' });
    // Letters continue across the table after the mortality row's footnotes.
    const first = sof.rows[0].certainty!.footnotes.length;
    const letters = 'abcdefghijklmnop';
    expect(painRow.certainty!.footnotes).toEqual([letters[first], letters[first + 1]]);
    const notes = sof.footnotes.filter((f) => f.outcome === 'Pain');
    expect(notes.map((f) => [f.domain, f.overridden, f.needsReview])).toEqual([
      ['indirectness', true, false],
      ['publication-bias', true, true],
    ]);
    expect(notes[0].text).toBe('Downgraded one level for indirectness: Both trials enrolled only men.');
    expect(notes[1].text).toMatch(/^Not downgraded for publication bias: Registries searched: no unpublished trials\. \(the maintainer's judgement was made on earlier data/);
    expect(sof.rows[2]).toMatchObject({ participantsText: 'No studies', certainty: null, studies: 0 });
    expect(sof.explanations.at(-1)).toBe('CI: confidence interval; OR: odds ratio; MD: mean difference.');
  });

  it('defines the four certainty levels', () => {
    expect(table.definitions.map((d) => `${d.symbols} ${d.label}`)).toEqual(['⊕⊕⊕⊕ High', '⊕⊕⊕◯ Moderate', '⊕⊕◯◯ Low', '⊕◯◯◯ Very low']);
    expect(table.definitions[0].definition).toMatch(/very confident that the true effect lies close/);
  });
});
