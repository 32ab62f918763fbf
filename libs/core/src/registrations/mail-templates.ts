import {
  MailLocale,
  PipelineMailExtra,
  RegistrationMailTemplate,
  asMailLocale,
} from '../notifications/mail-template-names';
import { LocalizedCopy, RegistrationMailContext, RenderedMail } from './mail-context';
import { INTERVIEW_COPY } from './mail-copy-interview';
import { PIPELINE_COPY } from './mail-copy-pipeline';
import { SEAT_COPY } from './mail-copy-seat';
import { layoutMail } from './mail-layout';

/**
 * The candidate mails of a registration, in English and Chinese: the copy of each (one file per
 * kind: seat, pipeline, interview), the layout around it (mail-layout) and the check-in QR code
 * (check-in-qr). Pure: the mail job renders them from the facts a mail row stores.
 */
export { MailLocale, PipelineMailExtra, RegistrationMailTemplate, asMailLocale };
export { CHECK_IN_QR_CID, checkInQr } from './check-in-qr';
export type { MailCopy, MailRecipient, RegistrationMailContext, RenderedMail } from './mail-context';

/** Templates whose delivery the registration owes (the reconciler re-sends them if lost). */
export const REGISTRATION_TEMPLATES = Object.values(RegistrationMailTemplate);

/** Every template's copy; the type makes a template without copy a compile error. */
const COPY: Record<RegistrationMailTemplate, LocalizedCopy> = {
  ...SEAT_COPY,
  ...PIPELINE_COPY,
  ...INTERVIEW_COPY,
};

export function renderRegistrationMail(
  template: RegistrationMailTemplate,
  context: RegistrationMailContext,
): RenderedMail {
  return layoutMail(COPY[template][context.locale](context), context);
}
