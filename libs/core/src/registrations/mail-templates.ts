import { toBuffer } from 'qrcode';
import { MailAttachment, MailLink } from '../notifications/mail-message.entity';
import { MailLocale, RegistrationMailTemplate, asMailLocale } from '../notifications/mail-template-names';

export { MailLocale, RegistrationMailTemplate, asMailLocale };

/** Facts of a pipeline step that its mail mentions. */
export interface PipelineMailExtra {
  unitName?: string;
  rule?: string;
  score?: number;
  passScore?: number;
  /** Interview mails: its time in the event's timezone, where, with whom, and the reminder's lead. */
  interviewAt?: string;
  location?: string;
  interviewerName?: string;
  hoursBefore?: number;
}

/** Templates whose delivery the registration owes (the reconciler re-sends them if lost). */
export const REGISTRATION_TEMPLATES = Object.values(RegistrationMailTemplate);

export interface RegistrationMailContext {
  locale: MailLocale;
  name: string;
  eventTitle: string;
  eventCity: string;
  /** The event's start, already formatted in its time zone. */
  eventStarts: string;
  accessUrl: string;
  /** Only for a registered seat: the code to show at the door. */
  checkInCode?: string;
  /** Content-ID of the inline PNG of the check-in code, attached to the same mail. */
  qrCid?: string;
  /** Pipeline steps: the unit, the waiver rule, the written test score. */
  extra?: PipelineMailExtra;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  links: MailLink[];
}

export const CHECK_IN_QR_CID = 'check-in-qr@hirefair';

/**
 * A QR code of the check-in code as an inline PNG attachment, shown by `<img src="cid:...">`:
 * mail clients show those, where many block `data:` URIs.
 */
export async function checkInQr(code: string): Promise<MailAttachment> {
  const png = await toBuffer(code, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
  return {
    filename: 'check-in-code.png',
    contentType: 'image/png',
    content: png.toString('base64'),
    encoding: 'base64',
    cid: CHECK_IN_QR_CID,
  };
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

interface Copy {
  subject: string;
  lines: string[];
  linkLabel: string;
}

const COPY: Record<RegistrationMailTemplate, Record<MailLocale, (c: RegistrationMailContext) => Copy>> = {
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
  [RegistrationMailTemplate.FastTracked]: {
    en: (c) => ({
      subject: `Fast track: no written test for you at ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your profile qualifies for the fast track of ${c.eventTitle}: you skip the written test.`,
        `Your application went straight to the ${c.extra?.unitName} team, who will review it and decide.`,
        'Follow your application with your personal link:',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `快速通道：${c.eventTitle} 免笔试`,
      lines: [
        `${c.name}，您好：`,
        `您的背景符合 ${c.eventTitle} 的快速通道条件：您无需参加笔试。`,
        `您的申请已直接转交 ${c.extra?.unitName} 团队评估决定。`,
        '通过您的专属链接查看申请进度：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.TestRequired]: {
    en: (c) => ({
      subject: `Next step: the written test at ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your next step at ${c.eventTitle} is the written test. Once you pass it, your application goes to the team that hires your specialty.`,
        'Follow your application with your personal link:',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `下一步：${c.eventTitle} 笔试`,
      lines: [
        `${c.name}，您好：`,
        `您在 ${c.eventTitle} 的下一步是笔试。通过后，您的申请将转交招聘您专业方向的团队。`,
        '通过您的专属链接查看申请进度：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.TestFailed]: {
    en: (c) => ({
      subject: `Your written test result: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `you scored ${c.extra?.score} in the written test of ${c.eventTitle}; the pass mark was ${c.extra?.passScore}.`,
        'We cannot take your application further at this fair. Thank you for your interest.',
        'Your personal link (your data, its export and erasure):',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `笔试结果：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `您在 ${c.eventTitle} 笔试中的成绩为 ${c.extra?.score} 分，合格线为 ${c.extra?.passScore} 分。`,
        '很遗憾，本次招聘会无法继续推进您的申请。感谢您的关注。',
        '您的专属链接（查看、导出或删除您的数据）：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.Routed]: {
    en: (c) => ({
      subject: `Your application is with ${c.extra?.unitName}: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your application at ${c.eventTitle} is now with the ${c.extra?.unitName} team, who will review it and decide.`,
        'Follow your application with your personal link:',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `您的申请已转交 ${c.extra?.unitName}：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `您在 ${c.eventTitle} 的申请已转交 ${c.extra?.unitName} 团队评估决定。`,
        '通过您的专属链接查看申请进度：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.Advanced]: {
    en: (c) => ({
      subject: `Good news from ${c.extra?.unitName}: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `the ${c.extra?.unitName} team would like to interview you. We will book the interview and send you an invitation you can confirm or move.`,
        'Follow your application with your personal link:',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `好消息：${c.extra?.unitName} 邀请您面试（${c.eventTitle}）`,
      lines: [
        `${c.name}，您好：`,
        `${c.extra?.unitName} 团队希望与您面试。我们会为您安排面试并发送邀请，您可以确认或改期。`,
        '通过您的专属链接查看申请进度：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.Rejected]: {
    en: (c) => ({
      subject: `Your application at ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `thank you for applying at ${c.eventTitle}. After reviewing your profile, the ${c.extra?.unitName} team will not take your application further.`,
        'Your personal link (your data, its export and erasure):',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `关于您在 ${c.eventTitle} 的申请`,
      lines: [
        `${c.name}，您好：`,
        `感谢您申请 ${c.eventTitle}。经过评估，${c.extra?.unitName} 团队暂不推进您的申请。`,
        '您的专属链接（查看、导出或删除您的数据）：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.InterviewInvitation]: {
    en: (c) => ({
      subject: `Your interview: ${c.eventTitle}, ${c.extra?.interviewAt}`,
      lines: [
        `Hello ${c.name},`,
        `your interview with the ${c.extra?.unitName} team is booked for ${c.extra?.interviewAt} (${c.extra?.location}), with ${c.extra?.interviewerName}.`,
        'The attached invitation adds it to your calendar. Confirm it, decline it or ask for another time with your personal link:',
      ],
      linkLabel: 'My interview',
    }),
    zh: (c) => ({
      subject: `面试安排：${c.eventTitle}，${c.extra?.interviewAt}`,
      lines: [
        `${c.name}，您好：`,
        `您与 ${c.extra?.unitName} 团队的面试已安排在 ${c.extra?.interviewAt}（${c.extra?.location}），面试官：${c.extra?.interviewerName}。`,
        '附件中的日历邀请可加入您的日历。请通过您的专属链接确认、拒绝或申请改期：',
      ],
      linkLabel: '我的面试',
    }),
  },
  [RegistrationMailTemplate.InterviewUpdated]: {
    en: (c) => ({
      subject: `Your interview moved: ${c.eventTitle}, ${c.extra?.interviewAt}`,
      lines: [
        `Hello ${c.name},`,
        `your interview with the ${c.extra?.unitName} team is now at ${c.extra?.interviewAt} (${c.extra?.location}), with ${c.extra?.interviewerName}. The previous time is released.`,
        'The attached invitation updates your calendar. Your personal link:',
      ],
      linkLabel: 'My interview',
    }),
    zh: (c) => ({
      subject: `面试时间已更改：${c.eventTitle}，${c.extra?.interviewAt}`,
      lines: [
        `${c.name}，您好：`,
        `您与 ${c.extra?.unitName} 团队的面试已改至 ${c.extra?.interviewAt}（${c.extra?.location}），面试官：${c.extra?.interviewerName}。原时间已取消。`,
        '附件中的日历邀请将更新您的日历。您的专属链接：',
      ],
      linkLabel: '我的面试',
    }),
  },
  [RegistrationMailTemplate.InterviewCancelled]: {
    en: (c) => ({
      subject: `Interview cancelled: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your interview of ${c.extra?.interviewAt} is cancelled; the attached file removes it from your calendar.`,
        'Your personal link:',
      ],
      linkLabel: 'My application',
    }),
    zh: (c) => ({
      subject: `面试已取消：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `您 ${c.extra?.interviewAt} 的面试已取消，附件将从您的日历中移除该面试。`,
        '您的专属链接：',
      ],
      linkLabel: '我的申请',
    }),
  },
  [RegistrationMailTemplate.InterviewReminder]: {
    en: (c) => ({
      subject: `Reminder: your interview in ${c.extra?.hoursBefore} h (${c.eventTitle})`,
      lines: [
        `Hello ${c.name},`,
        `a reminder: your interview with the ${c.extra?.unitName} team is at ${c.extra?.interviewAt} (${c.extra?.location}).`,
        'Your personal link:',
      ],
      linkLabel: 'My interview',
    }),
    zh: (c) => ({
      subject: `提醒：${c.extra?.hoursBefore} 小时后面试（${c.eventTitle}）`,
      lines: [
        `${c.name}，您好：`,
        `提醒您：您与 ${c.extra?.unitName} 团队的面试在 ${c.extra?.interviewAt}（${c.extra?.location}）。`,
        '您的专属链接：',
      ],
      linkLabel: '我的面试',
    }),
  },
  [RegistrationMailTemplate.InterviewConflict]: {
    en: (c) => ({
      subject: `Please choose a new time for your interview: ${c.eventTitle}`,
      lines: [
        `Hello ${c.name},`,
        `your interview with the ${c.extra?.unitName} team at ${c.extra?.interviewAt} no longer fits the availability given. It stays booked until you choose another time.`,
        'Please choose a new time among the free ones listed with your personal link:',
      ],
      linkLabel: 'Choose a new time',
    }),
    zh: (c) => ({
      subject: `请为您的面试选择新的时间：${c.eventTitle}`,
      lines: [
        `${c.name}，您好：`,
        `您与 ${c.extra?.unitName} 团队在 ${c.extra?.interviewAt} 的面试已不在所填的可面试时间内。在您选择新时间之前，原时间仍为您保留。`,
        '请通过您的专属链接在可选时间中选择新的时间：',
      ],
      linkLabel: '选择新时间',
    }),
  },
};

export function renderRegistrationMail(
  template: RegistrationMailTemplate,
  context: RegistrationMailContext,
): RenderedMail {
  const copy = COPY[template][context.locale](context);
  const text = [...copy.lines, context.accessUrl].join('\n\n');
  const qr = context.qrCid
    ? `<p><img src="cid:${context.qrCid}" alt="${escapeHtml(context.checkInCode ?? '')}" width="148" height="148"></p>`
    : '';
  const html = [
    `<!doctype html><html lang="${context.locale}"><body style="font-family:sans-serif">`,
    ...copy.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(context.accessUrl)}">${escapeHtml(copy.linkLabel)}</a></p>`,
    qr,
    '</body></html>',
  ].join('\n');
  return { subject: copy.subject, text, html, links: [{ label: copy.linkLabel, url: context.accessUrl }] };
}

/** Who a registration mail goes to, and the event it is about. */
export interface MailRecipient {
  registrationId: string;
  organizationId: string;
  email: string;
  name: string;
  locale: string;
  checkInCode: string | null;
  event: { title: string; city: string; timezone: string; startsAt: Date };
}
