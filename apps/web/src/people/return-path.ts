// Where to go after signing in: a path on this site only (`//evil.example` and `https://…` are not), else home.
export function returnPath(back: unknown, fallback = '/'): string {
  if (typeof back !== 'string' || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\')) return fallback;
  return back;
}
