import { Global, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKey } from './idempotency-key.entity';
import { ReconcilerService } from '../maintenance/reconciler.service';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKey])],
  providers: [IdempotencyService, IdempotencyRepository],
  exports: [IdempotencyService],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(
    private readonly reconciler: ReconcilerService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Stored responses expire after a day; the periodic maintenance pass drops them. */
  onModuleInit(): void {
    this.reconciler.register('expired-idempotency-keys', () => this.idempotency.purgeExpired());
  }
}
