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

const DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$/;

/**
 * The inline pictures a mail carries (the check-in QR code): data: images in its HTML, and image
 * attachments (inline cid: parts), each shown as the data: URL the page's CSP allows.
 */
function images(m: MailMessage): { src: string; alt: string }[] {
  const found: { src: string; alt: string }[] = [];
  for (const tag of (m.html ?? '').match(/<img\b[^>]*>/gi) ?? []) {
    const src = /\ssrc="([^"]+)"/i.exec(tag)?.[1] ?? '';
    if (DATA_IMAGE.test(src)) found.push({ src, alt: /\salt="([^"]*)"/i.exec(tag)?.[1] ?? '' });
  }
  for (const a of m.attachments ?? []) {
    const src = `data:${a.contentType};base64,${a.content}`;
    if (DATA_IMAGE.test(src) && !found.some((f) => f.src === src)) found.push({ src, alt: a.filename });
  }
  return found;
}

function render(mails: MailMessage[]): string {
  const items = mails
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">to <b>${escapeHtml(m.to)}</b> · ${m.createdAt.toISOString()} · ${escapeHtml(m.template)} · ${m.status}</p>
${m.links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('')}
<pre>${escapeHtml(m.text)}</pre>
${images(m)
  .map((i) => `<img src="${i.src}" alt="${escapeHtml(i.alt)}" width="148" height="148">`)
  .join('')}</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hirefair mailbox</title><style>*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;margin:1rem auto;max-width:52rem;padding:0 1rem;overflow-wrap:anywhere}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin:.5rem 0 .25rem}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555;margin:0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;background:#f4f6f8;padding:.5rem .75rem;border-radius:6px;max-width:100%}
img{display:block;image-rendering:pixelated;margin:.5rem 0;max-width:100%;height:auto}</style></head>
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
