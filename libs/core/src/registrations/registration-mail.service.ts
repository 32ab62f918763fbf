import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { hashSecret, newSecret } from '../common/tokens';
import { MailAttachment } from '../notifications/mail-message.entity';
import { NotificationsService } from '../notifications/notifications.service';
import {
  PipelineMailExtra,
  RegistrationMailTemplate,
  asMailLocale,
  checkInQr,
  renderRegistrationMail,
} from './mail-templates';
import { MailVariant } from './registration-sql';

/** Mails that carry the check-in code and its QR code. */
const SEAT_TEMPLATES = [
  RegistrationMailTemplate.Registered,
  RegistrationMailTemplate.Promoted,
  RegistrationMailTemplate.AccessLink,
];

/** Token hashes kept per registration: each mailed link adds one; older links stop working. */
export const MAX_LIVE_TOKENS = 5;

export interface MailRecipient {
  registrationId: string;
  organizationId: string;
  email: string;
  name: string;
  locale: string;
  checkInCode: string | null;
  event: { title: string; city: string; timezone: string; startsAt: Date };
}

/** Renders and queues the candidate mails of a registration, each carrying the access link. */
@Injectable()
export class RegistrationMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
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
      qrDataUrl?: string;
      extra?: PipelineMailExtra;
      attachments?: MailAttachment[];
    } = {},
  ): Promise<void> {
    const token = options.token ?? (await this.addToken(manager, to.registrationId));
    await this.notifications.queueMail(manager, {
      organizationId: to.organizationId,
      to: to.email,
      subjectId: to.registrationId,
      attachments: options.attachments,
      ...(await this.render(template, to, token, options.qrDataUrl, options.extra)),
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
    await manager.query(
      `UPDATE registrations r SET token_hashes = (ARRAY[t.hash] || r.token_hashes)[1:${MAX_LIVE_TOKENS}]
         FROM unnest($1::uuid[], $2::text[]) AS t(id, hash) WHERE r.id = t.id`,
      [registrationIds, fresh.map((f) => f.hash)],
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
      mails.map((m, k) => this.render(m.template, m.to, tokens[k], undefined, m.extra)),
    );
    await this.notifications.queueMails(
      manager,
      mails.map((m, k) => ({
        organizationId: m.to.organizationId,
        to: m.to.email,
        subjectId: m.to.registrationId,
        attachments: m.attachments,
        ...rendered[k],
      })),
    );
  }

  /** One mail, rendered in the recipient's language, with the access link (and QR code with a seat). */
  async render(
    template: RegistrationMailTemplate,
    to: MailRecipient,
    token: string,
    qr?: string,
    extra?: PipelineMailExtra,
  ): Promise<MailVariant & { locale: string }> {
    const withSeat =
      SEAT_TEMPLATES.includes(template) && to.checkInCode !== null ? to.checkInCode : undefined;
    const qrDataUrl = withSeat ? (qr ?? (await checkInQr(withSeat))) : undefined;
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
      accessUrl: this.accessUrl(token),
      checkInCode: withSeat,
      qrDataUrl,
      extra,
    });
    return { template, locale, ...rendered };
  }
}
