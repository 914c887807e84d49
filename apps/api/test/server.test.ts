// The HTTP surface: the dashboard's static files beside /graphql, query limits, and the anonymous rate limit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { testApp, testDatabase, type TestApp } from './helpers.js';

describe('the HTTP server', () => {
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;
  const web = mkdtempSync(join(tmpdir(), 'cumulus-web-'));

  beforeAll(async () => {
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Cumulus</title>');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'assets', 'index-abcdef12.js'), 'console.log(1)');
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database, { app: { anonymousRateLimit: { limit: 5, windowMs: 60_000 } } });
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1', webDirectory: web });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the dashboard at /, its assets, and index.html for client routes', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<title>Cumulus</title>');
    const asset = await fetch(`${server.url}/assets/index-abcdef12.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const route = await fetch(`${server.url}/outcomes/some-outcome-id`);
    expect(await route.text()).toContain('<title>Cumulus</title>');
    const escape = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).toContain('<title>Cumulus</title>');
  });

  it('refuses queries deeper or costlier than the limits, as GraphQL errors', async () => {
    const deep = `{ reviews { ${'outcomes { review { '.repeat(7)} id ${'} } '.repeat(7)} } }`;
    const result = await app.gql(deep);
    expect(result.errors?.[0].message).toMatch(/depth/i);
    const wide = `{ reviews { ${Array.from({ length: 400 }, (_, i) => `a${i}: outcomes { analysis { studies { label estimate } } }`).join(' ')} } }`;
    // Now refused before it is parsed whole (5,204 tokens); within the token limit, the cost speaks.
    expect((await app.gql(wide)).errors?.[0].message).toMatch(/token limit/i);
    const costly = `{ reviewsConnection(first: 500) { edges { node { outcomes { analysis { studies { label estimate } } } } } } }`;
    expect((await app.gql(costly)).errors?.[0].message).toMatch(/cost/i);
  });

  it('limits anonymous requests per client address (a made-up token counts as none), and not requests with a token', async () => {
    const anonymous = () =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { role } }' }) });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await anonymous()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await anonymous();
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await limited.json()).errors[0].message).toMatch(/Too many requests without a token/);
    // A token that is not one does not get round the limit (over POST or GET).
    for (const made of [
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer made-up' }, body: JSON.stringify({ query: '{ viewer { role } }' }) }),
      fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { authorization: 'Bearer made-up' } }),
    ]) {
      expect((await made).status).toBe(429);
    }
    const withToken = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-admin-secret' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(await withToken.json()).toEqual({ data: { viewer: { role: 'ADMIN' } } });
  });
});
