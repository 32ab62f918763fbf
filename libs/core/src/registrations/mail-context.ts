import { MailLink } from '../notifications/mail-message.entity';
import { MailLocale, PipelineMailExtra } from '../notifications/mail-template-names';

/** What a registration mail's copy may mention. */
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

/** The words of one mail in one language: its subject, its paragraphs and its link's label. */
export interface MailCopy {
  subject: string;
  lines: string[];
  linkLabel: string;
}

/** One template's copy in each language. */
export type LocalizedCopy = Record<MailLocale, (c: RegistrationMailContext) => MailCopy>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  links: MailLink[];
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
