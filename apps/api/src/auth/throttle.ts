// Sign-in throttling, in memory: failed attempts per email (whether or not it has an account, so the refusal tells
// nothing) and every attempt per client address, each within a sliding window.
export interface ThrottleOptions {
  /** Failed attempts per email within the window. */
  perEmail: number;
  /** Attempts per client address within the window. */
  perAddress: number;
  windowMs: number;
}

export const defaultThrottle: ThrottleOptions = { perEmail: 5, perAddress: 30, windowMs: 15 * 60_000 };

export interface SignInThrottle {
  options: ThrottleOptions;
  /** Seconds to wait before trying again, or null; counts the attempt against the address. */
  attempt(email: string, address: string): number | null;
  failed(email: string): void;
  succeeded(email: string): void;
}

export function createSignInThrottle(options: ThrottleOptions = defaultThrottle): SignInThrottle {
  const failures = new Map<string, number[]>();
  const attempts = new Map<string, number[]>();
  const recent = (map: Map<string, number[]>, key: string, now: number) => {
    const kept = (map.get(key) ?? []).filter((at) => now - at < options.windowMs);
    if (kept.length > 0) map.set(key, kept);
    else map.delete(key);
    return kept;
  };
  const waitFor = (times: number[], limit: number, now: number) =>
    times.length >= limit ? Math.max(1, Math.ceil((times[times.length - limit] + options.windowMs - now) / 1000)) : null;
  return {
    options,
    attempt(email, address) {
      const now = Date.now();
      const byAddress = recent(attempts, address, now);
      const wait = waitFor(recent(failures, email, now), options.perEmail, now) ?? waitFor(byAddress, options.perAddress, now);
      if (wait === null) attempts.set(address, [...byAddress, now]);
      return wait;
    },
    failed(email) {
      const now = Date.now();
      failures.set(email, [...recent(failures, email, now), now]);
    },
    succeeded(email) {
      failures.delete(email);
    },
  };
}
