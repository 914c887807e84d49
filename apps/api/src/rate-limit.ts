// Anonymous clients get a request budget per IP address (in memory: each instance counts its own clients).
import type { Plugin } from 'graphql-yoga';

export interface RateLimitOptions {
  /** Requests an anonymous client may make per window. */
  limit: number;
  windowMs: number;
}

export function useAnonymousRateLimit(options: RateLimitOptions): Plugin {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = Date.now();
  return {
    onRequest({ request, serverContext, endResponse, fetchAPI }) {
      if (request.headers.get('authorization')) return;
      const now = Date.now();
      if (now - lastSweep > options.windowMs) {
        for (const [key, window] of windows) if (now - window.start >= options.windowMs) windows.delete(key);
        lastSweep = now;
      }
      const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket;
      const key = socket?.remoteAddress ?? request.headers.get('x-forwarded-for') ?? 'in-process';
      let window = windows.get(key);
      if (!window || now - window.start >= options.windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > options.limit) {
        const retryAfter = Math.ceil((window.start + options.windowMs - now) / 1000);
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message: `Too many requests without a token: ${options.limit} per ${options.windowMs / 1000} s. Retry after ${retryAfter} s, or send a token.`, extensions: { code: 'RATE_LIMITED' } }] }),
            { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter) } },
          ),
        );
      }
    },
  };
}
