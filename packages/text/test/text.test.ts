// Every rule, on the payloads that got through before: scripts in labels, formulas in CSV cells, invisible characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, escapeHtml, labelKey, plainTextProblem, toCsv } from '../src/index.js';

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml("O'Brien & Sons")).toBe('O&#39;Brien &amp; Sons');
    expect(escapeHtml(null)).toBe('');
  });

  it('leaves no character that can open a tag or end an attribute, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !/[<>"']/.test(escapeHtml(text)) && !/&(?!amp;|lt;|gt;|quot;|#39;)/.test(escapeHtml(text))));
  });
});

describe('csvCell', () => {
  it('defuses every formula start: = + - @ tab CR, full-width forms, behind spaces or invisible characters', () => {
    for (const payload of ['=1+1', '+SUM(A1)', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠A1', ' =1', '\u200b=1', '\ufeff=HYPERLINK("x")']) {
      const cell = csvCell(payload);
      expect(cell.replace(/^"/, '').startsWith("'"), `${JSON.stringify(payload)} → ${cell}`).toBe(true);
    }
  });

  it('leaves numbers and ordinary text as they are, and quotes what RFC 4180 asks', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell('Smith 2019')).toBe('Smith 2019');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['study', 'estimate'], [['=cmd', 1.5]])).toBe("study,estimate\r\n'=cmd,1.5\r\n");
  });

  it('never lets a text cell start a formula, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => !/^"?[\s\u200b-\u200f\u2060\ufeff]*[=+\-@＝＋－＠\t\r]/.test(csvCell(text))));
  });
});

describe('plainTextProblem', () => {
  it('names the control, bidirectional or invisible character and where it is', () => {
    expect(plainTextProblem('Smith\u202e9102')).toBe('contains a bidirectional control character (U+202E) at position 6; remove it');
    expect(plainTextProblem('Smith\u200b 2019')).toBe('contains an invisible (zero-width) character (U+200B) at position 6; remove it');
    expect(plainTextProblem('Smith\u0007')).toBe('contains a control character (U+0007) at position 6; remove it');
    expect(plainTextProblem('two\nlines')).toBe('contains a line break or tab at position 4; keep it on one line');
    expect(plainTextProblem('two\nlines', { multiline: true })).toBeNull();
    expect(plainTextProblem('Müller-Lüdenscheidt 2019 (hôpital)')).toBeNull();
  });
});

describe('labelKey', () => {
  it('makes labels that differ only by case, spaces or Unicode form the same', () => {
    const key = labelKey('Smith 2019');
    for (const twin of ['smith 2019', 'SMITH  2019', 'Ｓｍｉｔｈ 2019', ' Smith 2019 ']) expect(labelKey(twin)).toBe(key);
    expect(labelKey('Cafe\u0301')).toBe(labelKey('Café'));
    expect(labelKey('Smith 2019a')).not.toBe(key);
  });
});
