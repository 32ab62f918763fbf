import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Hirefair-Signature';
/** Receivers should refuse signatures older (or newer) than this: it bounds replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** hex HMAC-SHA256(secret, "<t>.<raw body>"). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value, Stripe-style: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

/**
 * What a receiver does (the README's recipe): parse t and every v1, recompute over the raw body,
 * compare in constant time, and refuse a timestamp outside the tolerance.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  { toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS, now = new Date() } = {},
): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const candidates = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!Number.isInteger(t) || candidates.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  return candidates.some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
