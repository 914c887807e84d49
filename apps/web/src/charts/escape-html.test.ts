import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html';

describe('escapeHtml', () => {
  it('writes markup a user typed as text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml("Hart & Sutherland's 1977")).toBe('Hart &amp; Sutherland&#39;s 1977');
    expect(escapeHtml(null)).toBe('');
  });
});
