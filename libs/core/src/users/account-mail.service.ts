import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@hirefair/config';
import { NotificationsService } from '../notifications/notifications.service';
import { User, UserLocale } from './user.entity';

export enum AccountMailTemplate {
  Invite = 'account.invite',
  PasswordReset = 'account.password-reset',
}

/** Where each link lands in the console; the token sits in the fragment so it never reaches a log. */
const LINK_PATH: Record<AccountMailTemplate, string> = {
  [AccountMailTemplate.Invite]: '/console/accept-invite',
  [AccountMailTemplate.PasswordReset]: '/console/reset-password',
};

interface Copy {
  subject: string;
  lines: string[];
  linkLabel: string;
}

interface CopyContext {
  name: string;
  inviter?: string;
  validFor: string;
}

const COPY: Record<AccountMailTemplate, Record<UserLocale, (c: CopyContext) => Copy>> = {
  [AccountMailTemplate.Invite]: {
    en: (c) => ({
      subject: 'You are invited to hirefair',
      lines: [
        `Hello ${c.name},`,
        `${c.inviter ?? 'Your team'} invited you to hirefair. Choose a password to activate your account.`,
        `The link works once, for ${c.validFor}.`,
      ],
      linkLabel: 'Set my password',
    }),
    zh: (c) => ({
      subject: '邀请您加入 hirefair',
      lines: [
        `${c.name}，您好：`,
        `${c.inviter ?? '您的团队'}邀请您加入 hirefair。请设置密码以激活账号。`,
        `该链接仅可使用一次，有效期 ${c.validFor}。`,
      ],
      linkLabel: '设置密码',
    }),
  },
  [AccountMailTemplate.PasswordReset]: {
    en: (c) => ({
      subject: 'Reset your hirefair password',
      lines: [
        `Hello ${c.name},`,
        'someone asked to reset the password of your hirefair account. If it was you, choose a new one:',
        `The link works once, for ${c.validFor}. If you did not ask, ignore this mail: your password stays as it is.`,
      ],
      linkLabel: 'Choose a new password',
    }),
    zh: (c) => ({
      subject: '重置您的 hirefair 密码',
      lines: [
        `${c.name}，您好：`,
        '有人申请重置您的 hirefair 账号密码。如果是您本人，请设置新密码：',
        `该链接仅可使用一次，有效期 ${c.validFor}。如果不是您本人操作，请忽略此邮件，您的密码不会改变。`,
      ],
      linkLabel: '设置新密码',
    }),
  },
};

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function validFor(hours: number, locale: UserLocale): string {
  if (hours % 24 === 0) return locale === 'zh' ? `${hours / 24} 天` : `${hours / 24} days`;
  return locale === 'zh' ? `${hours} 小时` : `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Renders the invitation and password-reset mails and queues them with the notifications service. */
@Injectable()
export class AccountMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  linkUrl(template: AccountMailTemplate, token: string): string {
    return `${this.config.publicBaseUrl}${LINK_PATH[template]}#token=${token}`;
  }

  async queue(
    manager: EntityManager,
    template: AccountMailTemplate,
    to: Pick<User, 'id' | 'organizationId' | 'email' | 'name' | 'locale'>,
    token: string,
    options: { validForHours: number; inviter?: string },
  ): Promise<void> {
    const locale: UserLocale = to.locale === 'zh' ? 'zh' : 'en';
    const copy = COPY[template][locale]({
      name: to.name,
      inviter: options.inviter,
      validFor: validFor(options.validForHours, locale),
    });
    const url = this.linkUrl(template, token);
    const [first, ...rest] = copy.lines;
    const html = [
      `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif">`,
      `<p>${escapeHtml(first)}</p>`,
      `<p>${escapeHtml(rest[0])}</p>`,
      `<p><a href="${escapeHtml(url)}">${escapeHtml(copy.linkLabel)}</a></p>`,
      ...rest.slice(1).map((line) => `<p>${escapeHtml(line)}</p>`),
      '</body></html>',
    ].join('\n');
    await this.notifications.queueMail(manager, {
      organizationId: to.organizationId,
      to: to.email,
      subject: copy.subject,
      text: [first, rest[0], url, ...rest.slice(1)].join('\n\n'),
      html,
      links: [{ label: copy.linkLabel, url }],
      template,
      locale,
      subjectId: to.id,
    });
  }
}
