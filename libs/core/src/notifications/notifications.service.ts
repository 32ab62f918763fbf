import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobState, Queue } from 'bullmq';
import { NotificationJob, QueueName, SendMailPayload, sendMailJobId } from '@hirefair/queue';
import { OutboxService } from '../outbox/outbox.service';
import { MailAttachment, MailLink, MailMessage, MailRenderContext, MailStatus } from './mail-message.entity';
import { MailTransport, isPermanentSmtpFailure } from './mail-transport';
import { FailedMail, NotificationsRepository, RenderedBody } from './notifications.repository';

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

export { sendMailJobId };

/**
 * Renders one mail stored as facts. `batch` is the set of mails the job claimed with it (the same
 * array for each of them; `[mail]` alone otherwise): a renderer may read what all of them need in
 * one statement at the first call and answer the others from it.
 */
export type MailRenderer = (mail: MailMessage, batch: readonly MailMessage[]) => Promise<RenderedBody>;

/**
 * Awaited before each mail is rendered and sent: the worker's pacing of its sends (at most so many
 * a second per process, whatever the jobs carry). Tests and other callers pass none.
 */
export type SendPace = () => Promise<void>;

/** How a batch job's mails went: sent now, refused for good (or suppressed), or not taken (sent or held elsewhere). */
export interface BatchDelivery {
  sent: number;
  failed: number;
  skipped: number;
}

/** Thrown by `deliverMany` after a transient failure: the job is retried for the mails it names. */
export class MailBatchRetry extends Error {
  constructor(
    readonly mailIds: string[],
    readonly delivery: BatchDelivery,
    cause: string,
  ) {
    super(`${mailIds.length} mail(s) to retry (${delivery.sent} sent, ${delivery.failed} failed): ${cause}`);
    this.name = 'MailBatchRetry';
  }
}

/**
 * The mails of a batch job claimed at once: 64 (the online coalescer's largest batch) at 100
 * mails a second shared by 8 jobs take ~5 s, even at 1 s an SMTP send ~64 s: well within the
 * claim's lease (MAIL_SEND_LEASE_MS, 120 s), so no other worker takes over a mail the job is about to send.
 */
export const DELIVER_CHUNK = 64;

/** The states in which a batch job will still run and claim its mails. */
const PENDING_STATES: ReadonlySet<JobState | 'unknown'> = new Set<JobState | 'unknown'>([
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'waiting-children',
]);

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
  async deliver(mailId: string, pace?: SendPace): Promise<MailStatus | 'missing' | 'claimed'> {
    const mail = await this.repository.claim(mailId);
    if (!mail) return (await this.repository.status(mailId)) ?? 'missing';
    const suppressed = await this.repository.isSuppressed(mail.to);
    if (suppressed) {
      await this.repository.markFailed(mail.id, `suppressed: ${suppressed}`);
      return MailStatus.Failed;
    }
    let rendered: RenderedBody | null = null;
    await pace?.();
    try {
      rendered = await this.render(mail);
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

  /**
   * Delivers the mails of a batch job (the mails one statement stored), each as `deliver` would,
   * with the statements set-based: the claimable mails claimed in one statement (a mail a live
   * worker holds, or already sent or failed, is skipped), the suppressions of their addresses read
   * in one, then each rendered and sent, and the outcomes recorded together (the sent in one
   * statement with their bodies, the failed in one, the released in one). A permanent SMTP refusal
   * fails that mail and suppresses its address; a transient failure releases that mail and, once the
   * others are recorded, throws MailBatchRetry: the job's retry claims only what is still unsent, so
   * no mail goes twice. At least once, at most twice after a crash (between a send and its record).
   * Mails are claimed DELIVER_CHUNK at a time; `pace` is awaited before each mail is rendered.
   */
  async deliverMany(mailIds: string[], pace?: SendPace): Promise<BatchDelivery> {
    const delivery: BatchDelivery = { sent: 0, failed: 0, skipped: 0 };
    const retry: string[] = [];
    let cause = '';
    const ids = [...new Set(mailIds)];
    for (let start = 0; start < ids.length; start += DELIVER_CHUNK) {
      const chunk = ids.slice(start, start + DELIVER_CHUNK);
      const mails = await this.repository.claimMany(chunk);
      delivery.skipped += chunk.length - mails.length;
      if (mails.length === 0) continue;
      const suppressed = await this.repository.suppressions(mails.map((m) => m.to));
      const sent: { id: string; rendered: RenderedBody | null }[] = [];
      const failed: FailedMail[] = [];
      const released: { id: string; error: string }[] = [];
      for (const mail of mails) {
        const reason = suppressed.get(mail.to);
        if (reason !== undefined) {
          failed.push({ id: mail.id, error: `suppressed: ${reason}` });
          continue;
        }
        await pace?.();
        try {
          const rendered = await this.render(mail, mails);
          await this.transport.send(mail);
          sent.push({ id: mail.id, rendered });
        } catch (error) {
          const message = (error as Error).message;
          if (isPermanentSmtpFailure(error)) {
            failed.push({ id: mail.id, error: message, suppress: mail.to });
            this.logger.warn(`Mail ${mail.id} to ${mail.to} refused permanently: ${message}`);
          } else {
            released.push({ id: mail.id, error: message });
            cause = message;
          }
        }
      }
      // Sent first: a crash before this statement sends them again (at most twice), never loses them.
      await this.repository.markSentMany(sent, this.transport.name);
      await this.repository.markFailedMany(failed);
      await this.repository.releaseMany(released);
      delivery.sent += sent.length;
      delivery.failed += failed.length;
      retry.push(...released.map((r) => r.id));
    }
    if (retry.length > 0) throw new MailBatchRetry(retry, delivery, cause);
    return delivery;
  }

  /** Marks a mail failed once its retries are spent, so it is not re-sent by the reconciler. */
  async giveUp(mailId: string, reason: string): Promise<void> {
    await this.repository.markFailed(mailId, reason);
  }

  /**
   * A batch job's retries are spent: its mails still queued are failed (not re-sent by the
   * reconciler), except those another worker is sending.
   */
  async giveUpMany(mailIds: string[], reason: string): Promise<void> {
    await this.repository.giveUpMany(mailIds, reason);
  }

  /**
   * Re-owes delivery of mails still queued after a grace period (e.g. Redis restarted empty), except
   * those a live worker is sending; `templates` narrows the check (null: every mail). Each is re-owed
   * by its own `send-mail` job, with the id its job had (BullMQ ignores the add while that job is
   * still there); a mail of a batch job is left to it while that job is still to run (waiting,
   * delayed for a retry, active), and re-owed alone once it is gone or finished.
   */
  async reconcile(olderThanMs = 60_000, templates: string[] | null = null): Promise<number> {
    const owed = await this.repository.owed(olderThanMs, templates);
    if (owed.length === 0) return 0;
    const batches = [...new Set(owed.flatMap((m) => (m.batchJobId ? [m.batchJobId] : [])))];
    const states = await Promise.all(batches.map((id) => this.queue.getJobState(id)));
    const pending = new Set(batches.filter((_, k) => PENDING_STATES.has(states[k])));
    const reowed = owed.filter((m) => !m.batchJobId || !pending.has(m.batchJobId));
    if (reowed.length === 0) return 0;
    await this.queue.addBulk(
      reowed.map(({ id }) => ({
        name: NotificationJob.SendMail,
        data: { mailId: id },
        opts: { jobId: sendMailJobId(id) },
      })),
    );
    return reowed.length;
  }

  /** Renders a mail stored as facts into itself; null for a mail stored with its body. */
  private async render(
    mail: MailMessage,
    batch: readonly MailMessage[] = [mail],
  ): Promise<RenderedBody | null> {
    if (!mail.renderContext) return null;
    const renderer = this.renderers.get(mail.template);
    if (!renderer) throw new Error(`no renderer for ${mail.template}`);
    const rendered = await renderer(mail, batch);
    Object.assign(mail, rendered);
    return rendered;
  }

  /** The built-in mailbox: newest first. */
  mailbox(limit = 50, to?: string): Promise<MailMessage[]> {
    return this.repository.mailbox(
      Math.min(Math.max(limit, 1), 200),
      to ? to.trim().toLowerCase() : undefined,
    );
  }
}
