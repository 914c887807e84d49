import { describe, expect, it } from 'vitest';
import { highlightSegments, termsOf } from './highlight';

const marked = (segments: ReturnType<typeof highlightSegments>) => segments.filter((s) => s.term).map((s) => `${s.term}:${s.text}`);

describe('highlightSegments', () => {
  it('marks inclusion and exclusion terms ignoring case, and keeps every character of the text in order', () => {
    const text = 'Mesenchymal stem cells in Systemic Sclerosis: a mouse model and a randomised trial';
    const segments = highlightSegments(text, ['systemic sclerosis', 'random', 'stem cell'], ['mouse']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(marked(segments)).toEqual(['inclusion:stem cell', 'inclusion:Systemic Sclerosis', 'exclusion:mouse', 'inclusion:random']);
  });

  it('matches from the start of a word only', () => {
    expect(marked(highlightSegments('a cohort of the random and a pseudorandom sample', ['random'], []))).toEqual(['inclusion:random']);
  });

  it('prefers the longest term where terms overlap, and inclusion when the same term is in both lists', () => {
    expect(marked(highlightSegments('systemic sclerosis', ['systemic sclerosis'], ['systemic']))).toEqual(['inclusion:systemic sclerosis']);
    expect(marked(highlightSegments('Trial in mice', ['trial'], ['TRIAL', 'mice']))).toEqual(['inclusion:Trial', 'exclusion:mice']);
  });

  it('takes terms as text, not as patterns', () => {
    const text = 'IL-6 (interleukin) and a.b';
    expect(marked(highlightSegments(text, ['(interleukin)', 'a.b'], []))).toEqual(['inclusion:(interleukin)', 'inclusion:a.b']);
    expect(marked(highlightSegments('axb', ['a.b'], []))).toEqual([]);
  });

  it('gives the whole text as one segment without terms, and nothing for no text', () => {
    expect(highlightSegments('<b>not markup</b>', [], [' '])).toEqual([{ text: '<b>not markup</b>', term: null }]);
    expect(highlightSegments('', ['a'], [])).toEqual([]);
  });
});

describe('termsOf', () => {
  it('reads terms one a line or separated by commas and semicolons, without blanks or repeats', () => {
    expect(termsOf('stem cell, MSC;\n systemic sclerosis\n\nmsc')).toEqual(['stem cell', 'MSC', 'systemic sclerosis']);
  });
});
