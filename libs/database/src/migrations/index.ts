import { Foundation1764100000000 } from './1764100000000-foundation';
import { EventsRegistrations1764200000000 } from './1764200000000-events-registrations';
import { FastTrack1764300000000 } from './1764300000000-fast-track';
import { Interviews1764400000000 } from './1764400000000-interviews';
import { Reports1764500000000 } from './1764500000000-reports';
import { Webhooks1764600000000 } from './1764600000000-webhooks';
import { ImportsRetention1764700000000 } from './1764700000000-imports-retention';
import { StaffAccounts1764820000000 } from './1764820000000-staff-accounts';
import { MailClaim1764830000000 } from './1764830000000-mail-claim';
import { OutboxClaim1764830000001 } from './1764830000001-outbox-claim';
import { BookingPool1764840000000 } from './1764840000000-booking-pool';
import { InterviewerCalendars1764890000000 } from './1764890000000-interviewer-calendars';
import { IntakeOwedByEvent1796500200000 } from './1796500200000-intake-owed-by-event';
import { InterviewConflictMail1796500500000 } from './1796500500000-interview-conflict-mail';
import { PasswordResetRequests1796500700000 } from './1796500700000-password-reset-requests';
import { IntakeOwedInIntakeOnly1796600100000 } from './1796600100000-intake-owed-in-intake-only';
import { IdempotencyLease1796500700001 } from './1796500700001-idempotency-lease';
import { MailBatchJob1796700000000 } from './1796700000000-mail-batch-job';
import { MailStep1796810000000 } from './1796810000000-mail-step';
import { StageSummaryPerStatement1796830000000 } from './1796830000000-stage-summary-per-statement';

/** Every migration, in order; the data source runs exactly these. */
export const MIGRATIONS = [
  Foundation1764100000000,
  EventsRegistrations1764200000000,
  FastTrack1764300000000,
  Interviews1764400000000,
  Reports1764500000000,
  Webhooks1764600000000,
  ImportsRetention1764700000000,
  StaffAccounts1764820000000,
  MailClaim1764830000000,
  OutboxClaim1764830000001,
  BookingPool1764840000000,
  InterviewerCalendars1764890000000,
  IntakeOwedByEvent1796500200000,
  InterviewConflictMail1796500500000,
  PasswordResetRequests1796500700000,
  IdempotencyLease1796500700001,
  IntakeOwedInIntakeOnly1796600100000,
  MailBatchJob1796700000000,
  MailStep1796810000000,
  StageSummaryPerStatement1796830000000,
];
