import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { hashSecret, newSecret } from '../common/tokens';
import { formatZoned } from '../common/zoned-time';
import { MailAttachment, MailMessage } from '../notifications/mail-message.entity';
import { RenderedBody } from '../notifications/notifications.repository';
import {
  PipelineMailExtra,
  REGISTRATION_TEMPLATES,
  RegistrationMailTemplate,
  asMailLocale,
  checkInQr,
  renderRegistrationMail,
} from './mail-templates';
import { MailVariant, StoredMail, TellMail } from './registration.types';
import type { MailRecipient } from './mail-templates';
import { RegistrationsRepository } from './registrations.repository';

/**
 * Who a queued mail goes to. The rest of the recipient (name, event, check-in code) is read when
 * the mail job renders it; callers that have it at hand may pass it, it is not stored.
 */
export type MailAddressee = Pick<MailRecipient, 'registrationId' | 'organizationId' | 'email' | 'locale'> &
  Partial<MailRecipient>;

/** A candidate mail to queue: its template, recipient, the step's facts and attachments (an .ics). */
export interface QueuedMail {
  template: RegistrationMailTemplate;
  to: MailAddressee;
  extra?: PipelineMailExtra;
  attachments?: MailAttachment[];
  /** Not queued if a mail of this template about the registration was written since (ISO time). */
  unlessToldSince?: string;
}

/** Mails that carry the check-in code and its QR code. */
const SEAT_TEMPLATES = [
  RegistrationMailTemplate.Registered,
  RegistrationMailTemplate.Promoted,
  RegistrationMailTemplate.AccessLink,
];

const REGISTRATION_TEMPLATE_SET: ReadonlySet<string> = new Set(REGISTRATION_TEMPLATES);

/** Token hashes kept per registration: each mailed link adds one; older links stop working. */
export const MAX_LIVE_TOKENS = 5;

/**
 * Queues the candidate mails of a registration, each carrying the access link, as facts; renders
 * them for the mail job.
 */
@Injectable()
export class RegistrationMailService {
  /** The facts read for a job's mails, by the job's array of them (gone with it). */
  private readonly batchFacts = new WeakMap<
    readonly MailMessage[],
    Promise<Map<string, Omit<MailRecipient, 'email'>>>
  >();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: RegistrationsRepository,
  ) {}

  accessUrl(token: string): string {
    return `${this.config.publicBaseUrl}/candidate#token=${token}`;
  }

  /** A new candidate token (returned once) and its hash (the only thing stored). */
  newToken(): { token: string; hash: string } {
    const token = newSecret();
    return { token, hash: hashSecret(token) };
  }

  /**
   * Queues a mail inside the caller's transaction, stored as facts (recipient, a fresh link, the
   * step's facts, attachments) for the mail job to render: the transaction renders nothing. The new
   * token's hash joins the registration's live tokens. Returns whether it queued the mail.
   */
  async queue(
    manager: EntityManager,
    template: RegistrationMailTemplate,
    to: MailAddressee,
    options: Pick<QueuedMail, 'extra' | 'attachments' | 'unlessToldSince'> = {},
  ): Promise<boolean> {
    return (await this.queueMany(manager, [{ template, to, ...options }])) > 0;
  }

  /** `queue` for many mails of distinct registrations, in one statement for all; how many it queued. */
  async queueMany(manager: EntityManager, mails: QueuedMail[]): Promise<number> {
    if (mails.length === 0) return 0;
    return this.repository.storeMails(
      manager,
      mails.map((m) => this.stored(m)),
      MAX_LIVE_TOKENS,
    );
  }

  /**
   * The mail job's renderer for mails stored as facts: the recipient, event and check-in code as
   * they are now, the access link the mail was queued with, the step's facts, the QR code with a
   * seat (first) and the attachments stored with the mail (an interview's .ics).
   */
  async renderStored(mail: MailMessage, batch: readonly MailMessage[] = [mail]): Promise<RenderedBody> {
    const facts =
      batch.length > 1
        ? (await this.factsOf(batch)).get(mail.subjectId as string)
        : await this.repository.mailFacts(mail.subjectId as string);
    if (!facts) throw new Error(`registration ${mail.subjectId} of mail ${mail.id} is gone`);
    const rendered = this.render(
      mail.template as RegistrationMailTemplate,
      { ...facts, email: mail.to },
      String(mail.renderContext?.accessUrl),
      mail.renderContext?.extra,
    );
    return {
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      links: rendered.links,
      attachments: [...rendered.attachments, ...mail.attachments],
    };
  }

  /**
   * The facts of the registrations of a job's mails, read in one statement at the first mail the
   * job renders and kept for the others (the job renders them within seconds).
   */
  private factsOf(batch: readonly MailMessage[]): Promise<Map<string, Omit<MailRecipient, 'email'>>> {
    let facts = this.batchFacts.get(batch);
    if (!facts) {
      const ids = batch.flatMap((m) =>
        m.renderContext && m.subjectId && REGISTRATION_TEMPLATE_SET.has(m.template) ? [m.subjectId] : [],
      );
      facts = this.repository.mailFactsOf(ids);
      this.batchFacts.set(batch, facts);
    }
    return facts;
  }

  /**
   * A pipeline mail a job owes, ready for its statement (RegistrationsRepository.tellMails): a new
   * mail id, a fresh link and the step's facts; the statement reads the recipient as it locks the
   * registration.
   */
  owedTell(tell: {
    registrationId: string;
    template: RegistrationMailTemplate;
    extra?: PipelineMailExtra;
    since: string;
  }): TellMail {
    return {
      registrationId: tell.registrationId,
      template: tell.template,
      since: tell.since,
      ...this.linked(tell.extra),
    };
  }

  /** The row of a mail to render later: no subject or body yet, the link and facts to render it from. */
  private stored(mail: QueuedMail): StoredMail {
    return {
      registrationId: mail.to.registrationId,
      organizationId: mail.to.organizationId,
      to: mail.to.email,
      template: mail.template,
      locale: asMailLocale(mail.to.locale),
      attachments: mail.attachments ?? [],
      unlessToldSince: mail.unlessToldSince,
      ...this.linked(mail.extra),
    };
  }

  /** A new mail's id, its fresh access link (the token's hash to store) and its render facts. */
  private linked(
    extra?: PipelineMailExtra,
  ): Pick<StoredMail, 'mailId' | 'tokenHash' | 'links' | 'renderContext'> {
    const token = this.newToken();
    const accessUrl = this.accessUrl(token.token);
    return {
      mailId: randomUUID(),
      tokenHash: token.hash,
      links: [{ label: '', url: accessUrl }],
      renderContext: extra ? { accessUrl, extra } : { accessUrl },
    };
  }

  /** One mail, rendered in the recipient's language, with the access link (and QR code with a seat). */
  private render(
    template: RegistrationMailTemplate,
    to: MailRecipient,
    accessUrl: string,
    extra?: PipelineMailExtra,
  ): MailVariant & { locale: string; attachments: MailAttachment[] } {
    const withSeat =
      SEAT_TEMPLATES.includes(template) && to.checkInCode !== null ? to.checkInCode : undefined;
    const qr = withSeat ? checkInQr(withSeat) : undefined;
    const locale = asMailLocale(to.locale);
    const rendered = renderRegistrationMail(template, {
      locale,
      name: to.name,
      eventTitle: to.event.title,
      eventCity: to.event.city,
      eventStarts: formatZoned(to.event.startsAt, to.event.timezone, locale === 'zh' ? 'zh-CN' : 'en'),
      accessUrl,
      checkInCode: withSeat,
      qrCid: qr?.cid,
      extra,
    });
    return { template, locale, ...rendered, attachments: qr ? [qr] : [] };
  }
}
