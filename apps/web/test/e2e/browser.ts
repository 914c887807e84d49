// Chromium for the browser suites: Debian's /usr/bin/chromium, headless, and pages that collect their own errors.
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './api-server';

export const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

export const desktop = { width: 1400, height: 900 };
export const phone = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface WatchedPage extends Page {
  /** Uncaught exceptions and console errors, to assert there were none. */
  problems: string[];
}

/** A page of a browser (desktop size unless told), or of a context (the context's size unless told). */
export async function openPage(target: Browser | BrowserContext, url: string, viewport?: { width: number; height: number }): Promise<WatchedPage> {
  const page = (await ('newContext' in target ? target.newPage({ viewport: viewport ?? desktop }) : target.newPage())) as WatchedPage;
  if (!('newContext' in target) && viewport) await page.setViewportSize(viewport);
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(message.text());
  });
  await page.goto(url);
  return page;
}

/** Opens (if closed) the maintainer's section whose summary says `summary`, and returns it. */
export async function openSection(page: Page, summary: string): Promise<Locator> {
  const details = page.locator('details.maintain', { has: page.locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details;
}
