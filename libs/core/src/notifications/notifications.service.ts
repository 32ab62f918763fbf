import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { NotificationJob, QueueName, SendMailPayload } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { MailAttachment, MailLink, MailMessage, MailRenderContext, MailStatus } from './mail-message.entity';
import { MailTransport, isPermanentSmtpFailure } from './mail-transport';
import { NotificationsRepository, RenderedBody } from './notifications.repository';

export interface NewMail {
  organizationId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  links?: MailLink[];
  attachments?: MailAttachment[];
  template: string;
  locale?: string;
  subjectId?: string | null;
  /** Facts for the mail job to render the body from (subject and text stay empty until then). */
  renderContext?: MailRenderContext;
}

export const sendMailJobId = (mailId: string): string => `mail-${mailId}`;

export type MailRenderer = (mail: MailMessage) => Promise<RenderedBody>;

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly renderers = new Map<string, MailRenderer>();

  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue<SendMailPayload>,
    private readonly outbox: OutboxService,
    private readonly transport: MailTransport,
    private readonly repository: NotificationsRepository,
  ) {}

  /** Stores the mail and owes its delivery, inside the caller's transaction. */
  async queueMail(manager: EntityManager, input: NewMail): Promise<MailMessage> {
    const [mail] = await this.queueMails(manager, [input]);
    return mail;
  }

  /** `queueMail` for many mails: one insert of the mails and one of their jobs (batched bookings). */
  async queueMails(manager: EntityManager, inputs: NewMail[]): Promise<MailMessage[]> {
    if (inputs.length === 0) return [];
    const mails = await this.repository.insert(
      manager,
      inputs.map((input) => ({
        ...input,
        to: input.to.trim().toLowerCase(),
        html: input.html ?? null,
        links: input.links ?? [],
        attachments: input.attachments ?? [],
        locale: input.locale ?? 'en',
        subjectId: input.subjectId ?? null,
        renderContext: input.renderContext ?? null,
        status: MailStatus.Queued,
      })),
    );
    await this.outbox.add(
      manager,
      ...mails.map((mail) => ({
        queue: QueueName.Notifications,
        name: NotificationJob.SendMail,
        jobId: sendMailJobId(mail.id),
        payload: { mailId: mail.id } satisfies SendMailPayload,
      })),
    );
    return mails;
  }

  /**
   * Renders mails stored as facts (`renderContext`) for the templates given: the registration rush
   * stores no body, the mail job renders it. A registry, as mails of many modules pass through here.
   */
  registerRenderer(templates: string[], renderer: MailRenderer): void {
    for (const template of templates) this.renderers.set(template, renderer);
  }

  /**
   * Delivers one stored mail, at least once and at most twice after a crash: the send is claimed in
   * the database first (a lease no other worker or the reconciler takes over while it runs), and
   * the mail carries a stable Message-ID so a repeat is recognisable. A delivered mail does nothing.
   */
  async deliver(mailId: string): Promise<MailStatus | 'missing' | 'claimed'> {
    const mail = await this.repository.claim(mailId);
    if (!mail) return (await this.repository.status(mailId)) ?? 'missing';
    const suppressed = await this.repository.isSuppressed(mail.to);
    if (suppressed) {
      await this.repository.markFailed(mail.id, `suppressed: ${suppressed}`);
      return MailStatus.Failed;
    }
    let rendered: RenderedBody | null = null;
    try {
      if (mail.renderContext) {
        const renderer = this.renderers.get(mail.template);
        if (!renderer) throw new Error(`no renderer for ${mail.template}`);
        rendered = await renderer(mail);
        Object.assign(mail, rendered);
      }
      await this.transport.send(mail);
    } catch (error) {
      const message = (error as Error).message;
      if (isPermanentSmtpFailure(error)) {
        await this.repository.markFailed(mail.id, message, mail.to);
        this.logger.warn(`Mail ${mail.id} to ${mail.to} refused permanently: ${message}`);
        return MailStatus.Failed;
      }
      await this.repository.release(mail.id, message);
      throw error;
    }
    await this.repository.markSent(mail.id, this.transport.name, rendered);
    return MailStatus.Sent;
  }

  /** Marks a mail failed once its retries are spent, so it is not re-sent by the reconciler. */
  async giveUp(mailId: string, reason: string): Promise<void> {
    await this.repository.markFailed(mailId, reason);
  }

  /**
   * Re-owes delivery of mails still queued after a grace period (e.g. Redis restarted empty), except
   * those a live worker is sending; `templates` narrows the check (null: every mail).
   */
  async reconcile(olderThanMs = 60_000, templates: string[] | null = null): Promise<number> {
    const owed = await this.repository.owed(olderThanMs, templates);
    if (owed.length === 0) return 0;
    await this.queue.addBulk(
      owed.map((id) => ({
        name: NotificationJob.SendMail,
        data: { mailId: id },
        opts: { jobId: sendMailJobId(id) },
      })),
    );
    return owed.length;
  }

  /** The built-in mailbox: newest first. */
  mailbox(limit = 50, to?: string): Promise<MailMessage[]> {
    return this.repository.mailbox(
      Math.min(Math.max(limit, 1), 200),
      to ? to.trim().toLowerCase() : undefined,
    );
  }
}
