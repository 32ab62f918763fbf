import { createHmac } from 'node:crypto';
import { signatureHeader, signatureOf, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ id: 'e1', type: 'registration.created', data: { registrationId: 'r1' } });
  const now = new Date('2026-01-01T00:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, now)).toBe(`t=${t},v1=${expected}`);
    expect(signatureOf(secret, t, body)).toBe(expected);
  });

  it('verifies its own header, and refuses another secret, a changed body or a stale timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, { now })).toBe(true);
    expect(verifySignature('whsec_other', header, body, { now })).toBe(false);
    expect(verifySignature(secret, header, `${body} `, { now })).toBe(false);
    expect(verifySignature(secret, header, body, { now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifySignature(secret, header, body, { now: new Date(now.getTime() + 299_000) })).toBe(true);
  });

  it('accepts any matching v1 (secret rotation) and refuses malformed headers', () => {
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${signatureOf(secret, t, body)}`;
    expect(verifySignature(secret, header, body, { now })).toBe(true);
    expect(verifySignature(secret, '', body, { now })).toBe(false);
    expect(verifySignature(secret, `t=${t}`, body, { now })).toBe(false);
    expect(verifySignature(secret, `t=abc,v1=${signatureOf(secret, t, body)}`, body, { now })).toBe(false);
    expect(verifySignature(secret, `t=${t},v1=zz`, body, { now })).toBe(false);
  });
});
