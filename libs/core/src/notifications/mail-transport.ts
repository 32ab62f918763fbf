import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { MailMessage } from './mail-message.entity';

export type TransportName = 'smtp' | 'mailbox';

/** SMTP when SMTP_URL is set; otherwise the built-in mailbox (the stored row is the delivery). */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly smtp?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.smtpUrl) this.smtp = createTransport(config.smtpUrl);
  }

  get name(): TransportName {
    return this.smtp ? 'smtp' : 'mailbox';
  }

  async send(mail: MailMessage): Promise<void> {
    if (!this.smtp) return;
    await this.smtp.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      // Stable per mail row: a send repeated after a crash is the same message to the receiver.
      messageId: `<${mail.id}@${domainOf(this.config.mailFrom)}>`,
      headers: { 'X-Hirefair-Template': mail.template, 'X-Hirefair-Mail-Id': mail.id },
      attachments: mail.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        encoding: a.encoding,
        cid: a.cid,
        contentDisposition: a.cid ? ('inline' as const) : undefined,
      })),
    });
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }
}

function domainOf(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'hirefair.invalid';
}

/** SMTP 5xx replies are permanent: retrying will not help. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
