/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Webhook URLs cannot reach private networks (SSRF): registration refuses private, loopback, link-local, …
// addresses, localhost, names that resolve to such addresses and URLs with credentials; each delivery resolves
// the name again, refuses a private answer (DNS rebinding) and connects only to the address it checked.
// Names are answered by a stand-in resolver, so no test needs the network.
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { createAddressPolicy, isPrivateAddress, pinnedLookup, type ResolveHost } from '../src/webhooks/address-policy.js';
import { dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, waitUntil, type DialectName, type TestApp } from './helpers.js';
import { startReceiver, type Receiver } from './receiver.js';

const register = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id url } secret errors { field message } } }`;
const deliveriesOf = `query($reviewId: ID!) { webhooks(reviewId: $reviewId) { id url deliveries { status attempts lastError lastStatusCode } } }`;
const PUBLIC_ONLY = 'webhooks can only be sent to public internet addresses';

/** A stand-in DNS: each name's answers, one per call (the last one repeats); unknown names do not resolve. */
function fakeResolver(answers: Record<string, string[][]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const sequence = answers[hostname];
    if (!sequence) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const seen = calls.filter((name) => name === hostname).length;
    return sequence[Math.min(seen, sequence.length) - 1].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

/** A review whose next data write makes its outcome significant, so it queues one delivery per webhook. */
async function reviewAboutToChange(app: TestApp) {
  const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'FIXED' });
  const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Trial 1', year: 2001 } })).addStudy.study;
  return {
    reviewId,
    write: (through: TestApp = app) => through.gql(mutations.recordStudyData, { input: { outcomeId, studyId: study.id, events1: 5, n1: 100, events2: 30, n2: 100 } }),
  };
}

describe('the webhook address policy', () => {
  it('counts private, loopback, link-local, unique-local, multicast, CGNAT, documentation and IPv4-mapped private addresses as private', () => {
    const privateOnes = [
      '0.0.0.0', '10.0.0.5', '10.255.255.255', '100.64.0.1', '100.127.255.255', '127.0.0.1', '127.255.255.254', '169.254.169.254',
      '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.168.1.1', '198.18.0.1', '198.19.255.255', '198.51.100.7',
      '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
      '::', '::1', '[::1]', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fc00::1', 'fd12:3456:789a::1', 'ff02::1', '2001:db8::1', '3fff::1', '100::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1',
      '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::1', '2002:7f00:1::1', '2002:c0a8:101::',
      'not-an-address',
    ];
    const publicOnes = [
      '93.184.215.14', '8.8.8.8', '1.1.1.1', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '126.255.255.255', '128.0.0.0',
      '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '198.17.255.255', '198.20.0.0', '223.255.255.255',
      '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e',
      '::ffff:8.8.8.8', '::ffff:5db8:d70e', '64:ff9b::808:808', '2002:808:808::1',
    ];
    expect(privateOnes.filter((address) => !isPrivateAddress(address))).toEqual([]);
    expect(publicOnes.filter((address) => isPrivateAddress(address))).toEqual([]);
  });

  it('refuses a name that resolves only or partly to private addresses, or not at all, and accepts literal public addresses without resolving', async () => {
    const resolve = fakeResolver({
      'public.example.com': [['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']],
      'internal.example.com': [['10.0.0.5']],
      'partly.example.com': [['93.184.215.14', 'fd00::5']],
      'empty.example.com': [[]],
    });
    const policy = createAddressPolicy({ resolve });
    expect(await policy.registrationProblem('https://public.example.com/hook')).toBeNull();
    expect(await policy.registrationProblem('https://93.184.215.14/hook')).toBeNull();
    expect(await policy.registrationProblem('https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook')).toBeNull();
    expect(await policy.registrationProblem('https://internal.example.com/hook')).toBe(`url's host internal.example.com resolves to a private address (10.0.0.5); ${PUBLIC_ONLY}`);
    expect(await policy.registrationProblem('https://partly.example.com/hook')).toBe(`url's host partly.example.com resolves to a private address (fd00::5); ${PUBLIC_ONLY}`);
    expect(await policy.registrationProblem('https://nowhere.example.com/hook')).toBe(
      "url's host nowhere.example.com does not resolve (ENOTFOUND); check the name, or register the webhook once its DNS record exists",
    );
    expect(await policy.registrationProblem('https://empty.example.com/hook')).toMatch(/does not resolve \(no addresses\)/);
    // localhost is refused by its name, before any lookup; literal addresses are never looked up.
    expect(await policy.registrationProblem('http://LOCALHOST./hook')).toBe(`url points to localhost, this server itself; ${PUBLIC_ONLY}`);
    expect(await policy.registrationProblem('http://api.localhost:3000/hook')).toBe(`url points to api.localhost, this server itself; ${PUBLIC_ONLY}`);
    expect(resolve.calls).toEqual(['public.example.com', 'internal.example.com', 'partly.example.com', 'nowhere.example.com', 'empty.example.com']);

    // A name that takes too long to resolve is refused too.
    const slow = createAddressPolicy({ resolve: () => new Promise(() => {}), resolveTimeoutMs: 50 });
    expect(await slow.registrationProblem('https://slow.example.com/hook')).toMatch(/^url's host slow.example.com does not resolve \(no answer within 0.05 s\)/);

    // Allowing private addresses (CUMULUS_WEBHOOK_ALLOW_PRIVATE=1) allows them all, without resolving; credentials stay refused.
    const open = createAddressPolicy({ allowPrivateAddresses: true, resolve });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook', 'http://internal.example.com/hook', 'http://unknown.example.com/hook']) {
      expect(await open.registrationProblem(url)).toBeNull();
    }
    expect(await open.registrationProblem('http://user:pass@127.0.0.1/hook')).toMatch(/^url must not contain a user name or password/);
    expect(resolve.calls).toHaveLength(5);
  });

  it('checks again at delivery, and pins the connection to the addresses it checked', async () => {
    const resolve = fakeResolver({ 'rebind.example.com': [['93.184.215.14'], ['93.184.215.14', '127.0.0.1']] });
    const policy = createAddressPolicy({ resolve });
    const url = new URL('https://rebind.example.com/hook');
    expect(await policy.deliveryTarget(url)).toEqual({ ok: true, addresses: [{ address: '93.184.215.14', family: 4 }] });
    expect(await policy.deliveryTarget(url)).toEqual({ ok: false, error: 'refused: rebind.example.com resolves to 127.0.0.1, a private address' });
    expect(await policy.deliveryTarget(new URL('http://169.254.169.254/latest/meta-data'))).toEqual({ ok: false, error: 'refused: 169.254.169.254 is a private address' });
    expect(await policy.deliveryTarget(new URL('http://localhost/hook'))).toEqual({ ok: false, error: 'refused: localhost is this server itself, a private address' });
    expect(await policy.deliveryTarget(new URL('http://gone.example.com/hook'))).toEqual({ ok: false, error: 'gone.example.com does not resolve (ENOTFOUND)' });

    const lookup = pinnedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const ask = (options: Parameters<typeof lookup>[1]) =>
      new Promise((resolve) => lookup('example.com', options, (error, address, family) => resolve(error ? (error.code ?? error.message) : { address, family })));
    expect(await ask({})).toEqual({ address: '93.184.215.14', family: 4 });
    expect(await ask({ family: 6 })).toEqual({ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 });
    expect(await ask({ all: true })).toEqual({
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    });
    expect(await new Promise((resolve) => pinnedLookup([{ address: '93.184.215.14', family: 4 }])('example.com', { family: 6 }, (error) => resolve(error?.code)))).toBe('ENOTFOUND');
  });

  it('reads CUMULUS_WEBHOOK_ALLOW_PRIVATE: off unless 1, and refuses other values', () => {
    expect(readConfig({}).webhookAllowPrivateAddresses).toBe(false);
    expect(readConfig({ CUMULUS_WEBHOOK_ALLOW_PRIVATE: '0' }).webhookAllowPrivateAddresses).toBe(false);
    expect(readConfig({ CUMULUS_WEBHOOK_ALLOW_PRIVATE: '1' }).webhookAllowPrivateAddresses).toBe(true);
    expect(() => readConfig({ CUMULUS_WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow("CUMULUS_WEBHOOK_ALLOW_PRIVATE must be 1 (allow) or 0 (refuse), not 'yes'");
  });
});

describe.each(await dialects('webhook addresses'))('webhook addresses on %s', (dialect: DialectName) => {
  const receivers: Receiver[] = [];
  const disposals: (() => Promise<void>)[] = [];
  const apps: TestApp[] = [];
  const resolve = fakeResolver({
    'public.example.com': [['93.184.215.14']],
    'internal.example.com': [['10.0.0.5']],
    'partly.example.com': [['93.184.215.14', '192.168.0.7']],
    // Public when registered, loopback by the time of the delivery: DNS rebinding.
    'rebind.example.com': [['93.184.215.14'], ['127.0.0.1']],
    'pinned.example.com': [['127.0.0.1']],
  });

  async function receiver() {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  }
  async function appOn(options: Parameters<typeof testApp>[1] = {}) {
    const test = await testDatabase(dialect);
    disposals.push(test.dispose);
    const app = testApp(test.database, options);
    apps.push(app);
    return app;
  }
  const deliveries = async (app: TestApp, reviewId: string) => dataOf(await app.gql(deliveriesOf, { reviewId })).webhooks as any[];

  let strict: TestApp;
  beforeAll(async () => {
    // The default: only public addresses (CUMULUS_WEBHOOK_ALLOW_PRIVATE unset).
    strict = await appOn({ webhooks: { resolve } });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await Promise.all(receivers.map((r) => r.close()));
    for (const dispose of disposals) await dispose();
  });

  it('refuses to register private, loopback and link-local addresses, localhost and credentials, saying why; accepts public addresses', async () => {
    const { reviewId } = await reviewWithOutcome(strict);
    const refusals: [string, string][] = [
      ['http://127.0.0.1:8080/hook', `url points to a private address (127.0.0.1); ${PUBLIC_ONLY}`],
      ['http://2130706433/hook', `url points to a private address (127.0.0.1); ${PUBLIC_ONLY}`],
      ['https://10.0.0.5/hook', `url points to a private address (10.0.0.5); ${PUBLIC_ONLY}`],
      ['https://192.168.1.20/hook', `url points to a private address (192.168.1.20); ${PUBLIC_ONLY}`],
      ['http://169.254.169.254/latest/meta-data', `url points to a private address (169.254.169.254); ${PUBLIC_ONLY}`],
      ['http://100.64.0.1/hook', `url points to a private address (100.64.0.1); ${PUBLIC_ONLY}`],
      ['http://[::1]:4000/hook', `url points to a private address (::1); ${PUBLIC_ONLY}`],
      ['http://[fe80::1]/hook', `url points to a private address (fe80::1); ${PUBLIC_ONLY}`],
      ['http://[fd00::1]/hook', `url points to a private address (fd00::1); ${PUBLIC_ONLY}`],
      ['http://[::ffff:127.0.0.1]/hook', `url points to a private address (::ffff:7f00:1); ${PUBLIC_ONLY}`],
      ['http://localhost:4000/hook', `url points to localhost, this server itself; ${PUBLIC_ONLY}`],
      ['http://hooks.localhost/hook', `url points to hooks.localhost, this server itself; ${PUBLIC_ONLY}`],
      ['https://internal.example.com/hook', `url's host internal.example.com resolves to a private address (10.0.0.5); ${PUBLIC_ONLY}`],
      ['https://partly.example.com/hook', `url's host partly.example.com resolves to a private address (192.168.0.7); ${PUBLIC_ONLY}`],
      ['https://nowhere.example.com/hook', "url's host nowhere.example.com does not resolve (ENOTFOUND); check the name, or register the webhook once its DNS record exists"],
      ['https://user:secret@public.example.com/hook', 'url must not contain a user name or password; receivers can check that a delivery is genuine with its signature (the webhook secret)'],
    ];
    for (const [url, message] of refusals) {
      const refused = dataOf(await strict.gql(register, { input: { reviewId, url } })).registerWebhook;
      expect({ url, ...refused }).toEqual({ url, webhook: null, secret: null, errors: [{ field: ['input', 'url'], message }] });
    }
    expect(await deliveries(strict, reviewId)).toEqual([]);

    // A public literal needs no lookup; a name resolving only to public addresses is fine.
    const calls = resolve.calls.length;
    const literal = dataOf(await strict.gql(register, { input: { reviewId, url: 'https://93.184.215.14/hook' } })).registerWebhook;
    expect(literal).toMatchObject({ webhook: { url: 'https://93.184.215.14/hook' }, errors: [] });
    expect(resolve.calls.length).toBe(calls);
    const named = dataOf(await strict.gql(register, { input: { reviewId, url: 'https://public.example.com/hook' } })).registerWebhook;
    expect(named).toMatchObject({ webhook: { url: 'https://public.example.com/hook' }, errors: [] });
  });

  it('refuses a delivery when the name has come to resolve to loopback since registration (DNS rebinding): recorded as failed, nothing sent', async () => {
    const hook = await receiver();
    const port = new URL(hook.url).port;
    const { reviewId, write } = await reviewAboutToChange(strict);
    const url = `http://rebind.example.com:${port}/hook`;
    expect(dataOf(await strict.gql(register, { input: { reviewId, url } })).registerWebhook.errors).toEqual([]);
    expect(dataOf(await write()).recordStudyData.errors).toEqual([]);
    const [webhook] = await waitUntil(() => deliveries(strict, reviewId), (hooks) => hooks[0].deliveries[0]?.status === 'FAILED');
    // Refused at every attempt, with the usual retries, then given up.
    expect(webhook.deliveries[0]).toEqual({ status: 'FAILED', attempts: 5, lastStatusCode: null, lastError: 'refused: rebind.example.com resolves to 127.0.0.1, a private address' });
    expect(hook.received).toEqual([]);
  });

  it('refuses a delivery to a loopback receiver registered while private addresses were allowed, once they are not', async () => {
    const hook = await receiver();
    const open = await appOn({ webhooks: { allowPrivateAddresses: true } });
    const { reviewId, write } = await reviewAboutToChange(open);
    expect(dataOf(await open.gql(register, { input: { reviewId, url: hook.url } })).registerWebhook.errors).toEqual([]);
    // The same database, now served by an instance that allows public addresses only.
    await open.close();
    apps.splice(apps.indexOf(open), 1);
    const closed = testApp(open.database);
    apps.push(closed);
    expect(dataOf(await write(closed)).recordStudyData.errors).toEqual([]);
    const [webhook] = await waitUntil(() => deliveries(closed, reviewId), (hooks) => hooks[0].deliveries[0]?.status === 'FAILED');
    expect(webhook.deliveries[0]).toEqual({ status: 'FAILED', attempts: 5, lastStatusCode: null, lastError: 'refused: 127.0.0.1 is a private address' });
    expect(hook.received).toEqual([]);
  });

  it('connects to the address it resolved and checked, naming the host in the Host header', async () => {
    const hook = await receiver();
    const port = new URL(hook.url).port;
    // pinned.example.com exists only in the stand-in resolver: the delivery can reach the receiver only through the checked answer.
    const open = await appOn({ webhooks: { allowPrivateAddresses: true, resolve } });
    const { reviewId, write } = await reviewAboutToChange(open);
    expect(dataOf(await open.gql(register, { input: { reviewId, url: `http://pinned.example.com:${port}/hook` } })).registerWebhook.errors).toEqual([]);
    expect(dataOf(await write()).recordStudyData.errors).toEqual([]);
    const [request] = await hook.waitFor(1);
    expect(request.headers.host).toBe(`pinned.example.com:${port}`);
    expect(request.headers['cumulus-event']).toBe('conclusion.changed');
    const [webhook] = await waitUntil(() => deliveries(open, reviewId), (hooks) => hooks[0].deliveries[0]?.status === 'DELIVERED');
    expect(webhook.deliveries[0]).toEqual({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null });
  });
});
