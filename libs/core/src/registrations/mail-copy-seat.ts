import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { LocalizedCopy } from './mail-context';

export type SeatMailTemplate =
  | RegistrationMailTemplate.Registered
  | RegistrationMailTemplate.Waitlisted
  | RegistrationMailTemplate.AccessLink
  | RegistrationMailTemplate.Promoted;

/** The seat mails: the registration's outcome and its personal link (with the check-in code when seated). */
export const SEAT_COPY: Record<SeatMailTemplate, LocalizedCopy> = {
  [RegistrationMailTemplate.Registered]: {
    en: (c) => ({
      subject: `You are registered: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your seat at ${c.eventTitle} (${c.eventCity}, ${c.eventStarts}) is confirmed.`,
        `Your check-in code is ${c.checkInCode}; show it or the QR code below at the entrance.`,
        'Follow your application, download or erase your data with your personal link:',
      ],
      linkLabel: 'My registration',
    }),
    zh: (c) => ({
      subject: `报名成功：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `您已成功报名 ${c.eventTitle}（${c.eventCity}，${c.eventStarts}）。`,
        `您的签到码是 ${c.checkInCode}，入场时请出示签到码或下方二维码。`,
        '通过您的专属链接查看申请进度、导出或删除您的数据：',
      ],
      linkLabel: '我的报名',
    }),
  },
  [RegistrationMailTemplate.Waitlisted]: {
    en: (c) => ({
      subject: `You are on the waitlist: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `${c.eventTitle} (${c.eventCity}, ${c.eventStarts}) is full, so you are on its waitlist.`,
        'Seats freed by withdrawals go to the waitlist in order of registration; we will write to you if you get one.',
        'Follow your place with your personal link:',
      ],
      linkLabel: 'My registration',
    }),
    zh: (c) => ({
      subject: `已进入候补名单：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `${c.eventTitle}（${c.eventCity}，${c.eventStarts}）名额已满，您已进入候补名单。`,
        '有人退出时，空出的名额将按报名顺序分配给候补者；轮到您时我们会通知您。',
        '通过您的专属链接查看候补进度：',
      ],
      linkLabel: '我的报名',
    }),
  },
  [RegistrationMailTemplate.AccessLink]: {
    en: (c) => ({
      subject: `Your registration link: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `someone (hopefully you) tried to register this address again for ${c.eventTitle}. You are already registered.`,
        ...(c.checkInCode ? [`Your check-in code is ${c.checkInCode}.`] : []),
        'Here is a fresh personal link to your registration:',
      ],
      linkLabel: 'My registration',
    }),
    zh: (c) => ({
      subject: `您的报名链接：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `有人（希望是您本人）尝试用此邮箱再次报名 ${c.eventTitle}。您已经报名过了。`,
        ...(c.checkInCode ? [`您的签到码是 ${c.checkInCode}。`] : []),
        '这是您报名的新专属链接：',
      ],
      linkLabel: '我的报名',
    }),
  },
  [RegistrationMailTemplate.Promoted]: {
    en: (c) => ({
      subject: `A seat is yours: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `a seat at ${c.eventTitle} (${c.eventCity}, ${c.eventStarts}) became free and it is yours: you are now registered.`,
        `Your check-in code is ${c.checkInCode}; show it or the QR code below at the entrance.`,
        'Your personal link:',
      ],
      linkLabel: 'My registration',
    }),
    zh: (c) => ({
      subject: `候补成功：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `${c.eventTitle}（${c.eventCity}，${c.eventStarts}）有名额空出，已分配给您：您已报名成功。`,
        `您的签到码是 ${c.checkInCode}，入场时请出示签到码或下方二维码。`,
        '您的专属链接：',
      ],
      linkLabel: '我的报名',
    }),
  },
};
