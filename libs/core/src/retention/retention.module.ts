import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { RegistrationsModule } from '../registrations/registrations.module';
import { RetentionPolicy } from './retention-policy.entity';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Per-organization retention of candidates' personal data, enforced by the reconciler every minute. */
@Module({
  imports: [TypeOrmModule.forFeature([RetentionPolicy]), RegistrationsModule],
  providers: [RetentionService, RetentionRepository],
  exports: [RetentionService],
})
export class RetentionModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('retention', () => this.retention.eraseDue());
  }
}
