/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Subscribers who ask the same thing share one execution per event; different questions or identities do not;
// and leaving a subscription stops its source at once. A small schema that counts its resolver calls, served
// by the real Yoga on a real port.
import { createServer, type Server } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousViewer, type Viewer } from '../src/auth/viewer.js';
import { freePort } from '../src/free-port.js';
import { useSharedSubscriptionResults } from '../src/shared-subscription-results.js';
import { SlidingStream } from '../src/sliding-stream.js';
import { subscribeSse } from './streams.js';

type Tick = { n: number };
const listeners = new Set<(tick: Tick) => void>();
const publish = (tick: Tick) => listeners.forEach((listener) => listener(tick));
const resolved: string[] = [];
let openSources = 0;

const schema = createSchema<{ viewer: Viewer }>({
  typeDefs: /* GraphQL */ `
    type Query { ok: Boolean }
    type Tick { n: Int!, label: String!, seenBy: String! }
    type Subscription { ticks(label: String!): Tick! }
  `,
  resolvers: {
    Subscription: {
      ticks: {
        subscribe: () => {
          const listener = (tick: Tick) => stream.offer(tick);
          const stream = new SlidingStream<Tick>(100, {
            start: async () => {
              listeners.add(listener);
              openSources += 1;
            },
            end: () => {
              if (listeners.delete(listener)) openSources -= 1;
            },
          });
          return stream;
        },
        resolve: (event: Tick, args: { label: string }) => {
          resolved.push(`${args.label}:${event.n}`);
          if (event.n < 0) throw new Error(`internal detail of tick ${event.n}`);
          return { ...event, label: args.label };
        },
      },
    },
    Tick: { seenBy: (_tick: unknown, _args: unknown, context: { viewer: Viewer }) => context.viewer.name },
  },
});

const viewerOf = (authorization: string | null): Viewer =>
  authorization
    ? { ...anonymousViewer, role: 'reader', name: authorization.replace(/^Bearer /, ''), tokenId: authorization }
    : anonymousViewer;

let server: Server;
let url: string;

beforeAll(async () => {
  const yoga = createYoga({
    schema,
    logging: false,
    context: ({ request }) => ({ viewer: viewerOf(request.headers.get('authorization')) }),
    plugins: [useSharedSubscriptionResults()],
  });
  server = createServer(yoga);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const query = 'subscription($label: String!) { ticks(label: $label) { n label seenBy } }';

async function waitFor(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('shared subscription results', () => {
  it('executes once per event for subscribers with the same document, variables and identity', async () => {
    resolved.length = 0;
    const same = await Promise.all(Array.from({ length: 5 }, () => subscribeSse(url, query, { label: 'a' })));
    const otherVariables = await subscribeSse(url, query, { label: 'b' });
    const otherViewer = await subscribeSse(url, query, { label: 'a' }, 'reader-token');
    const all = [...same, otherVariables, otherViewer];
    await waitFor(() => openSources === all.length, 'every subscription to start');

    publish({ n: 1 });
    publish({ n: 2 });
    const received = await Promise.all(all.map((stream) => stream.take(2)));

    for (const events of received.slice(0, 5)) {
      expect(events.map((e: any) => e.data.ticks)).toEqual([
        { n: 1, label: 'a', seenBy: 'anonymous' },
        { n: 2, label: 'a', seenBy: 'anonymous' },
      ]);
    }
    expect(received[5].map((e: any) => e.data.ticks.label)).toEqual(['b', 'b']);
    expect(received[6].map((e: any) => e.data.ticks.seenBy)).toEqual(['reader-token', 'reader-token']);
    // Five anonymous subscribers to label a: one execution per event; label b and the reader: one each.
    expect(resolved.sort()).toEqual(['a:1', 'a:1', 'a:2', 'a:2', 'b:1', 'b:2']);
    for (const stream of all) stream.close();
    await waitFor(() => openSources === 0, 'the sources to stop');
  });

  it('sends each subscriber the answer as Yoga would have written it, errors masked, though it is serialized once', async () => {
    const streams = await Promise.all(Array.from({ length: 3 }, () => subscribeSse(url, query, { label: 'd' })));
    await waitFor(() => openSources === streams.length, 'every subscription to start');
    publish({ n: -1 });
    publish({ n: 4 });
    for (const events of await Promise.all(streams.map((stream) => stream.take(2)))) {
      expect(events[0]).toEqual({ data: null, errors: [expect.objectContaining({ message: 'Unexpected error.', path: ['ticks'] })] });
      expect(JSON.stringify(events[0])).not.toContain('internal detail');
      expect(events[1]).toEqual({ data: { ticks: { n: 4, label: 'd', seenBy: 'anonymous' } } });
    }
    for (const stream of streams) stream.close();
    await waitFor(() => openSources === 0, 'the sources to stop');
  });

  it('stops the source as soon as the subscriber leaves, without waiting for another event', async () => {
    const stream = await subscribeSse(url, query, { label: 'c' });
    await waitFor(() => openSources === 1, 'the subscription to start');
    publish({ n: 3 });
    expect((await stream.take(1))[0].data.ticks.n).toBe(3);
    stream.close();
    await waitFor(() => openSources === 0, 'the source to stop after the client left');
  });
});
