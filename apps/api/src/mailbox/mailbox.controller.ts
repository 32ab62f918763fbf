import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { MailMessage, NotFoundError, NotificationsService } from '@hirefair/core';
import { Public } from '../common/auth.decorators';

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The mail's inline (cid:) images, e.g. the check-in QR code, shown as the mail client would. */
function inlineImages(m: MailMessage): string {
  return m.attachments
    .filter((a) => a.cid && a.encoding === 'base64' && /^image\/(png|jpeg|gif)$/.test(a.contentType))
    .map(
      (a) =>
        `<p><img src="data:${a.contentType};base64,${escapeHtml(a.content)}" alt="${escapeHtml(a.filename)}" width="148" height="148"></p>`,
    )
    .join('');
}

function render(mails: MailMessage[]): string {
  const items = mails
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">to <b>${escapeHtml(m.to)}</b> · ${m.createdAt.toISOString()} · ${escapeHtml(m.template)} · ${m.status}</p>
${m.links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label || l.url)}</a></p>`).join('')}
<pre>${escapeHtml(m.text)}</pre>${inlineImages(m)}</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>hirefair mailbox</title><style>body{font:15px system-ui;margin:1rem auto;max-width:52rem;padding:0 1rem}
article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style></head>
<body><h1>Mailbox</h1><p>Mail sent while no SMTP_URL is set, newest first.</p>${items || '<p>No mail yet.</p>'}</body></html>`;
}

/** The built-in mailbox of a development install: every mail, newest first, with its links. */
@ApiExcludeController()
@Controller('dev/mailbox')
export class MailboxController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  @Public()
  @Get()
  async list(
    @Query('to') to: string | undefined,
    @Query('limit') limit: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (this.config.env === 'production') throw new NotFoundError('Mailbox');
    const mails = await this.notifications.mailbox(Number(limit) || 50, to);
    if (accept?.includes('application/json')) {
      void reply.send({ items: mails });
    } else {
      void reply.type('text/html; charset=utf-8').send(render(mails));
    }
  }
}
