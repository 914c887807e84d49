import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './apollo';

describe('webSocketUrl', () => {
  it('subscribes on the page’s own host, over TLS when the page is', () => {
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:4000' })).toBe('ws://localhost:4000/graphql');
    expect(webSocketUrl({ protocol: 'https:', host: 'cumulus.example.org' })).toBe('wss://cumulus.example.org/graphql');
  });
});
