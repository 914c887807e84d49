import type { CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { OutcomeVersion } from '../graphql/outcome';
import { excludesNoEffect, timelineOption } from './timeline-option';

const versions: OutcomeVersion[] = [
  { version: 3, k: 0, estimate: null, ciLower: null, ciUpper: null, pValue: null, significant: false, change: null },
  { version: 5, k: 2, estimate: 0.62, ciLower: 0.3, ciUpper: 1.28, pValue: 0.2, significant: false, change: { summary: 'added Morton 1984', action: 'recordStudyData' } },
  { version: 9, k: 3, estimate: 0.47, ciLower: 0.33, ciUpper: 0.68, pValue: 0.00006, significant: true, change: null },
];
const { option } = timelineOption({ measure: 'OR', versions });
const [intervals, estimates] = option.series as [CustomSeriesOption, LineSeriesOption];

describe('timelineOption', () => {
  it('plots the estimate at every version that has one, significant ones filled', () => {
    const points = estimates.data as { value: number[]; itemStyle: { color: string } }[];
    expect(points.map((p) => p.value)).toEqual([
      [5, 0.62],
      [9, 0.47],
    ]);
    expect(points[0].itemStyle.color).toBe('#ffffff');
    expect(points[1].itemStyle.color).not.toBe('#ffffff');
  });

  it('draws each version’s 95% CI on a log axis with the line of no effect at 1', () => {
    const api = { coord: ([version, value]: number[]) => [version * 10, Math.round(Math.log10(value) * 100)] };
    const drawn = (intervals.renderItem as unknown as (p: unknown, a: unknown) => { type: string; shape: { pathData: string } })({}, api);
    // Per version: the CI from lower to upper, then a cap at each end.
    expect(drawn.shape.pathData).toBe('M50 -52L50 11M46 -52L54 -52M46 11L54 11M90 -48L90 -17M86 -48L94 -48M86 -17L94 -17');
    expect(option.yAxis).toMatchObject({ type: 'log', min: 0.2, max: 5 });
    expect((estimates.markLine!.data as { yAxis: number }[])[0].yAxis).toBe(1);
  });

  it('says what changed in the tooltip', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ dataIndex: 0 })).toBe('Version 5 · 2 studies<br/>0.62 [0.30, 1.28] · P = 0.20<br/>added Morton 1984');
  });
});

describe('timelineOption with conclusion changes', () => {
  const marked = timelineOption({ measure: 'OR', versions, conclusionMarks: [{ version: 9, label: 'significance, certainty' }] }).option;
  const line = (marked.series as [CustomSeriesOption, LineSeriesOption])[1];

  it('marks the version where a conclusion changed with a named line', () => {
    const marks = line.markLine!.data as { xAxis?: number; label?: { formatter?: () => string } }[];
    expect(marks.filter((m) => m.xAxis !== undefined).map((m) => [m.xAxis, m.label?.formatter?.()])).toEqual([[9, 'significance, certainty']]);
    expect(estimates.markLine!.data).toHaveLength(1);
  });

  it('says so in the tooltip of that version', () => {
    const tooltip = marked.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ dataIndex: 1 })).toBe('Version 9 · 3 studies<br/>0.47 [0.33, 0.68] · P &lt; 0.001<br/>Conclusion changed: significance, certainty');
  });
});

describe('excludesNoEffect', () => {
  it('agrees with the API: the CI leaves out 1 for ratios and 0 for differences', () => {
    expect(excludesNoEffect({ ciLower: 0.33, ciUpper: 0.68 }, 'OR')).toBe(true);
    expect(excludesNoEffect({ ciLower: 0.3, ciUpper: 1.28 }, 'OR')).toBe(false);
    expect(excludesNoEffect({ ciLower: 2.19, ciUpper: 6.02 }, 'MC')).toBe(true);
    expect(excludesNoEffect({ ciLower: -0.22, ciUpper: 13.62 }, 'MC')).toBe(false);
    expect(excludesNoEffect({ ciLower: null, ciUpper: null }, 'MD')).toBe(false);
  });
});
