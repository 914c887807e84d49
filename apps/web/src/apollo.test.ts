import { gql } from '@apollo/client/core';
import { describe, expect, it, vi } from 'vitest';
import { createCumulusApollo, credentialHeaders, webSocketUrl } from './apollo';

describe('webSocketUrl', () => {
  it('subscribes on the page’s own host, over TLS when the page is', () => {
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:4000' })).toBe('ws://localhost:4000/graphql');
    expect(webSocketUrl({ protocol: 'https:', host: 'cumulus.example.org' })).toBe('wss://cumulus.example.org/graphql');
  });
});

describe('credentialHeaders', () => {
  it('sends a stored bearer token, and no anti-forgery token beside it', () => {
    expect(credentialHeaders({}, 'mutation', 'Bearer t', 'csrf')).toEqual({ authorization: 'Bearer t' });
    // A request that brings its own authorization (the token check) keeps it.
    expect(credentialHeaders({ authorization: 'Bearer other' }, 'query', 'Bearer t', null)).toEqual({ authorization: 'Bearer other' });
  });

  it('adds the session’s anti-forgery token to mutations only', () => {
    expect(credentialHeaders({}, 'mutation', undefined, 'csrf')).toEqual({ 'x-csrf-token': 'csrf' });
    expect(credentialHeaders({}, 'query', undefined, 'csrf')).toEqual({});
    expect(credentialHeaders({}, 'mutation', undefined, null)).toEqual({});
  });
});

describe('createCumulusApollo', () => {
  it('sends a query asked for while an identical one is under way, and each gets its own answer', async () => {
    // Where the network ends: the server answers each request with the version it has when asked. (Node 20 has no
    // WebSocket; the subscriptions client only needs one to exist, it connects lazily and is not used here.)
    const answers: ((version: number) => void)[] = [];
    vi.stubGlobal('WebSocket', class {});
    vi.stubGlobal('fetch', () =>
      new Promise<Response>((resolve) => {
        answers.push((version) => resolve(new Response(JSON.stringify({ data: { review: { __typename: 'Review', id: 'r1', version } } }), { headers: { 'content-type': 'application/json' } })));
      }),
    );
    try {
      const { client, subscriptions } = createCumulusApollo({ protocol: 'http:', host: 'localhost' });
      const query = gql`
        query Review {
          review(id: "r1") {
            id
            version
          }
        }
      `;
      const first = client.query<{ review: { version: number } }>({ query, fetchPolicy: 'network-only' });
      const second = client.query<{ review: { version: number } }>({ query, fetchPolicy: 'network-only' });
      await vi.waitFor(() => expect(answers).toHaveLength(2));
      answers[0](1);
      answers[1](2);
      expect((await first).data.review.version).toBe(1);
      expect((await second).data.review.version).toBe(2);
      await subscriptions.dispose();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
