import { describe, expect, it } from 'vitest';
import { pageOf, pageOfRow } from './paging';

describe('pageOf', () => {
  it('shows 500 leave-one-out rows 50 at a time', () => {
    expect(pageOf(500, 0, 50)).toEqual({ page: 0, pages: 10, from: 0, to: 50 });
    expect(pageOf(500, 9, 50)).toEqual({ page: 9, pages: 10, from: 450, to: 500 });
  });

  it('keeps a short table on one page, and a page past the end on the last one', () => {
    expect(pageOf(13, 0, 50)).toEqual({ page: 0, pages: 1, from: 0, to: 13 });
    expect(pageOf(120, 7, 50)).toEqual({ page: 2, pages: 3, from: 100, to: 120 });
    expect(pageOf(0, 0, 50)).toEqual({ page: 0, pages: 1, from: 0, to: 0 });
  });

  it('finds the page of a row', () => {
    expect(pageOfRow(0, 50)).toBe(0);
    expect(pageOfRow(499, 50)).toBe(9);
    expect(pageOfRow(-1, 50)).toBe(0);
  });
});
