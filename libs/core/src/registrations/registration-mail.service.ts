import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { hashSecret, newSecret } from '../common/tokens';
import { NotificationsService } from '../notifications/notifications.service';
import { RegistrationMailTemplate, asMailLocale, checkInQr, renderRegistrationMail } from './mail-templates';

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
    options: { token?: string; qrDataUrl?: string } = {},
  ): Promise<void> {
    let token = options.token;
    if (!token) {
      const fresh = this.newToken();
      token = fresh.token;
      await manager.query(
        `UPDATE registrations SET token_hashes = (ARRAY[$2::text] || token_hashes)[1:${MAX_LIVE_TOKENS}]
          WHERE id = $1`,
        [to.registrationId, fresh.hash],
      );
    }
    const withSeat =
      template !== RegistrationMailTemplate.Waitlisted && to.checkInCode !== null
        ? to.checkInCode
        : undefined;
    const qrDataUrl = withSeat ? (options.qrDataUrl ?? (await checkInQr(withSeat))) : undefined;
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
    });
    await this.notifications.queueMail(manager, {
      organizationId: to.organizationId,
      to: to.email,
      template,
      locale,
      subjectId: to.registrationId,
      ...rendered,
    });
  }
}
