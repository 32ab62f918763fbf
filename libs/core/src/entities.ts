import { AuditEntry } from './audit/audit-entry.entity';
import { RefreshToken } from './users/refresh-token.entity';
import { MailMessage } from './notifications/mail-message.entity';
import { MailSuppression } from './notifications/mail-suppression.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { BusinessUnit } from './business-units/business-unit.entity';
import { Organization } from './organizations/organization.entity';
import { AccountToken } from './users/account-token.entity';
import { PasswordResetRequest } from './auth/password-reset-request.entity';
import { User } from './users/user.entity';
import { HiringEvent } from './events/event.entity';
import { InterviewFeedback } from './interviews/interview-feedback.entity';
import { Interview } from './interviews/interview.entity';
import { SchedulingRun } from './interviews/scheduling-run.entity';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { RegistrationImport, RegistrationImportIssue } from './imports/registration-import.entity';
import { RetentionPolicy } from './retention/retention-policy.entity';
import { MarketBenchmark } from './reports/market-benchmark.entity';
import { Candidate } from './registrations/candidate.entity';
import { RegistrationTimelineEntry } from './registrations/registration-timeline.entity';
import { Registration } from './registrations/registration.entity';
import { ReviewDecision } from './reviews/review-decision.entity';
import { RoutingConfig } from './routing/routing-config.entity';
import { WaiverPolicyVersion } from './waivers/waiver-policy.entity';
import { WebhookDeliveryAttempt } from './webhooks/webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookSettings } from './webhooks/webhook-settings.entity';
import { WebhookSubscription } from './webhooks/webhook-subscription.entity';

/** Every entity, for the one data source (app and migration CLI). */
export const ENTITIES = [
  Organization,
  User,
  RefreshToken,
  BusinessUnit,
  AuditEntry,
  OutboxMessage,
  MailMessage,
  MailSuppression,
  HiringEvent,
  Candidate,
  Registration,
  RegistrationTimelineEntry,
  IdempotencyKey,
  WaiverPolicyVersion,
  RoutingConfig,
  ReviewDecision,
  Interview,
  InterviewFeedback,
  SchedulingRun,
  MarketBenchmark,
  WebhookSubscription,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookSettings,
  RegistrationImport,
  RegistrationImportIssue,
  RetentionPolicy,
  AccountToken,
  PasswordResetRequest,
];
