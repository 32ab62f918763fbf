import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { LocalizedCopy } from './mail-context';

export type InterviewMailTemplate =
  | RegistrationMailTemplate.InterviewInvitation
  | RegistrationMailTemplate.InterviewUpdated
  | RegistrationMailTemplate.InterviewCancelled
  | RegistrationMailTemplate.InterviewReminder
  | RegistrationMailTemplate.InterviewConflict;

/** The candidate's interview mails (the .ics travels as an attachment the caller gives). */
export const INTERVIEW_COPY: Record<InterviewMailTemplate, LocalizedCopy> = {
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
