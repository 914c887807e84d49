// Benchmark (not a test): time to first render of an outcome page with 13, 100 and 500 studies in headless
// Chromium against the real, built API; then of the largest forest plot of a large imported review (a synthetic RevMan
// 5 file as large as the largest Cochrane review: 591 studies, 113 analyses, tooling/bench/large-revman-review.mjs;
// --no-revman to leave it out); and the gzip size of the JavaScript the dashboard ships.
//   node apps/web/bench/first-render.mjs [--sizes 13,100,500] [--runs 5] [--no-revman]
// Needs `pnpm --filter @cumulus/api build` and `pnpm --filter @cumulus/web build` first, and /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '13,100,500' }, runs: { type: 'string', default: '5' }, 'no-revman': { type: 'boolean', default: false } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const apiMain = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const webDist = fileURLToPath(new URL('../dist', import.meta.url));
const token = 'bench-admin-token';
const TARGET_MS = 1000;
const TARGET_KB = 400;

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startApi() {
  const directory = mkdtempSync(join(tmpdir(), 'cumulus-web-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, [apiMain], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: join(directory, 'bench.db'), CUMULUS_DEMO: '0', CUMULUS_ADMIN_TOKEN: token, CUMULUS_WEB_DIST: webDist, REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).ok) break;
    } catch {
      if (tries > 200) throw new Error('the API did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return { url, stop: () => (child.kill('SIGTERM'), rmSync(directory, { recursive: true, force: true })) };
}

async function graphql(url, query, variables) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  const payload = Object.values(body.data)[0];
  if (payload?.errors?.length) throw new Error(payload.errors.map((e) => e.message).join('; '));
  return payload;
}

// A fixed pseudo-random sequence, so every run draws the same studies.
function random(seed) {
  let state = seed;
  return () => ((state = (state * 1664525 + 1013904223) % 4294967296) / 4294967296);
}

/** An outcome with `k` synthetic trials (log odds ratios around -0.4 with heterogeneity), created through the API. */
async function syntheticOutcome(url, k) {
  const { review } = await graphql(url, 'mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }', {
    input: { title: `Benchmark, ${k} studies` },
  });
  const { outcome } = await graphql(url, 'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }', {
    input: { reviewId: review.id, name: `Synthetic outcome (${k} studies)`, measure: 'OR' },
  });
  const next = random(k);
  for (let i = 0; i < k; i++) {
    const { study } = await graphql(url, 'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } errors { message } } }', {
      input: { reviewId: review.id, label: `Trial ${String(i + 1).padStart(3, '0')}`, year: 1980 + Math.floor(next() * 45) },
    });
    const n = 40 + Math.floor(next() * 400);
    const control = Math.max(1, Math.floor(n * (0.1 + next() * 0.3)));
    const treated = Math.max(1, Math.min(n - 1, Math.round(control * (0.45 + next() * 0.6))));
    await graphql(url, 'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { id } errors { message } } }', {
      input: { outcomeId: outcome.id, studyId: study.id, events1: treated, n1: n, events2: control, n2: n },
    });
  }
  return outcome.id;
}

/**
 * The large synthetic RevMan review imported through the API (importRevManReview, as an administrator does), and
 * its outcome with the most data rows: the largest forest plot a real review would draw.
 */
async function largestImportedOutcome(url) {
  const { largeRevManReview } = await import(new URL('../../../tooling/bench/large-revman-review.mjs', import.meta.url).href);
  const rm5 = largeRevManReview();
  const { review } = await graphql(url, 'mutation($input: ImportRevManReviewInput!) { importRevManReview(input: $input) { review { id } errors { message } } }', {
    input: { rm5 },
  });
  const { outcomes } = await graphql(url, 'query($id: ID!) { review(id: $id) { outcomes { id name analysis { k rowCount totals } } } }', { id: review.id });
  const largest = [...outcomes].sort((a, b) => b.analysis.rowCount - a.analysis.rowCount)[0];
  return { outcomeId: largest.id, k: largest.analysis.k, rows: largest.analysis.rowCount, name: largest.name, megabytes: rm5.length / 1e6, analyses: outcomes.length };
}

// In the page: when the forest plot is on screen, and when the main thread has gone quiet after it.
const observeLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, end: e.startTime + e.duration })))).observe({ type: 'longtask', buffered: true });
};

async function measure(browser, url, outcomeId, k) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(observeLongTasks);
  await page.goto(`${url}/outcomes/${outcomeId}`, { waitUntil: 'commit' });
  await page.waitForFunction(
    (expected) => {
      const count = document.querySelector('[data-test=study-count]')?.textContent;
      // The forest plot is the first chart: a canvas, or SVG when it is taller than the screen many times over.
      const forest = document.querySelector('.chart');
      const drawn = forest && (forest.querySelector('canvas')?.width > 0 || forest.querySelector('svg path') !== null);
      return count === `${expected} studies` && drawn;
    },
    k,
    { polling: 'raf', timeout: 60_000 },
  );
  // Two frames later the forest plot has been painted.
  const firstRender = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))));
  // Interactive: no long task for 500 ms after the first render (the usual time-to-interactive quiet window).
  const interactive = await page.evaluate(
    (since) =>
      new Promise((resolve) => {
        const check = () => {
          const last = Math.max(since, ...window.__longTasks.map((t) => t.end));
          if (performance.now() - last >= 500) resolve(last);
          else setTimeout(check, 50);
        };
        check();
      }),
    firstRender,
  );
  // And it answers: a hover over the forest plot is handled within a frame.
  const box = await page.locator('.chart').first().boundingBox();
  const inputStart = Date.now();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  const inputDelay = Date.now() - inputStart;
  await context.close();
  return { firstRender, interactive, inputDelay };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

function shippedJavaScript() {
  const assets = join(webDist, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const sizes = files.map((file) => ({ file, gzip: gzipSync(readFileSync(join(assets, file)), { level: 9 }).length }));
  return { files: sizes, total: sizes.reduce((sum, f) => sum + f.gzip, 0) };
}

const api = await startApi();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const results = [];
  for (const k of sizes) {
    const started = Date.now();
    const outcomeId = await syntheticOutcome(api.url, k);
    const setup = ((Date.now() - started) / 1000).toFixed(1);
    await measure(browser, api.url, outcomeId, k); // warm-up: the API's first read of this outcome, Chromium's code cache
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await measure(browser, api.url, outcomeId, k));
    results.push({ k, setup, firstRender: median(samples.map((s) => s.firstRender)), interactive: median(samples.map((s) => s.interactive)), inputDelay: median(samples.map((s) => s.inputDelay)) });
  }
  let imported = null;
  if (!values['no-revman']) {
    const started = Date.now();
    const outcome = await largestImportedOutcome(api.url);
    const setup = ((Date.now() - started) / 1000).toFixed(1);
    await measure(browser, api.url, outcome.outcomeId, outcome.k);
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await measure(browser, api.url, outcome.outcomeId, outcome.k));
    imported = { ...outcome, setup, firstRender: median(samples.map((s) => s.firstRender)), interactive: median(samples.map((s) => s.interactive)), inputDelay: median(samples.map((s) => s.inputDelay)) };
  }
  console.log(`\nOutcome page, headless Chromium, 1400×900, median of ${runs} cold page loads (new browser context each):`);
  console.log('studies  forest plot drawn  interactive  hover handled  (created through the API in)');
  const line = (label, r) => {
    const mark = r.interactive < TARGET_MS ? 'ok' : `over the ${TARGET_MS} ms target`;
    return `${label.padStart(7)}  ${r.firstRender.toFixed(0).padStart(14)} ms  ${r.interactive.toFixed(0).padStart(8)} ms  ${String(r.inputDelay).padStart(10)} ms  (${r.setup} s)  ${mark}`;
  };
  for (const r of results) console.log(line(String(r.k), r));
  if (imported) {
    console.log(line(String(imported.k), imported));
    console.log(
      `         ^ the largest forest plot of an imported review (${imported.megabytes.toFixed(1)} MB RevMan file, ${imported.analyses} analyses): ` +
        `'${imported.name}', ${imported.rows} rows of ${imported.k} studies; imported in the time in brackets`,
    );
  }
  const js = shippedJavaScript();
  console.log(`\nJavaScript shipped (apps/web/dist/assets, gzip -9):`);
  for (const f of js.files.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${(f.gzip / 1024).toFixed(1).padStart(7)} KB  ${f.file}`);
  console.log(`  ${(js.total / 1024).toFixed(1).padStart(7)} KB  total (target < ${TARGET_KB} KB: ${js.total / 1024 < TARGET_KB ? 'ok' : 'over'})`);
} finally {
  await browser.close();
  api.stop();
}
