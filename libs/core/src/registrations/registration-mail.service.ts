import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { hashSecret, newSecret } from '../common/tokens';
import { MailAttachment, MailMessage } from '../notifications/mail-message.entity';
import { RenderedBody } from '../notifications/notifications.repository';
import { NotificationsService } from '../notifications/notifications.service';
import {
  PipelineMailExtra,
  RegistrationMailTemplate,
  asMailLocale,
  checkInQr,
  renderRegistrationMail,
} from './mail-templates';
import { MailVariant } from './registration-sql';
import type { MailRecipient } from './mail-templates';
import { RegistrationsRepository } from './registrations.repository';

/** Mails that carry the check-in code and its QR code. */
const SEAT_TEMPLATES = [
  RegistrationMailTemplate.Registered,
  RegistrationMailTemplate.Promoted,
  RegistrationMailTemplate.AccessLink,
];

/** Token hashes kept per registration: each mailed link adds one; older links stop working. */
export const MAX_LIVE_TOKENS = 5;

/** Renders and queues the candidate mails of a registration, each carrying the access link. */
@Injectable()
export class RegistrationMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
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
   * Queues a mail inside the caller's transaction. `token` is the link to put in it; without one a
   * new token is minted and its hash added to the registration's live tokens.
   */
  async queue(
    manager: EntityManager,
    template: RegistrationMailTemplate,
    to: MailRecipient,
    options: {
      token?: string;
      extra?: PipelineMailExtra;
      attachments?: MailAttachment[];
    } = {},
  ): Promise<void> {
    const token = options.token ?? (await this.addToken(manager, to.registrationId));
    const rendered = await this.render(template, to, this.accessUrl(token), options.extra);
    await this.notifications.queueMail(manager, {
      organizationId: to.organizationId,
      to: to.email,
      subjectId: to.registrationId,
      ...rendered,
      attachments: [...rendered.attachments, ...(options.attachments ?? [])],
    });
  }

  /** Mints a token for a registration, keeping the newest few live; returns the token. */
  async addToken(manager: EntityManager, registrationId: string): Promise<string> {
    const [token] = await this.addTokens(manager, [registrationId]);
    return token;
  }

  /** `addToken` for many distinct registrations, in one statement; the tokens in the same order. */
  async addTokens(manager: EntityManager, registrationIds: string[]): Promise<string[]> {
    const fresh = registrationIds.map(() => this.newToken());
    await this.repository.addTokenHashes(
      manager,
      registrationIds,
      fresh.map((f) => f.hash),
      MAX_LIVE_TOKENS,
    );
    return fresh.map((f) => f.token);
  }

  /** `queue` for many mails of distinct registrations: one token update and one insert for all. */
  async queueMany(
    manager: EntityManager,
    mails: {
      template: RegistrationMailTemplate;
      to: MailRecipient;
      extra?: PipelineMailExtra;
      attachments?: MailAttachment[];
    }[],
  ): Promise<void> {
    if (mails.length === 0) return;
    const tokens = await this.addTokens(
      manager,
      mails.map((m) => m.to.registrationId),
    );
    const rendered = await Promise.all(
      mails.map((m, k) => this.render(m.template, m.to, this.accessUrl(tokens[k]), m.extra)),
    );
    await this.notifications.queueMails(
      manager,
      mails.map((m, k) => ({
        organizationId: m.to.organizationId,
        to: m.to.email,
        subjectId: m.to.registrationId,
        ...rendered[k],
        attachments: [...rendered[k].attachments, ...(m.attachments ?? [])],
      })),
    );
  }

  /**
   * The mail job's renderer for mails the registration stored as facts: the recipient, event and
   * check-in code as they are now, the access link the registration minted.
   */
  async renderStored(mail: MailMessage): Promise<RenderedBody> {
    const facts = await this.repository.mailFacts(mail.subjectId as string);
    if (!facts) throw new Error(`registration ${mail.subjectId} of mail ${mail.id} is gone`);
    const rendered = await this.render(
      mail.template as RegistrationMailTemplate,
      { ...facts, email: mail.to },
      String(mail.renderContext?.accessUrl),
    );
    return { ...rendered, html: rendered.html };
  }

  /** One mail, rendered in the recipient's language, with the access link (and QR code with a seat). */
  async render(
    template: RegistrationMailTemplate,
    to: MailRecipient,
    accessUrl: string,
    extra?: PipelineMailExtra,
  ): Promise<MailVariant & { locale: string; attachments: MailAttachment[] }> {
    const withSeat =
      SEAT_TEMPLATES.includes(template) && to.checkInCode !== null ? to.checkInCode : undefined;
    const qr = withSeat ? await checkInQr(withSeat) : undefined;
    const locale = asMailLocale(to.locale);
    const rendered = renderRegistrationMail(template, {
      locale,
      name: to.name,
      eventTitle: to.event.title,
      eventCity: to.event.city,
      eventStarts: DateTime.fromJSDate(to.event.startsAt)
        .setZone(to.event.timezone)
        .setLocale(locale === 'zh' ? 'zh-CN' : 'en')
        .toFormat('yyyy-MM-dd HH:mm ZZZZ'),
      accessUrl,
      checkInCode: withSeat,
      qrCid: qr?.cid,
      extra,
    });
    return { template, locale, ...rendered, attachments: qr ? [qr] : [] };
  }
}
