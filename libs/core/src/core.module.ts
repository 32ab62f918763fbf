import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarsModule } from './calendars/calendars.module';
import { BusinessUnitsModule } from './business-units/business-units.module';
import { DemoModule } from './demo/demo.module';
import { EventSeatsModule } from './event-seats/event-seats.module';
import { RegistrationInterviewsModule } from './registration-interviews/registration-interviews.module';
import { EventsModule } from './events/events.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { ImportsModule } from './imports/imports.module';
import { PipelineModule } from './intake/pipeline.module';
import { InterviewsModule } from './interviews/interviews.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { OutboxModule } from './outbox/outbox.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { RetentionModule } from './retention/retention.module';
import { ReportsModule } from './reports/reports.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

const FEATURES = [
  AuditModule,
  OutboxModule,
  WebhooksModule,
  NotificationsModule,
  MaintenanceModule,
  UsersModule,
  OrganizationsModule,
  AuthModule,
  BusinessUnitsModule,
  DemoModule,
  IdempotencyModule,
  EventsModule,
  RegistrationsModule,
  EventSeatsModule,
  RegistrationInterviewsModule,
  PipelineModule,
  InterviewsModule,
  CalendarsModule,
  ImportsModule,
  RetentionModule,
  ReportsModule,
];

/** Every domain feature; imported by the API and by the worker. */
@Module({ imports: FEATURES, exports: FEATURES })
export class CoreModule {}
