// The sequential integrations against their own earlier numbers. The accurate integration now sums normal
// kernels over uniform runs without one exp per pair, solves boundaries and wedges by Newton's method and
// brackets the drift near the single-look drift; fixtures/sequential/integration-before-kernel-sums.json holds
// what the exp-per-pair recursion with Brent's method gave, and every number must stay within 1e-9. The rpact
// integration must not move at all: it repeats rpact 3.3.4 step for step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalKernelSums, type UniformRun } from '../src/sequential/normal-kernel-sums.js';
import { groupSequentialBoundaries, trialSequentialAnalysis, type CumulativeResult, type Sides } from '../src/sequential/index.js';

interface CapturedDesign {
  name: string;
  informationFractions: number[];
  alpha: number;
  sided: Sides;
  expected: { searchedCriticalValues: number[]; alphaSpent: number[] };
}

interface CapturedAnalysis {
  name: string;
  requiredInformationSize: number;
  results: CumulativeResult[];
  expected: {
    drift: number;
    finalBoundary: number;
    boundary: (number | null)[];
    futilityBoundary: (number | null)[];
    alphaSpent: number[];
    verdict: string;
  };
}

const captured = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/sequential/integration-before-kernel-sums.json'), 'utf8')) as {
  accurateDesigns: CapturedDesign[];
  rpactDesigns: CapturedDesign[];
  analyses: CapturedAnalysis[];
};

const TOLERANCE = 1e-9;

/** The largest absolute difference between two equally long lists, where null must meet null. */
function largestDifference(actual: readonly (number | null)[], expected: readonly (number | null)[]): number {
  expect(actual.length).toBe(expected.length);
  return Math.max(
    0,
    ...actual.map((value, index) => {
      const reference = expected[index];
      if (value === null || reference === null) return value === reference ? 0 : Number.POSITIVE_INFINITY;
      return Math.abs(value - reference);
    }),
  );
}

describe('accurate integration: group sequential boundaries as before', () => {
  for (const design of captured.accurateDesigns) {
    it(`${design.name} (${design.informationFractions.length} looks, alpha ${design.alpha}, ${design.sided}-sided)`, () => {
      const result = groupSequentialBoundaries({ informationFractions: design.informationFractions, alpha: design.alpha, sided: design.sided });
      expect(largestDifference(result.searchedCriticalValues, design.expected.searchedCriticalValues)).toBeLessThan(TOLERANCE);
      expect(largestDifference(result.alphaSpent, design.expected.alphaSpent)).toBeLessThan(TOLERANCE);
    });
  }
});

describe('accurate integration: trial sequential analyses as before', () => {
  for (const analysis of captured.analyses) {
    it(analysis.name, () => {
      const result = trialSequentialAnalysis(analysis.results, { requiredInformationSize: analysis.requiredInformationSize });
      const { expected } = analysis;
      expect(Math.abs(result.drift - expected.drift)).toBeLessThan(TOLERANCE);
      expect(Math.abs(result.finalBoundary - expected.finalBoundary)).toBeLessThan(TOLERANCE);
      expect(largestDifference(result.looks.map((look) => look.boundary), expected.boundary)).toBeLessThan(TOLERANCE);
      expect(largestDifference(result.looks.map((look) => look.futilityBoundary), expected.futilityBoundary)).toBeLessThan(TOLERANCE);
      expect(largestDifference(result.looks.map((look) => look.alphaSpent), expected.alphaSpent)).toBeLessThan(TOLERANCE);
      expect(result.verdict).toBe(expected.verdict);
    });
  }
});

describe('rpact integration: unchanged to the last digit', () => {
  for (const design of captured.rpactDesigns) {
    it(design.name, () => {
      const result = groupSequentialBoundaries({ ...design, integration: 'rpact' });
      expect(result.searchedCriticalValues).toEqual(design.expected.searchedCriticalValues);
      expect(result.alphaSpent).toEqual(design.expected.alphaSpent);
    });
  }
});

describe('normalKernelSums', () => {
  it('matches one exp per pair on runs of different steps, centres inside and outside the runs', () => {
    const runs: UniformRun[] = [
      { start: 0, count: 301, lower: -6.5, step: 0.02 },
      { start: 301, count: 1201, lower: 0.25, step: 0.005 },
    ];
    const x: number[] = [];
    const weights = new Float64Array(1502);
    for (const run of runs) {
      for (let i = 0; i < run.count; i++) {
        x.push(run.lower + i * run.step);
        weights[run.start + i] = Math.exp(-0.5 * x[run.start + i] ** 2) * (1 + 0.3 * Math.sin(7 * x[run.start + i]));
      }
    }
    const xScale = Math.sqrt(0.4);
    const width = Math.sqrt(0.1);
    const sum = normalKernelSums(runs, weights, xScale, width);
    for (const center of [-4.2, -3.01, -0.5, 0, 0.1517, 1.3, 2.999, 4.5]) {
      let direct = 0;
      x.forEach((value, i) => (direct += Math.exp(-0.5 * ((center - value * xScale) / width) ** 2) * weights[i]));
      expect(Math.abs(sum(center, 0, x.length) / direct - 1)).toBeLessThan(1e-13);
    }
  });
});
