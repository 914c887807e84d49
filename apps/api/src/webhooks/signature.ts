// Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret, so a receiver can
// check that a delivery came from this server and is recent (the timestamp is signed, so it cannot be replaced).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Cumulus-Signature';
export const TIMESTAMP_HEADER = 'Cumulus-Timestamp';
export const DELIVERY_HEADER = 'Cumulus-Delivery';
export const EVENT_HEADER = 'Cumulus-Event';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`); the timestamp is Unix seconds. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute the signature and refuse deliveries older than `toleranceSeconds` (replays). */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | null;
  signature: string | null;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const { secret, body, timestamp, signature, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
