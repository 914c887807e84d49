// Risk of bias beside the evidence in Chromium against the real API: RoB 2 judgements recorded through the API drawn
// as a traffic-light table level with the forest plot's rows, the summary per domain by weight and by study (a switch),
// the analysis without the studies at high risk beside the main result, and a study label typed as markup shown as text.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forestLayout } from '../../src/charts/forest-plot-option';
import { formatEffectWithCi } from '../../src/format';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage } from './browser';

const skipReason = browserSuiteSkipReason();
const payload = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1"> Ortiz 2012';

/** The tooltips shown while a synthetic pointer sweeps the chart between two heights (page pixels; the whole box when absent). */
async function tooltipsOf(chart: Locator, band?: { top: number; bottom: number }, step = 3): Promise<{ text: string; elements: number }[]> {
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('canvas').first().waitFor();
  return chart.evaluate((box, [band, step]) => {
    const rect = box.getBoundingClientRect();
    const surface = box.querySelector('canvas') ?? box;
    const seen: { text: string; elements: number }[] = [];
    const from = band ? rect.top + band.top : rect.top + 1;
    const to = band ? rect.top + band.bottom : rect.bottom - 1;
    for (let y = from; y < to; y += step) {
      for (let x = rect.left + 1; x < rect.right - 1; x += step) {
        surface.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        const tip = [...box.querySelectorAll('div')].find((div) => div.style.zIndex === '9999999');
        if (tip && tip.style.display !== 'none' && tip.textContent && !seen.some((s) => s.text === tip.textContent)) {
          seen.push({ text: tip.textContent, elements: tip.querySelectorAll('img, svg, script, iframe').length });
        }
      }
      box.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    }
    return seen;
  }, [band, step] as const);
}

/** The band of line `line` of a forest plot (and of the traffic lights beside it), relative to the chart's box. */
const lineBand = (line: number) => ({ top: forestLayout.top + line * forestLayout.rowHeight + 3, bottom: forestLayout.top + (line + 1) * forestLayout.rowHeight - 3 });

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path()).toString() };
}

interface Summary {
  domain: string;
  levels: string[];
  unweighted: number[];
  weighted: number[];
}

describe.skipIf(skipReason !== null)('risk of bias beside the forest plot in Chromium', { timeout: 120_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let outcomeId: string;
  const labels = ['Abel 2001', 'Baker 2004', payload, 'Dunn 2015'];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: desktop });
    const reviewId = (await api.graphql<{ createReview: { review: { id: string } } }>('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } } }', { input: { title: 'Risk of bias' } }))
      .createReview.review.id;
    outcomeId = (
      await api.graphql<{ addOutcome: { outcome: { id: string } } }>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } } }', {
        input: { reviewId, name: 'Pain', measure: 'GENERIC', model: 'FIXED' },
      })
    ).addOutcome.outcome.id;
    const effects = [
      [-0.9, 0.12],
      [-0.7, 0.2],
      [-0.1, 0.15],
      [0.05, 0.2],
    ];
    const overall = ['HIGH', 'HIGH', 'LOW', 'SOME_CONCERNS'];
    for (const [i, label] of labels.entries()) {
      const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
        input: { reviewId, label, year: 2000 + i, design: 'RCT' },
      });
      const studyId = addStudy.study.id;
      await api.graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { errors { message } } }', { input: { outcomeId, studyId, yi: effects[i][0], sei: effects[i][1] } });
      const recorded = await api.graphql<{ recordQualityAssessment: { errors: unknown[] } }>(
        'mutation($input: RecordQualityAssessmentInput!) { recordQualityAssessment(input: $input) { errors { message } } }',
        { input: { studyId, riskOfBias2: { randomisation: 'LOW', deviations: overall[i], missingData: 'LOW', measurement: 'LOW', reporting: 'LOW' }, note: '<b>typed</b>' } },
      );
      expect(recorded.recordQualityAssessment.errors).toEqual([]);
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('draws the traffic lights level with the forest plot rows, each study named as text in the tooltips', async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    const forest = page.locator('.chart[aria-label^="Forest plot"]');
    const lights = page.locator('[data-test=traffic-light-rob2] .chart');
    await lights.locator('canvas').first().waitFor();
    const [forestBox, lightsBox] = [await forest.boundingBox(), await lights.boundingBox()];
    // Beside the forest plot, on the same rows: same top, same height, to its right.
    expect(lightsBox!.y).toBeCloseTo(forestBox!.y, 0);
    expect(lightsBox!.height).toBeCloseTo(forestBox!.height, 0);
    expect(lightsBox!.x).toBeGreaterThanOrEqual(forestBox!.x + forestBox!.width - 1);

    // Study i is on line i of both: hovering that line names the same study in each.
    for (const [line, label] of labels.entries()) {
      const inLights = await tooltipsOf(lights, lineBand(line));
      // (The tooltip of the line before may still be fading out as the sweep starts.)
      expect(inLights.filter((tip) => tip.text.startsWith(label))).toHaveLength(6);
      expect(inLights.every((tip) => tip.elements === 0)).toBe(true);
      const inForest = await tooltipsOf(forest, lineBand(line));
      expect(inForest.some((tip) => tip.text.startsWith(`${label}`) && /\d \[/.test(tip.text.slice(label.length)))).toBe(true);
    }
    const first = await tooltipsOf(lights, lineBand(0));
    expect(first.filter((tip) => tip.text.startsWith(labels[0])).map((tip) => tip.text.slice(labels[0].length))).toEqual([
      'Bias arising from the randomisation process: Low',
      'Bias due to deviations from intended interventions: High',
      'Bias due to missing outcome data: Low',
      'Bias in measurement of the outcome: Low',
      'Bias in selection of the reported result: Low',
      'Overall: High',
    ]);
    const legend = await page.locator('[data-test=risk-of-bias-legend-rob2]').textContent();
    expect(legend).toContain('D2 Bias due to deviations from intended interventions');
    expect(legend).toMatch(/\+ Low.*− Some concerns.*× High/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
    expect(page.problems).toEqual([]);
    await page.screenshot({ path: `${artifacts}/risk-of-bias-traffic-lights.png`, fullPage: true });

    const svg = await download(page, () => page.locator('[data-test=traffic-light-rob2] [data-test=download-svg]').click());
    expect(svg.name).toBe('pain-risk-of-bias-rob2.svg');
    expect(svg.text).toMatch(/^<svg/);
    expect(svg.text).toContain('Overall');
    const png = await download(page, () => page.locator('[data-test=traffic-light-rob2] [data-test=download-png]').click());
    expect(png.name).toBe('pain-risk-of-bias-rob2.png');
    await page.close();
  });

  it('summarises each domain by weight, and by study at the switch; shows the result without the studies at high risk', async () => {
    const { outcome } = await api.graphql<{
      outcome: { analysis: { riskOfBias: { summary: Summary[] }[]; withoutHighRiskOfBias: { estimate: number; ciLower: number; ciUpper: number } } };
    }>('query($id: ID!) { outcome(id: $id) { analysis { riskOfBias { summary { domain levels unweighted weighted } } withoutHighRiskOfBias { estimate ciLower ciUpper } } } }', { id: outcomeId });
    const overall = outcome.analysis.riskOfBias[0].summary.find((d) => d.domain === 'overall')!;
    const highWeight = (100 * overall.weighted[2]).toFixed(1);
    expect(overall.unweighted[2]).toBe(0.5);
    expect(Number(highWeight)).toBeGreaterThan(50);

    const page = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    const without = page.locator('[data-test=without-high-risk-estimate]');
    const w = outcome.analysis.withoutHighRiskOfBias;
    expect(await without.textContent()).toBe(`GENERIC ${formatEffectWithCi(w.estimate, w.ciLower, w.ciUpper)}`);
    expect(await page.locator('[data-test=without-high-risk]').textContent()).toContain(`Left out: Abel 2001; Baker 2004.`);

    const summary = page.locator('[data-test=risk-of-bias-summary-rob2]');
    expect(await summary.getAttribute('data-weighted')).toBe('true');
    const weighted = (await tooltipsOf(summary.locator('.chart'), undefined, 6)).map((tip) => tip.text);
    expect(weighted).toContain(`OverallHigh: ${highWeight}% of the weight`);
    expect(weighted).toContain('D1 Bias arising from the randomisation processLow: 100.0% of the weight');

    await page.locator('[data-test=risk-of-bias-unweighted]').check();
    await page.waitForFunction(() => document.querySelector('[data-test=risk-of-bias-summary-rob2]')?.getAttribute('data-weighted') === 'false');
    const unweighted = (await tooltipsOf(summary.locator('.chart'), undefined, 6)).map((tip) => tip.text);
    expect(unweighted).toContain('OverallHigh: 50.0% of the studies');
    expect(unweighted).toContain('OverallSome concerns: 25.0% of the studies');
    const svg = await download(page, () => summary.locator('[data-test=download-svg]').click());
    expect(svg.name).toBe('pain-risk-of-bias-summary-rob2-unweighted.svg');
    expect(svg.text).toContain('Overall');
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
