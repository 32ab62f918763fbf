import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { RegistrationImport, RegistrationImportIssue } from './registration-import.entity';

/** Bulk import of registrations from CSV files. */
@Module({
  imports: [
    TypeOrmModule.forFeature([RegistrationImport, RegistrationImportIssue]),
    EventsModule,
    RegistrationsModule,
  ],
  providers: [ImportsService, ImportsRepository],
  exports: [ImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly imports: ImportsService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('imports', () => this.imports.reconcile());
  }
}
