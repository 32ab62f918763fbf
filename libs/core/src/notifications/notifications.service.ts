import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { NotificationJob, QueueName, SendMailPayload } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { MailAttachment, MailLink, MailMessage, MailStatus } from './mail-message.entity';
import { MailSuppression } from './mail-suppression.entity';
import { MailTransport, isPermanentSmtpFailure } from './mail-transport';

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
}

export const sendMailJobId = (mailId: string): string => `mail-${mailId}`;

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectRepository(MailMessage) private readonly mails: Repository<MailMessage>,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue<SendMailPayload>,
    private readonly outbox: OutboxService,
    private readonly transport: MailTransport,
  ) {}

  /** Stores the mail and owes its delivery, inside the caller's transaction. */
  async queueMail(manager: EntityManager, input: NewMail): Promise<MailMessage> {
    const [mail] = await this.queueMails(manager, [input]);
    return mail;
  }

  /** `queueMail` for many mails: one insert of the mails and one of their jobs (batched bookings). */
  async queueMails(manager: EntityManager, inputs: NewMail[]): Promise<MailMessage[]> {
    if (inputs.length === 0) return [];
    const repo = manager.getRepository(MailMessage);
    const mails = inputs.map((input) =>
      repo.create({
        ...input,
        to: input.to.trim().toLowerCase(),
        html: input.html ?? null,
        links: input.links ?? [],
        attachments: input.attachments ?? [],
        locale: input.locale ?? 'en',
        subjectId: input.subjectId ?? null,
        status: MailStatus.Queued,
      }),
    );
    await repo.insert(mails);
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

  /** Delivers one stored mail; a second call for a delivered mail does nothing. */
  async deliver(mailId: string): Promise<MailStatus | 'missing'> {
    const mail = await this.mails.findOne({ where: { id: mailId } });
    if (!mail) return 'missing';
    if (mail.status !== MailStatus.Queued) return mail.status;
    const suppressed = await this.mails.manager
      .getRepository(MailSuppression)
      .findOne({ where: { email: mail.to } });
    if (suppressed) {
      await this.mails.update(
        { id: mail.id },
        { status: MailStatus.Failed, lastError: `suppressed: ${suppressed.reason}` },
      );
      return MailStatus.Failed;
    }
    try {
      await this.transport.send(mail);
    } catch (error) {
      const message = (error as Error).message;
      if (isPermanentSmtpFailure(error)) {
        await this.mails.manager.transaction(async (manager) => {
          await manager
            .getRepository(MailMessage)
            .update(
              { id: mail.id },
              { status: MailStatus.Failed, lastError: message, attempts: () => 'attempts + 1' },
            );
          await manager.getRepository(MailSuppression).upsert({ email: mail.to, reason: message }, ['email']);
        });
        this.logger.warn(`Mail ${mail.id} to ${mail.to} refused permanently: ${message}`);
        return MailStatus.Failed;
      }
      await this.mails.update({ id: mail.id }, { lastError: message, attempts: () => 'attempts + 1' });
      throw error;
    }
    await this.mails.update(
      { id: mail.id, status: MailStatus.Queued },
      {
        status: MailStatus.Sent,
        transport: this.transport.name,
        sentAt: new Date(),
        attempts: () => 'attempts + 1',
      },
    );
    return MailStatus.Sent;
  }

  /** Marks a mail failed once its retries are spent, so it is not re-sent by the reconciler. */
  async giveUp(mailId: string, reason: string): Promise<void> {
    await this.mails.update(
      { id: mailId, status: MailStatus.Queued },
      { status: MailStatus.Failed, lastError: reason },
    );
  }

  /** Re-owes delivery of mails still queued after a grace period (e.g. Redis restarted empty). */
  async reconcile(olderThanMs = 60_000): Promise<number> {
    const stale = await this.mails.find({
      select: { id: true },
      where: { status: MailStatus.Queued, createdAt: LessThan(new Date(Date.now() - olderThanMs)) },
      take: 1000,
    });
    if (stale.length === 0) return 0;
    await this.queue.addBulk(
      stale.map((m) => ({
        name: NotificationJob.SendMail,
        data: { mailId: m.id },
        opts: { jobId: sendMailJobId(m.id) },
      })),
    );
    return stale.length;
  }

  /** The built-in mailbox: newest first. */
  mailbox(limit = 50, to?: string): Promise<MailMessage[]> {
    return this.mails.find({
      where: to ? { to: to.trim().toLowerCase() } : {},
      order: { createdAt: 'DESC' },
      take: Math.min(Math.max(limit, 1), 200),
    });
  }
}
