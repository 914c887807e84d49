// Anonymous clients get a request budget per IP address (in memory: each instance counts its own clients).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { credentialsOf, type RequestCredentials, type Viewer } from './auth/viewer.js';

export interface RateLimitOptions {
  /** Requests an anonymous client may make per window. */
  limit: number;
  windowMs: number;
}

export interface AnonymousRateLimiter {
  options: RateLimitOptions;
  /** Counts a request from `client`; returns the seconds to wait when over budget, else null. */
  take(client: string): number | null;
}

export function createAnonymousRateLimiter(options: RateLimitOptions): AnonymousRateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = Date.now();
  return {
    options,
    take(client) {
      const now = Date.now();
      if (now - lastSweep > options.windowMs) {
        for (const [key, window] of windows) if (now - window.start >= options.windowMs) windows.delete(key);
        lastSweep = now;
      }
      let window = windows.get(client);
      if (!window || now - window.start >= options.windowMs) {
        window = { start: now, count: 0 };
        windows.set(client, window);
      }
      window.count += 1;
      return window.count > options.limit ? Math.ceil((window.start + options.windowMs - now) / 1000) : null;
    },
  };
}

/** The refusal an anonymous client over its budget receives (over HTTP with Retry-After, over graphql-ws alone). */
export function rateLimitedError(limiter: AnonymousRateLimiter, retryAfter: number): GraphQLError {
  const { limit, windowMs } = limiter.options;
  return new GraphQLError(`Too many requests without a token: ${limit} per ${windowMs / 1000} s. Retry after ${retryAfter} s, or send a token.`, {
    extensions: { code: 'RATE_LIMITED', retryAfter },
  });
}

export function rateLimitedBody(limiter: AnonymousRateLimiter, retryAfter: number): string {
  return JSON.stringify({ errors: [rateLimitedError(limiter, retryAfter).toJSON()] });
}

/**
 * Counts requests from clients without a valid token (a made-up token must not get round the limit). The viewer
 * it resolves is left on the server context, so the GraphQL context does not resolve it again. Over graphql-ws each
 * operation (subscribe message) of an anonymous connection counts against the same budget of its client's address.
 */
export function useAnonymousRateLimit(limiter: AnonymousRateLimiter, resolveViewer: (credentials: RequestCredentials) => Promise<Viewer>): Plugin {
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const context = serverContext as { counted?: boolean; viewer?: Viewer } | undefined;
      // The read cache in front of Yoga has already counted this request.
      if (context?.counted) return;
      const viewer = context?.viewer ?? (await resolveViewer(credentialsOf(request.headers)));
      if (context) context.viewer = viewer;
      if (viewer.role !== 'anonymous') return;
      const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket;
      const retryAfter = limiter.take(socket?.remoteAddress ?? request.headers.get('x-forwarded-for') ?? 'in-process');
      if (retryAfter !== null) {
        endResponse(
          new fetchAPI.Response(rateLimitedBody(limiter, retryAfter), {
            status: 429,
            headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter) },
          }),
        );
      }
    },
    // graphql-ws builds a context per operation before parsing it (server.ts); HTTP requests were counted above.
    // Yoga's own context (who is asking) is built first, so the viewer is known here.
    onContextBuilding({ context }) {
      const { request, viewer, req } = context as { request?: unknown; viewer?: Viewer; req?: { socket?: { remoteAddress?: string } } };
      if (request || (viewer && viewer.role !== 'anonymous')) return;
      const retryAfter = limiter.take(req?.socket?.remoteAddress ?? 'unknown');
      if (retryAfter !== null) throw rateLimitedError(limiter, retryAfter);
    },
  };
}
