import { describe, expect, it } from 'vitest';
import { forestPlotOption, defaultFavours } from './forest-plot-option';
import { chartToSvg } from './svg-export';
import { bcgPooled, bcgStudies } from './test-data';

describe('chartToSvg', () => {
  it('draws the BCG forest plot as a standalone SVG with every study and the pooled result', () => {
    const forest = forestPlotOption({ ...bcgPooled, studies: bcgStudies }, defaultFavours('OR'));
    const svg = chartToSvg(forest.option, 900, forest.height);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain(`height="${forest.height}"`);
    for (const study of bcgStudies) expect(svg).toContain(study.label.replace(/&/g, '&amp;'));
    expect(svg).toContain('0.47 [0.33, 0.68]');
  });
});
