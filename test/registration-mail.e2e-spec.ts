import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  TestApp,
  createEvent,
  createOrganization,
  createTestApp,
  registrationBody,
  registrationsPath,
  waitFor,
} from '@hirefair/testing';

interface Received {
  to: string[];
  raw: string;
}

describe('registration mail over SMTP', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_RATE_LIMIT: '100000' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  /** The mail of `template` to `email`: the intake's own mail (the written test) may come first. */
  const mailTo = (email: string, template: string) =>
    waitFor(
      () =>
        received.find((m) => m.to.includes(email) && m.raw.includes(`X-Hirefair-Template: ${template}\r\n`)),
      { timeoutMs: 30_000, what: `${template} mail to ${email}` },
    );

  it('sends the confirmation in the candidate’s language, with the access link, the check-in code and its QR code', async () => {
    const org = await createOrganization(t.http);
    const event = await createEvent(t.http, org, { capacity: 1, title: '小米 AI 专家招聘会', locale: 'zh' });

    const zh = registrationBody({ name: '王小明' });
    const first = await t.http.post(registrationsPath(event.slug)).send(zh).expect(201);
    const mail = await mailTo(zh.email as string, 'registration.registered');
    expect(mail.raw).toContain('X-Hirefair-Template: registration.registered');
    const decoded = decodeQuotedPrintable(mail.raw);
    expect(decoded).toContain('王小明');
    expect(decoded).toContain('签到码');
    expect(decoded).toContain(`/candidate#token=${first.body.candidateToken}`);
    // The QR code is an inline image part referenced by cid:, not a data: URI many clients block.
    expect(decoded).toContain('src="cid:check-in-qr@hirefair"');
    expect(decoded).not.toContain('data:image/png');
    expect(mail.raw).toMatch(/Content-Type: image\/png[\s\S]*Content-ID: <check-in-qr@hirefair>/);
    // A stable Message-ID per mail row: a send repeated after a crash is the same message.
    expect(mail.raw).toMatch(/Message-ID: <[0-9a-f-]{36}@hirefair\.local>/i);

    const en = registrationBody({ locale: 'en' });
    await t.http.post(registrationsPath(event.slug)).send(en).expect(201);
    const waitlisted = await mailTo(en.email as string, 'registration.waitlisted');
    expect(waitlisted.raw).toContain('X-Hirefair-Template: registration.waitlisted');
    expect(decodeQuotedPrintable(waitlisted.raw)).toContain('waitlist');
  });
});

/** Enough of quoted-printable and base64 MIME parts to search the text of a message. */
function decodeQuotedPrintable(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  const base64Parts = [
    ...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g),
  ]
    .map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'))
    .join('\n');
  return `${qp}\n${base64Parts}`;
}
