import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { EventsModule } from '../events/events.module';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { Candidate } from './candidate.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { REGISTRATION_TEMPLATES } from './mail-templates';
import { RegistrationBatchService } from './registration-batch.service';
import { RegistrationMailService } from './registration-mail.service';
import { RegistrationTimelineEntry } from './registration-timeline.entity';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Registration } from './registration.entity';
import { RegistrationsStaffRepository } from './registrations-staff.repository';
import { RegistrationsStaffService } from './registrations-staff.service';
import { RegistrationsRepository } from './registrations.repository';
import { RegistrationsService } from './registrations.service';
import { SeatsRepository } from './seats.repository';
import { SeatsService } from './seats.service';

const SERVICES = [
  RegistrationsService,
  RegistrationBatchService,
  RegistrationsRepository,
  RegistrationsStaffRepository,
  RegistrationsStaffService,
  RegistrationMailService,
  RegistrationTimelineService,
  SeatsRepository,
  SeatsService,
];

@Module({
  imports: [
    TypeOrmModule.forFeature([Candidate, Registration, RegistrationTimelineEntry]),
    BusinessUnitsModule,
    EventsModule,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class RegistrationsModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly registrations: RegistrationsService,
    private readonly notifications: NotificationsService,
    private readonly mail: RegistrationMailService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('registration-mail', () => this.registrations.reconcileMails());
    // Every candidate mail is stored as facts by the transaction that owes it; the mail job renders
    // it (body, QR code), so no transaction waits on rendering.
    this.notifications.registerRenderer(REGISTRATION_TEMPLATES, (mail, batch) =>
      this.mail.renderStored(mail, batch),
    );
  }
}
