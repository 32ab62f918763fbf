import { toBuffer } from 'qrcode';
import { AppConfig } from '@hirefair/config';
import { decodePng } from '@hirefair/testing/png';
import { MailMessage } from '../notifications/mail-message.entity';
import {
  CHECK_IN_QR_CID,
  MailLocale,
  RegistrationMailContext,
  RegistrationMailTemplate,
  checkInQr,
  renderRegistrationMail,
} from './mail-templates';
import { RegistrationMailService } from './registration-mail.service';
import { RegistrationsRepository } from './registrations.repository';

const TEMPLATES = Object.values(RegistrationMailTemplate);
const SEAT_TEMPLATES = [
  RegistrationMailTemplate.Registered,
  RegistrationMailTemplate.Promoted,
  RegistrationMailTemplate.AccessLink,
];
const ACCESS_URL = 'https://fair.example.com/candidate#token=abc&def';
const HOSTILE = '<script>alert("x")</script>';

const context = (
  locale: MailLocale,
  overrides: Partial<RegistrationMailContext> = {},
): RegistrationMailContext => ({
  locale,
  name: HOSTILE,
  eventTitle: 'AI Fair',
  eventCity: 'Beijing',
  eventStarts: '2026-06-01 09:00 GMT+8',
  accessUrl: ACCESS_URL,
  // Seat mails always have one (the service passes it to those only).
  checkInCode: 'ABCDE12345',
  extra: {
    unitName: 'NLP Lab',
    score: 41.5,
    passScore: 60,
    interviewAt: '2026-06-01 10:30 GMT+8',
    location: 'Room 7',
    interviewerName: 'Li Lei',
    hoursBefore: 24,
  },
  ...overrides,
});

describe('registration mail templates', () => {
  describe.each(TEMPLATES)('%s', (template) => {
    it.each(['en', 'zh'] as const)('renders in %s with the access link and the name escaped', (locale) => {
      const mail = renderRegistrationMail(template, context(locale));
      expect(mail.subject).toContain('AI Fair');
      expect(mail.subject).not.toContain('undefined');
      expect(mail.text).not.toContain('undefined');
      // The personal link: the last paragraph of the text, the link of the HTML, the mail's one link.
      expect(mail.text.endsWith(`\n\n${ACCESS_URL}`)).toBe(true);
      expect(mail.html).toContain('<a href="https://fair.example.com/candidate#token=abc&amp;def">');
      expect(mail.links).toEqual([{ label: expect.any(String), url: ACCESS_URL }]);
      expect(mail.links[0].label).not.toBe('');
      expect(mail.html).toContain(`<html lang="${locale}">`);
      // The name is the candidate's own input: escaped in the HTML, never markup.
      expect(mail.text).toContain(HOSTILE);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      // Without a QR code the HTML references none.
      expect(mail.html).not.toContain('cid:');
    });

    it('says something else in Chinese than in English', () => {
      const en = renderRegistrationMail(template, context('en'));
      const zh = renderRegistrationMail(template, context('zh'));
      expect(zh.subject).not.toBe(en.subject);
      expect(zh.text).toMatch(/[\u4e00-\u9fff]/);
      expect(en.text).not.toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe.each(SEAT_TEMPLATES)('%s with a seat', (template) => {
    it.each(['en', 'zh'] as const)('in %s shows the check-in code and its QR code by cid:', (locale) => {
      const mail = renderRegistrationMail(template, context(locale, { qrCid: CHECK_IN_QR_CID }));
      expect(mail.text).toContain('ABCDE12345');
      expect(mail.html).toContain(
        `<img src="cid:${CHECK_IN_QR_CID}" alt="ABCDE12345" width="148" height="148">`,
      );
      expect(mail.html).not.toContain('data:image');
    });
  });

  it('mentions the facts of the step: the unit, the score and pass mark, the interview', () => {
    const text = (template: RegistrationMailTemplate, locale: MailLocale = 'en') =>
      renderRegistrationMail(template, context(locale)).text;
    expect(text(RegistrationMailTemplate.Routed)).toContain('NLP Lab');
    expect(text(RegistrationMailTemplate.TestFailed)).toContain('41.5');
    expect(text(RegistrationMailTemplate.TestFailed, 'zh')).toContain('60 分');
    expect(text(RegistrationMailTemplate.InterviewInvitation)).toContain(
      '2026-06-01 10:30 GMT+8 (Room 7), with Li Lei',
    );
    expect(
      renderRegistrationMail(RegistrationMailTemplate.InterviewReminder, context('en')).subject,
    ).toContain('in 24 h');
  });

  it('makes the QR code an inline PNG attachment named by its Content-ID', () => {
    const qr = checkInQr('ABCDE12345');
    expect(qr).toMatchObject({
      filename: 'check-in-code.png',
      contentType: 'image/png',
      encoding: 'base64',
      cid: CHECK_IN_QR_CID,
    });
    expect(Buffer.from(qr.content, 'base64').subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it.each(['ABCDE12345', 'ZZ99HJKLMN', 'https://fair.example.com/door#code=ABCDE12345'])(
    'draws %s as the pixels qrcode’s own PNG renderer drew for the mail',
    async (code) => {
      const reference = decodePng(await toBuffer(code, { errorCorrectionLevel: 'M', margin: 1, scale: 4 }));
      const png = decodePng(Buffer.from(checkInQr(code).content, 'base64'));
      expect([png.width, png.height]).toEqual([reference.width, reference.height]);
      expect(png.data.equals(reference.data)).toBe(true);
    },
  );
});

describe('the mail job’s renderer of stored candidate mails', () => {
  const facts = {
    registrationId: 'r1',
    organizationId: 'o1',
    name: HOSTILE,
    locale: 'zh-CN',
    checkInCode: 'ABCDE12345',
    event: {
      title: 'AI Fair',
      city: 'Beijing',
      timezone: 'Asia/Shanghai',
      startsAt: new Date('2026-06-01T01:00:00Z'),
    },
  };
  const repository = { mailFacts: async () => facts } as unknown as RegistrationsRepository;
  const service = new RegistrationMailService(
    { publicBaseUrl: 'https://fair.example.com' } as AppConfig,
    repository,
  );
  const ics = {
    filename: 'invite.ics',
    contentType: 'text/calendar; method=REQUEST',
    content: 'BEGIN:VCALENDAR',
  };
  const stored = (template: RegistrationMailTemplate, extra?: object): MailMessage =>
    Object.assign(new MailMessage(), {
      id: 'm1',
      to: 'wang@example.com',
      template,
      subjectId: 'r1',
      attachments: [ics],
      renderContext: { accessUrl: ACCESS_URL, extra },
    });

  it('renders a seat mail with the QR code first, then the stored attachments', async () => {
    const body = await service.renderStored(stored(RegistrationMailTemplate.Promoted));
    expect(body.text).toContain('ABCDE12345');
    expect(body.text).toContain('2026-06-01 09:00');
    expect(body.html).toContain(`src="cid:${CHECK_IN_QR_CID}"`);
    expect(body.attachments.map((a) => a.cid ?? a.filename)).toEqual([CHECK_IN_QR_CID, 'invite.ics']);
    expect(body.links).toEqual([{ label: '我的报名', url: ACCESS_URL }]);
  });

  it('renders a pipeline mail with the step’s facts and no QR code', async () => {
    const body = await service.renderStored(stored(RegistrationMailTemplate.Routed, { unitName: 'NLP Lab' }));
    expect(body.subject).toBe('您的申请已转交 NLP Lab：AI Fair');
    expect(body.html).not.toContain('cid:');
    expect(body.html).not.toContain('<script>');
    expect(body.attachments).toEqual([ics]);
  });
});
