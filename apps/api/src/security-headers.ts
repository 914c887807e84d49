// The headers every response carries (README "Limits"): a Content-Security-Policy for what it is (the dashboard, a
// downloaded HTML document, or API data), and the usual others. Set by the server for every route (server.ts).
import type { ServerResponse } from 'node:http';

export type ContentKind = 'dashboard' | 'document' | 'api';

const contentSecurityPolicies: Record<ContentKind, string> = {
  // The built dashboard: its own scripts only; inline styles for Vue's style bindings and ECharts; data: and blob: images
  // (the favicon, chart exports); graphql-ws on the same host.
  dashboard: [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; '),
  // The Summary of Findings as HTML: its inline stylesheet and nothing else, no script at all.
  document: ["default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; '),
  // JSON, CSV and event streams: nothing in them may run or load anything if a browser is led to open one.
  api: ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; '),
};

export function securityHeaders(kind: ContentKind): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicies[kind],
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/** Sets them before the response is written: whatever writes it later (Yoga, the static files) keeps them. */
export function setSecurityHeaders(res: ServerResponse, kind: ContentKind): void {
  for (const [name, value] of Object.entries(securityHeaders(kind))) res.setHeader(name, value);
}
