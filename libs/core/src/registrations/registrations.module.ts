import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { Candidate } from './candidate.entity';
import { RegistrationMailService } from './registration-mail.service';
import { RegistrationTimelineEntry } from './registration-timeline.entity';
import { RegistrationTimelineService } from './registration-timeline.service';
import { Registration } from './registration.entity';
import { RegistrationsStaffService } from './registrations-staff.service';
import { RegistrationsService } from './registrations.service';
import { SeatsService } from './seats.service';

const SERVICES = [
  RegistrationsService,
  RegistrationsStaffService,
  RegistrationMailService,
  RegistrationTimelineService,
  SeatsService,
];

@Module({
  imports: [TypeOrmModule.forFeature([Candidate, Registration, RegistrationTimelineEntry])],
  providers: SERVICES,
  exports: SERVICES,
})
export class RegistrationsModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly registrations: RegistrationsService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('registration-mail', () => this.registrations.reconcileMails());
  }
}
