import { describe, expect, it } from 'vitest';
import { mergeQueue, studyLabelOf } from './screening-queue';

const r = (id: string) => ({ id });

describe('mergeQueue', () => {
  it('keeps the record on screen first and takes the rest in the server’s order', () => {
    expect(mergeQueue(r('b'), [r('a'), r('b'), r('c')], new Set()).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('drops the records voted on here while the refetch was under way', () => {
    expect(mergeQueue(r('c'), [r('a'), r('b'), r('c'), r('d')], new Set(['a', 'b'])).map((x) => x.id)).toEqual(['c', 'd']);
    expect(mergeQueue(null, [r('a'), r('b')], new Set(['a'])).map((x) => x.id)).toEqual(['b']);
  });

  it('keeps the record on screen even when the server no longer lists it (the vote is refused with the reason)', () => {
    expect(mergeQueue(r('x'), [r('a')], new Set()).map((x) => x.id)).toEqual(['x', 'a']);
  });
});

describe('studyLabelOf', () => {
  it('takes the first author’s surname and the year', () => {
    expect(studyLabelOf({ authors: ['Granel, B', 'Daumas, A'], year: 2015 })).toBe('Granel 2015');
    expect(studyLabelOf({ authors: ['Del Papa N', 'Zaccara E'], year: 2019 })).toBe('Del Papa 2019');
    expect(studyLabelOf({ authors: [], year: 2020, title: 'Mesenchymal stem cells for digital ulcers' })).toBe('Mesenchymal stem cells 2020');
    expect(studyLabelOf({ authors: ['Park, J'], year: null })).toBe('Park');
  });
});
