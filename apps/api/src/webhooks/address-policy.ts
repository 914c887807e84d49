// Where webhooks may be sent: public internet addresses only, so a webhook URL cannot be used to reach this
// server's own network (SSRF): loopback, private and link-local ranges, cloud metadata at 169.254.169.254, …
// Registration checks the URL's literal address, or every address its name resolves to; each delivery resolves
// the name again, checks again (a name can resolve to a public address at registration and a private one later:
// DNS rebinding) and connects only to the addresses it checked. CUMULUS_WEBHOOK_ALLOW_PRIVATE=1 turns the
// address check off, for development and tests whose receivers listen on 127.0.0.1.
import type { LookupAddress } from 'node:dns';
import { lookup as systemLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Special-purpose IPv4 ranges (IANA registry) that are not public internet addresses. */
const PRIVATE_IPV4: readonly (readonly [network: string, prefix: number])[] = [
  ['0.0.0.0', 8], // "this network", with the unspecified address 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with cloud metadata services at 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with the broadcast address 255.255.255.255
];

/** Special-purpose IPv6 ranges that are not public internet addresses. */
const PRIVATE_IPV6: readonly (readonly [network: string, prefix: number])[] = [
  ['::', 96], // unspecified (::), loopback (::1) and the deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation
  ['100::', 64], // discard-only
  ['2001:2::', 48], // benchmarking
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const hex16 = (high: number, low: number) => ((high << 8) | low).toString(16);

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of PRIVATE_IPV4) {
    list.addSubnet(network, prefix, 'ipv4');
    // IPv6 addresses that carry an IPv4 address reach it: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
    // and 6to4 (2002:aabb:ccdd::). They are private when the address they carry is.
    const [a, b, c, d] = network.split('.').map(Number);
    const embedded = `${hex16(a, b)}:${hex16(c, d)}`;
    list.addSubnet(`::ffff:${embedded}`, 96 + prefix, 'ipv6');
    list.addSubnet(`64:ff9b::${embedded}`, 96 + prefix, 'ipv6');
    list.addSubnet(`2002:${embedded}::`, 16 + prefix, 'ipv6');
  }
  for (const [network, prefix] of PRIVATE_IPV6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const privateRanges = buildBlockList();

/** Whether an IP address is outside the public internet (anything that is not an IP address counts as private). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return true;
  return privateRanges.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761), whatever DNS says. */
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** The URL's host as a name or a bare IP address: lower case, no IPv6 brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** Resolves a name to all its addresses (the default: the system resolver, as `dns.lookup` with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

const resolveWithSystem: ResolveHost = (hostname) => systemLookup(hostname, { all: true, verbatim: true });

export interface AddressPolicyOptions {
  /** Allow private, loopback and other non-public addresses (CUMULUS_WEBHOOK_ALLOW_PRIVATE=1; default false). */
  allowPrivateAddresses?: boolean;
  /** How names are resolved (default: the system resolver). */
  resolve?: ResolveHost;
  /** How long resolving a name may take (default 5 s). */
  resolveTimeoutMs?: number;
}

/** What the policy found for a URL's host. */
export type Verdict =
  | { ok: true; host: string; addresses: LookupAddress[] }
  | { ok: false; kind: 'credentials' }
  | { ok: false; kind: 'localhost'; host: string }
  | { ok: false; kind: 'private-address'; host: string; address: string }
  | { ok: false; kind: 'resolves-private'; host: string; address: string }
  | { ok: false; kind: 'unresolved'; host: string; reason: string };

export interface AddressPolicy {
  readonly allowPrivateAddresses: boolean;
  /** Checks a URL: credentials, its literal address or name, and (for a name) every address it resolves to. */
  check(url: URL): Promise<Verdict>;
  /** At registration: why the URL may not be registered (for the maintainer), or null when it may. */
  registrationProblem(url: string): Promise<string | null>;
  /** At delivery: the addresses to connect to (checked, to be pinned), or why the delivery is refused. */
  deliveryTarget(url: URL): Promise<{ ok: true; addresses: LookupAddress[] } | { ok: false; error: string }>;
}

const PUBLIC_ONLY = 'webhooks can only be sent to public internet addresses';

/** The message for a maintainer registering a URL the policy refuses. */
export function registrationMessage(verdict: Exclude<Verdict, { ok: true }>): string {
  switch (verdict.kind) {
    case 'credentials':
      return 'url must not contain a user name or password; receivers can check that a delivery is genuine with its signature (the webhook secret)';
    case 'localhost':
      return `url points to ${verdict.host}, this server itself; ${PUBLIC_ONLY}`;
    case 'private-address':
      return `url points to a private address (${verdict.address}); ${PUBLIC_ONLY}`;
    case 'resolves-private':
      return `url's host ${verdict.host} resolves to a private address (${verdict.address}); ${PUBLIC_ONLY}`;
    case 'unresolved':
      return `url's host ${verdict.host} does not resolve (${verdict.reason}); check the name, or register the webhook once its DNS record exists`;
  }
}

/** The error recorded on a delivery the policy refuses (or whose host does not resolve). */
export function deliveryMessage(verdict: Exclude<Verdict, { ok: true }>): string {
  switch (verdict.kind) {
    case 'credentials':
      return 'refused: the url contains a user name or password';
    case 'localhost':
      return `refused: ${verdict.host} is this server itself, a private address`;
    case 'private-address':
      return `refused: ${verdict.address} is a private address`;
    case 'resolves-private':
      return `refused: ${verdict.host} resolves to ${verdict.address}, a private address`;
    case 'unresolved':
      return `${verdict.host} does not resolve (${verdict.reason})`;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'ETIMEOUT' })), ms);
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const { allowPrivateAddresses = false, resolve = resolveWithSystem, resolveTimeoutMs = 5000 } = options;

  async function check(url: URL): Promise<Verdict> {
    if (url.username !== '' || url.password !== '') return { ok: false, kind: 'credentials' };
    const host = hostOf(url);
    const family = isIP(host);
    if (family !== 0) {
      if (!allowPrivateAddresses && isPrivateAddress(host)) return { ok: false, kind: 'private-address', host, address: host };
      return { ok: true, host, addresses: [{ address: host, family }] };
    }
    if (!allowPrivateAddresses && isLocalhostName(host)) return { ok: false, kind: 'localhost', host };
    let addresses: LookupAddress[];
    try {
      addresses = await withTimeout(resolve(host), resolveTimeoutMs);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      return { ok: false, kind: 'unresolved', host, reason: code === 'ETIMEOUT' ? message : (code ?? message) };
    }
    if (addresses.length === 0) return { ok: false, kind: 'unresolved', host, reason: 'no addresses' };
    // Any private address refuses the name: a connection may go to any of them.
    const blocked = allowPrivateAddresses ? undefined : addresses.find((entry) => isPrivateAddress(entry.address));
    if (blocked) return { ok: false, kind: 'resolves-private', host, address: blocked.address };
    return { ok: true, host, addresses };
  }

  return {
    allowPrivateAddresses,
    check,
    async registrationProblem(url) {
      const parsed = new URL(url);
      // With private addresses allowed there is nothing to check a name's addresses against; it need not resolve yet.
      if (allowPrivateAddresses) return parsed.username !== '' || parsed.password !== '' ? registrationMessage({ ok: false, kind: 'credentials' }) : null;
      const verdict = await check(parsed);
      return verdict.ok ? null : registrationMessage(verdict);
    },
    async deliveryTarget(url) {
      const verdict = await check(url);
      return verdict.ok ? { ok: true, addresses: verdict.addresses } : { ok: false, error: deliveryMessage(verdict) };
    },
  };
}

/**
 * A `lookup` for `http.request` / `net.connect` that answers with the addresses already checked, whatever
 * the name would resolve to now: the connection goes where the check said it may. The TLS server name and the
 * Host header stay the URL's name (Node calls `lookup` only for names, never for IP literals).
 */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const wanted = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : [...addresses];
    if (wanted.length === 0) {
      callback(Object.assign(new Error(`no checked IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      return;
    }
    if (options.all) callback(null, wanted);
    else callback(null, wanted[0].address, wanted[0].family);
  };
}

/** Public internet addresses only: for registrations on an instance that sends no webhooks itself. */
export const publicAddressesOnly = createAddressPolicy();
