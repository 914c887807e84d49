// The dashboard never writes a string into the page as HTML: Vue's templates escape what they show, and the only HTML
// made from text is a chart tooltip (charts/tooltip.ts, every line escaped). Nothing else may open a way around that.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./**/*.vue', './**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sinks = /v-html|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc|new Function|\beval\(/;

describe('HTML sinks', () => {
  it('reads every component and module', () => {
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(['./pages/OutcomePage.vue', './charts/tooltip.ts', './components/EChart.vue']));
  });

  it('has none: no v-html, innerHTML, outerHTML, insertAdjacentHTML, document.write, srcdoc or eval anywhere in src', () => {
    const found = Object.entries(sources).flatMap(([file, text]) => text.split('\n').flatMap((line, i) => (sinks.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});
