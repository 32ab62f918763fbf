export interface SendMailPayload {
  /** The mail_messages row to deliver; the row holds recipients, subject and bodies. */
  mailId: string;
}
