// Sends queued webhook deliveries after commit, off the write path: each is claimed with a lease (so several
// API instances never send one twice at once), POSTed signed, and retried with exponential backoff until it
// is delivered or runs out of attempts. Every attempt's outcome is recorded on the delivery.
// Each attempt resolves the receiver's name, refuses private addresses (address-policy.ts) and connects only to
// the addresses it checked.
import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CumulusDatabase } from '@cumulus/db';
import { now } from '../domain/rows.js';
import { createAddressPolicy, pinnedLookup, type AddressPolicy, type ResolveHost } from './address-policy.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './signature.js';

export interface WebhookDispatcherOptions {
  database: CumulusDatabase;
  /** Attempts before a delivery is marked failed (default 5). */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles with each further one (default 2 s: 2, 4, 8, 16 s). */
  baseDelayMs?: number;
  /** How long one attempt may take (default 10 s). */
  timeoutMs?: number;
  /** How often to look for due deliveries queued elsewhere or left by a stopped instance (default 15 s). */
  pollIntervalMs?: number;
  /** How long a claimed delivery stays with this instance (default 60 s). */
  leaseMs?: number;
  /**
   * Allow receivers at private, loopback and other non-public addresses (CUMULUS_WEBHOOK_ALLOW_PRIVATE=1; for
   * development and tests). Registrations through an app using this dispatcher follow it too. Default false.
   */
  allowPrivateAddresses?: boolean;
  /** How receivers' names are resolved (default: the system resolver); tests stand in their own. */
  resolve?: ResolveHost;
  log?: (message: string) => void;
}

export interface WebhookDispatcher {
  /** Which addresses webhooks may be registered for and sent to. */
  readonly addressPolicy: AddressPolicy;
  /** Starts polling for due deliveries (and sends any due now). */
  start(): void;
  /** New deliveries may be due: look now. Never throws, never waits. */
  kick(): void;
  /** Stops: no new attempts; attempts under way are abandoned to their lease and retried later. */
  close(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How much of a receiver's answer is kept (the first 200 characters are recorded on a failure). */
const MAX_ANSWER_BYTES = 4096;

/**
 * POSTs to the URL, connecting only to `addresses` (for a name; the Host header and the TLS server name stay
 * the name). No redirects are followed: a 3xx is an answer, like any other non-2xx one.
 */
function post(url: URL, init: { headers: OutgoingHttpHeaders; body: string; addresses: LookupAddress[]; signal: AbortSignal }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = Buffer.from(init.body, 'utf8');
    const req = send(url, {
      method: 'POST',
      headers: { ...init.headers, 'content-length': body.length },
      lookup: pinnedLookup(init.addresses),
      // A fresh connection per attempt: a kept-alive one would skip the checked lookup.
      agent: false,
      signal: init.signal,
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') }));
    });
    req.end(body);
  });
}

/** Rejects with the signal's reason once it aborts (for work that cannot itself be aborted, like a DNS lookup). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { database, maxAttempts = 5, baseDelayMs = 2000, timeoutMs = 10_000, pollIntervalMs = 15_000, leaseMs = 60_000 } = options;
  const log = options.log ?? ((message: string) => console.error(`cumulus: webhooks: ${message}`));
  const addressPolicy = createAddressPolicy({ allowPrivateAddresses: options.allowPrivateAddresses ?? false, resolve: options.resolve });
  const db = database.db;
  let closed = false;
  let draining: Promise<void> | null = null;
  let drainAgain = false;
  let poll: NodeJS.Timeout | null = null;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const stop = new AbortController();

  const later = (ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      kick();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  async function drain(): Promise<void> {
    const at = now();
    const due = await db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
      .orderBy('created_at')
      .limit(100)
      .execute();
    for (const { id } of due) {
      if (closed) return;
      const claimedAt = now();
      const claim = await db
        .updateTable('webhook_deliveries')
        .set({ locked_until: iso(Date.now() + leaseMs) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', claimedAt)]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const attempt = send(id)
        .catch((error: unknown) => log(`delivery ${id}: ${(error as Error).message}`))
        .finally(() => inFlight.delete(attempt));
      inFlight.add(attempt);
    }
  }

  async function send(id: string): Promise<void> {
    const delivery = await db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select(['webhook_deliveries.id', 'webhook_deliveries.payload', 'webhook_deliveries.event', 'webhook_deliveries.attempts', 'webhooks.url', 'webhooks.secret', 'webhooks.removed_at'])
      .where('webhook_deliveries.id', '=', id)
      .executeTakeFirstOrThrow();
    if (delivery.removed_at !== null) {
      await db.updateTable('webhook_deliveries').set({ status: 'cancelled', locked_until: null, last_error: 'the webhook was removed', updated_at: now() }).where('id', '=', id).execute();
      return;
    }
    // Signed at each attempt, so the timestamp says when this attempt was made.
    const timestamp = String(Math.floor(Date.now() / 1000));
    let statusCode: number | null = null;
    let error: string | null = null;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, stop.signal]);
    try {
      const url = new URL(delivery.url);
      // Resolved and checked at every attempt: the name may point somewhere else since it was registered.
      const target = await abortable(addressPolicy.deliveryTarget(url), signal);
      if (!target.ok) error = target.error;
      else {
        const response = await post(url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Cumulus-Webhooks/1',
            [SIGNATURE_HEADER]: signWebhookBody(delivery.secret, timestamp, delivery.payload),
            [TIMESTAMP_HEADER]: timestamp,
            [DELIVERY_HEADER]: delivery.id,
            [EVENT_HEADER]: delivery.event,
          },
          body: delivery.payload,
          addresses: target.addresses,
          signal,
        });
        statusCode = response.status;
        if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}${response.text ? `: ${response.text.slice(0, 200)}` : ''}`;
      }
    } catch (cause) {
      // Shutting down: leave the delivery to its lease, to be sent again later; this was not the receiver's fault.
      if (closed) return;
      error = timeout.aborted ? `no response within ${timeoutMs / 1000} s` : (cause as Error).message;
    }
    const attempts = delivery.attempts + 1;
    const at = now();
    if (error === null) {
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', attempts, last_status_code: statusCode, last_error: null, delivered_at: at, locked_until: null, updated_at: at })
        .where('id', '=', id)
        .execute();
      return;
    }
    const giveUp = attempts >= maxAttempts;
    const delay = baseDelayMs * 2 ** (attempts - 1);
    await db
      .updateTable('webhook_deliveries')
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_status_code: statusCode,
        last_error: error,
        next_attempt_at: giveUp ? at : iso(Date.now() + delay),
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', id)
      // Removed while this attempt was under way: it stays cancelled.
      .where('status', '=', 'pending')
      .execute();
    if (!giveUp && !closed) later(delay);
  }

  function kick(): void {
    if (closed) return;
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = drain()
      .catch((error: unknown) => log((error as Error).message))
      .finally(() => {
        draining = null;
        if (drainAgain) {
          drainAgain = false;
          kick();
        }
      });
  }

  return {
    addressPolicy,
    start() {
      if (poll || closed) return;
      poll = setInterval(kick, pollIntervalMs);
      poll.unref();
      kick();
    },
    kick,
    async close() {
      closed = true;
      stop.abort();
      if (poll) clearInterval(poll);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await draining;
      await Promise.allSettled([...inFlight]);
    },
  };
}
