// Downloads in Chromium: every chart as PNG and SVG, the tables as CSV, from the keyboard; the outcome page
// at desktop and phone widths.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, demoReview, startApi, type RunningApi } from './api-server';
import { artifacts, launchChromium, openPage, phone } from './browser';

const skipReason = browserSuiteSkipReason();

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

describe.skipIf(skipReason !== null)('downloads in Chromium', { timeout: 60_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let bcg: { outcomeId: string; reviewId: string };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    bcg = await demoReview(api, 'BCG');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('saves each chart as PNG and SVG, and the forest and leave-one-out tables as CSV', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    const page = await openPage(context, `${api.url}/outcomes/${bcg.outcomeId}`);
    await page.locator('canvas').first().waitFor();
    const charts = await page.locator('.chart').count();
    expect(charts).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-test=download-png]').count()).toBe(charts);
    expect(await page.locator('[data-test=download-svg]').count()).toBe(charts);

    const png = await download(page, () => page.locator('[data-test=download-png]').first().click());
    expect(png.name).toBe('tuberculosis-forest.png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    // Twice the screen's pixels, for print.
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(2 * 1000);

    const svg = await download(page, () => page.locator('[data-test=download-svg]').first().click());
    expect(svg.name).toBe('tuberculosis-forest.svg');
    const svgText = svg.bytes.toString();
    expect(svgText).toMatch(/^<svg/);
    expect(svgText).toContain('Aronson 1948');
    expect(svgText).toContain('0.47 [0.33, 0.68]');

    const names: string[] = [];
    for (let index = 1; index < charts; index++) {
      const file = await download(page, () => page.locator('[data-test=download-svg]').nth(index).click());
      expect(file.bytes.toString()).toMatch(/^<svg/);
      names.push(file.name);
    }
    expect(names).toEqual(expect.arrayContaining(['funnel', 'cumulative', 'timeline', 'tsa'].map((name) => `tuberculosis-${name}.svg`)));

    const forest = await download(page, () => page.locator('[data-test=download-csv]', { hasText: 'Forest data' }).click());
    expect(forest.name).toBe('tuberculosis-forest.csv');
    const forestLines = forest.bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(forestLines[0]).toBe('Study,Year,Subgroup,Estimate (OR),CI lower,CI upper,Weight (%)');
    expect(forestLines).toHaveLength(15);

    const loo = await download(page, () => page.locator('[data-test=download-csv]', { hasText: 'Leave-one-out' }).click());
    expect(loo.name).toBe('tuberculosis-leave-one-out.csv');
    expect(loo.bytes.toString('utf8').trimEnd().split('\r\n')).toHaveLength(14);
    expect(page.problems).toEqual([]);
    await context.close();
  });

  it('reaches the download buttons from the keyboard, with a visible focus ring', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    const page = await openPage(context, `${api.url}/outcomes/${bcg.outcomeId}`);
    await page.locator('canvas').first().waitFor();
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'download-png'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('data-test') ?? '');
    }
    expect(focused).toBe('download-png');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.locator('[data-test=download-png]').first().screenshot({ path: `${artifacts}focus-ring.png` });
    const png = await download(page, () => page.keyboard.press('Enter'));
    expect(png.name).toBe('tuberculosis-forest.png');
    await context.close();
  });

  it('studies table as CSV from the review page', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    const page = await openPage(context, `${api.url}/reviews/${bcg.reviewId}`);
    await page.locator('[data-test=study-row]').first().waitFor();
    const csv = await download(page, () => page.locator('[data-test=download-csv]').click());
    expect(csv.name).toBe('bcg-vaccine-for-preventing-tuberculosis-studies.csv');
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^Study,Year,Registry,Design,Country,Participants/);
    expect(lines).toHaveLength(14);
    await context.close();
  });

  it('lays the outcome page out at 1,400 px and at phone width', async () => {
    for (const viewport of [{ width: 1400, height: 900 }, phone]) {
      const page = await openPage(browser, `${api.url}/outcomes/${bcg.outcomeId}`, viewport);
      await page.locator('canvas').first().waitFor();
      await page.waitForTimeout(400);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow at ${viewport.width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${artifacts}outcome-bcg-${viewport.width}.png`, fullPage: true });
      expect(page.problems).toEqual([]);
      await page.close();
    }
  });
});
