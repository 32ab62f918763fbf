import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './test-app';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** The text of a MIME message: quoted-printable and base64 parts decoded, enough to search it. */
export function mailText(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  const base64 = [
    ...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g),
  ].map((m) => Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
  return [qp, ...base64].join('\n');
}

/** An SMTP server on a free port of 127.0.0.1 that keeps every message it receives. */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server?: SMTPServer;

  /** Starts listening; answers the SMTP_URL to give the app. */
  async start(): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The first mail to `email` (of `template`, by its X-Hirefair-Template header; whose decoded text
   * contains `text`), waited for up to 30 s.
   */
  mailTo(
    email: string,
    { template, text }: { template?: string; text?: string } = {},
  ): Promise<ReceivedMail> {
    return waitFor(
      () =>
        this.received.find(
          (m) =>
            m.to.includes(email) &&
            (template === undefined || m.raw.includes(`X-Hirefair-Template: ${template}`)) &&
            (text === undefined || mailText(m.raw).includes(text)),
        ),
      {
        timeoutMs: 30_000,
        what: `${template ? `${template} mail` : text ? `a mail with ${text}` : 'a mail'} to ${email}`,
      },
    );
  }
}
