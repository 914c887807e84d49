// Sequential analysis: spending functions, group sequential boundaries (both integrations) and trial
// sequential analysis of a living review. The rpact reference cases run in conformance.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../src/errors.js';
import { medianControlRisk } from '../src/grade/absolute-effects.js';
import { requiredInformationSize } from '../src/grade/information-size.js';
import { normalUpperTail } from '../src/numeric/distributions.js';
import {
  alphaSpending,
  betaSpending,
  groupSequentialBoundaries,
  groupSequentialProbabilities,
  normalUpperQuantile,
  trialSequentialAnalysis,
  type CumulativeResult,
} from '../src/sequential/index.js';

describe('O\'Brien-Fleming-type spending (Lan & DeMets 1983)', () => {
  it('spends all of alpha at the end and little early', () => {
    expect(alphaSpending(1, 0.05)).toBe(0.05);
    // 4 (1 - Phi(z[0.9875] / sqrt(0.5))), as R: 4 * pnorm(qnorm(1 - 0.05/4) / sqrt(0.5), lower = FALSE)
    expect(alphaSpending(0.5, 0.05)).toBeCloseTo(0.0030506455159778, 14);
    expect(alphaSpending(0.1, 0.05)).toBeLessThan(1e-10);
  });

  it('increases with the information fraction', () => {
    const fractions = [0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
    const spent = fractions.map((t) => alphaSpending(t, 0.01));
    spent.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(spent[index]));
  });

  it('spends beta the same way, one-sided', () => {
    expect(betaSpending(1, 0.2)).toBe(0.2);
    // 2 (1 - Phi(z[0.9] / sqrt(0.5)))
    expect(betaSpending(0.5, 0.2)).toBeCloseTo(2 * normalUpperTail(1.2815515655446004 / Math.sqrt(0.5)), 14);
  });

  it('rejects an unknown spending function', () => {
    expect(() => alphaSpending(0.5, 0.05, 2, 'pocock' as 'obrien-fleming')).toThrow(StatsInputError);
  });
});

describe('normalUpperQuantile', () => {
  it('keeps full precision far into the tail', () => {
    expect(normalUpperQuantile(0.025)).toBeCloseTo(1.959963984540054, 14);
    // R: qnorm(1e-20, lower.tail = FALSE) = 9.262340089798409
    expect(normalUpperQuantile(1e-20)).toBeCloseTo(9.262340089798409, 12);
    expect(normalUpperTail(normalUpperQuantile(1.4e-12)) / 1.4e-12).toBeCloseTo(1, 12);
  });
});

describe('groupSequentialBoundaries', () => {
  const equallySpaced = [0.2, 0.4, 0.6, 0.8, 1];

  it('gives the published Lan-DeMets O\'Brien-Fleming boundaries for five equally spaced looks', () => {
    // Jennison & Turnbull 2000, table 7.6 / R ldbounds: 4.877, 3.357, 2.680, 2.290, 2.031
    const { criticalValues } = groupSequentialBoundaries({ informationFractions: equallySpaced, alpha: 0.05 });
    [4.8769, 3.357, 2.6803, 2.2898, 2.031].forEach((expected, index) => expect(criticalValues[index]).toBeCloseTo(expected, 3));
  });

  it('falls from look to look when the looks are evenly spaced, and ends above 1.96', () => {
    const { criticalValues } = groupSequentialBoundaries({ informationFractions: [0.1, 0.25, 0.5, 0.75, 1], alpha: 0.05 });
    const values = criticalValues as number[];
    values.slice(1).forEach((value, index) => expect(value).toBeLessThan(values[index]));
    expect(values[values.length - 1]).toBeGreaterThan(1.96);
    expect(values[values.length - 1]).toBeLessThan(2.1);
  });

  it('is 1.96 with a single look at full information', () => {
    const { criticalValues, alphaSpent } = groupSequentialBoundaries({ informationFractions: [1], alpha: 0.05 });
    expect(criticalValues[0]).toBeCloseTo(1.959963984540054, 12);
    expect(alphaSpent[0]).toBeCloseTo(0.05, 14);
  });

  it('spends exactly the alpha the spending function allows, increasing to alpha', () => {
    const fractions = [0.1492, 0.4405, 0.4457, 0.565, 0.616, 0.6187, 0.8271, 0.9153, 1];
    const { alphaSpent } = groupSequentialBoundaries({ informationFractions: fractions, alpha: 0.01 });
    fractions.forEach((t, index) => expect(alphaSpent[index] / alphaSpending(t, 0.01)).toBeCloseTo(1, 8));
    alphaSpent.slice(1).forEach((value, index) => expect(value).toBeGreaterThan(alphaSpent[index]));
  });

  it('brackets every boundary where rpact\'s coarse grid does not (looks 0.7113 and 0.7141)', () => {
    const fractions = [0.3914, 0.6227, 0.7113, 0.7141, 0.7631, 1];
    const rpact = groupSequentialBoundaries({ informationFractions: fractions, alpha: 0.01, integration: 'rpact' });
    const accurate = groupSequentialBoundaries({ informationFractions: fractions, alpha: 0.01 });
    // rpact 3.3.4 prints 2.244 at look 5; any valid boundary c has P(|Z| > c) <= alpha(t), i.e. c >= 3.213.
    const smallestValid = normalUpperQuantile(alphaSpending(0.7631, 0.01) / 2);
    expect(rpact.criticalValues[4]).toBeCloseTo(2.24416244775057, 6);
    expect(accurate.criticalValues[4]).toBeGreaterThanOrEqual(smallestValid);
    // Where looks are well apart the two integrations agree.
    expect(accurate.criticalValues[0]).toBeCloseTo(rpact.criticalValues[0] as number, 6);
    expect(accurate.criticalValues[1]).toBeCloseTo(rpact.criticalValues[1] as number, 4);
  });

  it('reports a boundary beyond 7.5 as null (no realistic Z crosses it)', () => {
    const { criticalValues, alphaSpent } = groupSequentialBoundaries({ informationFractions: [0.05, 0.5, 1], alpha: 0.05 });
    expect(criticalValues[0]).toBeNull();
    expect(alphaSpent[0]).toBeLessThan(1e-15);
    expect(criticalValues[1]).toBeCloseTo(2.9626, 3);
  });

  it('supports one-sided designs', () => {
    const { criticalValues } = groupSequentialBoundaries({ informationFractions: [0.5, 1], alpha: 0.025, sided: 1 });
    // One-sided 0.025 has the same upper boundaries as two-sided 0.05.
    const twoSided = groupSequentialBoundaries({ informationFractions: [0.5, 1], alpha: 0.05 });
    expect(criticalValues[0]).toBeCloseTo(twoSided.criticalValues[0] as number, 8);
    expect(criticalValues[1]).toBeCloseTo(twoSided.criticalValues[1] as number, 6);
  });

  it('rejects looks that do not increase or lie outside (0, 1]', () => {
    expect(() => groupSequentialBoundaries({ informationFractions: [0.5, 0.5, 1], alpha: 0.05 })).toThrow(/must increase/);
    expect(() => groupSequentialBoundaries({ informationFractions: [0.5, 1.2], alpha: 0.05 })).toThrow(StatsInputError);
    expect(() => groupSequentialBoundaries({ informationFractions: [], alpha: 0.05 })).toThrow(StatsInputError);
    expect(() => groupSequentialBoundaries({ informationFractions: [1], alpha: 1.5 })).toThrow(/alpha/);
  });
});

describe('groupSequentialProbabilities (rpact)', () => {
  it('is the normal distribution at the first look and sums to the alpha spent', () => {
    const probs = groupSequentialProbabilities([[-2.5], [2.5]], [0.5]);
    expect(probs[0][0]).toBeCloseTo(normalUpperTail(2.5), 15);
    expect(probs[2][0]).toBe(1);
    const design = groupSequentialBoundaries({ informationFractions: [0.5, 1], alpha: 0.05, integration: 'rpact' });
    const c = design.searchedCriticalValues;
    const two = groupSequentialProbabilities([c.map((value) => -value), c], [0.5, 1]);
    const crossed = two[2][0] - two[1][0] + two[0][0] + two[2][1] - two[1][1] + two[0][1];
    expect(crossed).toBeCloseTo(0.05, 7);
  });
});

/** Cumulative fixed-effect (inverse-variance) log odds ratios, 0.5 added to every cell of a study with a zero cell. */
function cumulativeLogOddsRatios(rows: { id: string; events1: number; n1: number; events2: number; n2: number }[]): CumulativeResult[] {
  let sumWeights = 0;
  let sumWeighted = 0;
  let participants = 0;
  return rows.map((row) => {
    let cells = [row.events1, row.n1 - row.events1, row.events2, row.n2 - row.events2];
    if (cells.includes(0)) cells = cells.map((cell) => cell + 0.5);
    const [a, b, c, d] = cells;
    const yi = Math.log((a * d) / (b * c));
    const vi = 1 / a + 1 / b + 1 / c + 1 / d;
    sumWeights += 1 / vi;
    sumWeighted += yi / vi;
    participants += row.n1 + row.n2;
    return { id: row.id, estimate: sumWeighted / sumWeights, se: Math.sqrt(1 / sumWeights), participants };
  });
}

describe('trialSequentialAnalysis: intravenous magnesium after myocardial infarction', () => {
  const csv = readFileSync(join(import.meta.dirname, '../../demo/data/magnesium-mi.csv'), 'utf8');
  const rows = csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.replaceAll('"', '').split(','))
    .map(([trial, year, events1, n1, events2, n2]) => ({ id: `${trial} ${year}`, events1: +events1, n1: +n1, events2: +events2, n2: +n2 }));
  const cumulative = cumulativeLogOddsRatios(rows);
  const controlRisk = medianControlRisk(rows);
  const informationSize = (relativeRiskReduction: number): number =>
    requiredInformationSize({ outcome: 'binary', controlRisk, relativeRiskReduction, alpha: 0.05, beta: 0.2 }).participants;
  const throughLimit2 = cumulative.slice(0, 14);

  it('computes the cumulative Z the way a reader would by hand', () => {
    expect(throughLimit2[13].id).toBe('LIMIT-2 1992');
    const analysis = trialSequentialAnalysis(throughLimit2, { requiredInformationSize: informationSize(0.1) });
    expect(analysis.looks[13].z).toBeCloseTo(throughLimit2[13].estimate / throughLimit2[13].se, 12);
    expect(analysis.looks[13].z).toBeLessThan(-4);
  });

  it('by 1992 the trials were conventionally significant but not yet conclusive for a 10% relative risk reduction', () => {
    const analysis = trialSequentialAnalysis(throughLimit2, { requiredInformationSize: informationSize(0.1) });
    expect(analysis.verdict).toBe('not-yet-conclusive');
    expect(analysis.reason).toMatch(/conventional 1\.96/);
    const latest = analysis.looks[13];
    expect(latest.crossedBoundary).toBe(false);
    expect(Math.abs(latest.z)).toBeLessThan(latest.boundary as number);
    // The TSA-adjusted CI is the estimate ± the boundary × SE: wider than the conventional 95% CI, and it includes no effect.
    const ci = analysis.adjustedCi!;
    expect(ci.lower).toBeCloseTo(throughLimit2[13].estimate - latest.boundary! * throughLimit2[13].se, 12);
    expect(ci.upper).toBeGreaterThan(0);
  });

  it('an optimistic 25% reduction would have declared firm evidence by 1992, which ISIS-4 then overturned', () => {
    const optimistic = informationSize(0.25);
    expect(trialSequentialAnalysis(throughLimit2, { requiredInformationSize: optimistic }).verdict).toBe('firm-evidence-of-effect');
    const afterIsis = trialSequentialAnalysis(cumulative, { requiredInformationSize: optimistic });
    expect(afterIsis.verdict).toBe('firm-evidence-of-no-effect');
    expect(afterIsis.reason).toMatch(/required information size has been reached/);
    expect(afterIsis.reason).toMatch(/later trials brought the cumulative Z back inside/);
  });

  it('after ISIS-4 the information size is reached without crossing: firm evidence of no effect', () => {
    const analysis = trialSequentialAnalysis(cumulative, { requiredInformationSize: informationSize(0.1) });
    const latest = analysis.looks[analysis.looks.length - 1];
    expect(latest.informationFraction).toBeGreaterThan(1);
    expect(latest.boundary).toBeCloseTo(analysis.finalBoundary, 12);
    expect(analysis.verdict).toBe('firm-evidence-of-no-effect');
  });
}, 20000);

describe('trialSequentialAnalysis: constructed sequences', () => {
  /** Looks at the given participants with a constant true effect: Z grows with the square root of information. */
  const sequence = (participants: number[], estimate: number, sePerSqrtParticipant: number): CumulativeResult[] =>
    participants.map((n, index) => ({ id: `trial ${index + 1}`, estimate, se: sePerSqrtParticipant / Math.sqrt(n), participants: n }));

  it('a large effect crosses the boundary: firm evidence of an effect', () => {
    const analysis = trialSequentialAnalysis(sequence([200, 400, 600], -0.5, 4), { requiredInformationSize: 1000 });
    // Z = -0.5 / (4 / sqrt(600)) = -3.06 at 60%: beyond the boundary there (2.68, as with five even looks)
    expect(analysis.looks[2].z).toBeCloseTo(-0.5 / (4 / Math.sqrt(600)), 12);
    expect(analysis.verdict).toBe('firm-evidence-of-effect');
    expect(analysis.looks[2].crossedBoundary).toBe(true);
  });

  it('Z near zero late in the information size falls inside the futility wedge', () => {
    const analysis = trialSequentialAnalysis(sequence([300, 600, 800], 0.01, 4), { requiredInformationSize: 1000 });
    const latest = analysis.looks[2];
    expect(latest.futilityBoundary).not.toBeNull();
    expect(Math.abs(latest.z)).toBeLessThan(latest.futilityBoundary as number);
    expect(analysis.verdict).toBe('firm-evidence-of-no-effect');
    expect(analysis.reason).toMatch(/futility wedge/);
  });

  it('a modest early effect is not yet conclusive', () => {
    const analysis = trialSequentialAnalysis(sequence([100, 200], -0.4, 4), { requiredInformationSize: 1000 });
    expect(analysis.verdict).toBe('not-yet-conclusive');
  });

  it('the wedge closes on the boundary at the required information size, with the drift of a fixed trial when there is one look', () => {
    const analysis = trialSequentialAnalysis(sequence([1000], 0.05, 4), { requiredInformationSize: 1000 });
    // One look at t = 1: P(|Z + drift| < 1.96) = beta, so drift = z[0.975] + z[0.8] less the far tail.
    expect(analysis.drift).toBeCloseTo(1.959963984540054 + 0.8416212335729143, 4);
    expect(analysis.looks[0].futilityBoundary).toBeCloseTo(analysis.looks[0].boundary as number, 12);
    // With interim looks the drift must be larger: repeated looks cost power.
    const interim = trialSequentialAnalysis(sequence([300, 600], 0.05, 4), { requiredInformationSize: 1000 });
    expect(interim.drift).toBeGreaterThan(analysis.drift);
  });

  it('looks past the required information size keep the final boundary', () => {
    const analysis = trialSequentialAnalysis(sequence([500, 1200, 1500], -0.1, 4), { requiredInformationSize: 1000 });
    expect(analysis.looks[1].informationFraction).toBeCloseTo(1.2, 12);
    expect(analysis.looks[2].boundary).toBe(analysis.looks[1].boundary);
    expect(analysis.looks[1].alphaSpent).toBeCloseTo(0.05, 10);
  });

  it('rejects results a user must correct', () => {
    const looks = sequence([200, 400], -0.2, 4);
    expect(() => trialSequentialAnalysis([looks[1], looks[0]], { requiredInformationSize: 1000 })).toThrow(/must grow/);
    expect(() => trialSequentialAnalysis([{ ...looks[0], se: 0 }], { requiredInformationSize: 1000 })).toThrow(StatsInputError);
    expect(() => trialSequentialAnalysis(looks, { requiredInformationSize: 0 })).toThrow(/required information size/);
    expect(() => trialSequentialAnalysis([], { requiredInformationSize: 1000 })).toThrow(StatsInputError);
  });
});
