export interface SendMailPayload {
  /** The mail_messages row to deliver; the row holds recipients, subject and bodies. */
  mailId: string;
}

export interface EvaluateRegistrationPayload {
  registrationId: string;
}

export interface SlaCheckPayload {
  registrationId: string;
  /** The routing whose deadline this is (ISO); a later routing has its own job. */
  routedAt: string;
}

/** One intake job per registration; `suffix` marks a later pass (promotion, reconciliation). */
export const intakeJobId = (registrationId: string, suffix = ''): string =>
  `intake-${registrationId}${suffix ? `-${suffix}` : ''}`;
