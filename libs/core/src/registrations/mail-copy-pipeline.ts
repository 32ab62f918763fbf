import { RegistrationMailTemplate } from '../notifications/mail-template-names';
import { LocalizedCopy } from './mail-context';

export type PipelineMailTemplate =
  | RegistrationMailTemplate.FastTracked
  | RegistrationMailTemplate.TestRequired
  | RegistrationMailTemplate.TestFailed
  | RegistrationMailTemplate.Routed
  | RegistrationMailTemplate.Advanced
  | RegistrationMailTemplate.Rejected;

/** The pipeline mails: lane, written test, routing and the unit's decision. */
export const PIPELINE_COPY: Record<PipelineMailTemplate, LocalizedCopy> = {
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
};
