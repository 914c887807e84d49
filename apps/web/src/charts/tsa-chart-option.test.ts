import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { SequentialLook } from '../graphql/outcome';
import { CONVENTIONAL_Z, sequentialVerdictLabel, tsaChartOption } from './tsa-chart-option';

const look = (studyId: string, participants: number, z: number, boundary: number | null, futilityBoundary: number | null, ris = 5443): SequentialLook => ({
  studyId,
  participants,
  informationFraction: participants / ris,
  z,
  boundary,
  futilityBoundary,
  crossedBoundary: boundary !== null && Math.abs(z) >= boundary,
  insideFutilityWedge: false,
});

// Intravenous magnesium (API at version 34): RIS 5443 for a 20% relative risk reduction; the boundary is
// crossed at 1718 participants, then ISIS-4 (62607) brings Z back to 0.48 inside the wedge.
const looks = [
  look('morton', 76, -0.67, null, null),
  look('rasmussen', 346, -2.63, null, null),
  look('smith', 746, -3.06, 5.94, 0.0013),
  look('ceremuzynski', 1718, -4.13, 3.86, 0.038),
  look('limit2', 4342, -4.34, 2.26, 1.59),
  look('isis4', 62607, 0.48, 2.04, 2.04),
];
const sequential = { requiredInformationSize: 5443, finalBoundary: 2.04, looks };
const { option, height } = tsaChartOption({ sequential, labels: new Map([['isis4', 'ISIS-4 1995']]) });
const series = option.series as LineSeriesOption[];
const byId = (id: string) => series.find((s) => s.id === id)!;

describe('tsaChartOption', () => {
  it('draws the cumulative Z-curve from the origin through every look, by participants', () => {
    expect(byId('z-curve').data).toEqual([[0, 0], [76, -0.67], [346, -2.63], [746, -3.06], [1718, -4.13], [4342, -4.34], [62607, 0.48]]);
    expect(height).toBeGreaterThan(200);
  });

  it('marks the conventional ±1.96 lines and the required information size', () => {
    const marks = byId('z-curve').markLine!.data as { yAxis?: number; xAxis?: number; label?: { formatter?: string } }[];
    expect(marks.filter((m) => m.yAxis !== undefined && m.yAxis !== 0).map((m) => m.yAxis)).toEqual([CONVENTIONAL_Z, -CONVENTIONAL_Z]);
    const ris = marks.find((m) => m.xAxis !== undefined)!;
    expect(ris.xAxis).toBe(5443);
    expect(ris.label?.formatter).toBe('RIS 5,443');
  });

  it('draws the monitoring boundaries where they are finite, symmetric, reaching the final boundary at the RIS', () => {
    expect(byId('monitoring-upper').data).toEqual([[746, 5.94], [1718, 3.86], [4342, 2.26], [5443, 2.04], [62607, 2.04]]);
    expect(byId('monitoring-lower').data).toEqual([[746, -5.94], [1718, -3.86], [4342, -2.26], [5443, -2.04], [62607, -2.04]]);
  });

  it('closes the futility wedge at the RIS', () => {
    expect(byId('futility-upper').data).toEqual([[746, 0.0013], [1718, 0.038], [4342, 1.59], [5443, 2.04]]);
    expect((byId('futility-lower').data as number[][]).at(-1)).toEqual([5443, -2.04]);
  });

  it('keeps the axes around every line, capping boundaries that run off the plot', () => {
    expect(option.yAxis).toMatchObject({ min: -7, max: 7 });
    expect(option.xAxis).toMatchObject({ min: 0, max: Math.ceil(62607 * 1.05) });
    const early = tsaChartOption({ sequential: { requiredInformationSize: 10000, finalBoundary: 2.1, looks: [look('a', 200, 1.2, 25, 0.001, 10000)] } });
    const upper = (early.option.series as LineSeriesOption[]).find((s) => s.id === 'monitoring-upper')!;
    expect(upper.data).toEqual([[200, 8], [10000, 2.1]]);
    expect(early.option.xAxis).toMatchObject({ max: 10500 });
  });

  it("names each look in the tooltip with its share of the RIS", () => {
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ dataIndex: 6 })).toBe('ISIS-4 1995<br/>62,607 participants (1150% of the RIS)<br/>Z = 0.48 · boundary ±2.04');
    expect(formatter({ dataIndex: 0 })).toBe('');
  });

  it('words the verdicts', () => {
    expect(sequentialVerdictLabel('FIRM_EVIDENCE_OF_NO_EFFECT')).toBe('Firm evidence of no effect as large as assumed');
    expect(sequentialVerdictLabel('NOT_YET_CONCLUSIVE')).toBe('Not yet conclusive');
  });
});
