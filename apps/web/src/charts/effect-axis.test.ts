import { describe, expect, it } from 'vitest';
import { clampToAxis, effectAxisRange } from './effect-axis';

describe('effectAxisRange', () => {
  it('picks the smallest RevMan ratio scale that holds every interval', () => {
    expect(effectAxisRange('OR', [0.6, 1.5])).toEqual({ type: 'log', min: 0.5, max: 2, nullEffect: 1 });
    expect(effectAxisRange('RR', [0.33, 0.68])).toEqual({ type: 'log', min: 0.2, max: 5, nullEffect: 1 });
    expect(effectAxisRange('OR', [0.1, 10])).toMatchObject({ min: 0.1, max: 10 });
    expect(effectAxisRange('OR', [0.0688, 6.55])).toMatchObject({ min: 0.05, max: 20 });
    expect(effectAxisRange('OR', [1e-6, 0])).toMatchObject({ min: 0.001, max: 1000 });
  });

  it('is symmetric around zero for differences, at a 1-2-5 step', () => {
    expect(effectAxisRange('MD', [-0.22, 13.62])).toEqual({ type: 'value', min: -20, max: 20, nullEffect: 0 });
    expect(effectAxisRange('SMD', [-0.8, 0.3])).toMatchObject({ min: -1, max: 1 });
    expect(effectAxisRange('MD', [null, Number.NaN])).toMatchObject({ min: -1, max: 1 });
  });

  it('clamps intervals that run off the axis', () => {
    expect(clampToAxis(0.01, { min: 0.05, max: 20 })).toBe(0.05);
    expect(clampToAxis(3, { min: 0.05, max: 20 })).toBe(3);
  });
});
