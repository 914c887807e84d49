import { describe, expect, it } from 'vitest';
import { credentialHeaders, webSocketUrl } from './apollo';

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
